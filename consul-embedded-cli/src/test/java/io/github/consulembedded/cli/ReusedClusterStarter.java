package io.github.consulembedded.cli;

import io.github.consulembedded.ConsulCluster;

/**
 * Test helper run in a JVM of its own (work dir set by the caller): starts a reused one-server
 * cluster as a test run would, lets go of it, prints {@code KEEPER <pid>} and exits, leaving the
 * cluster to its keeper.
 */
public final class ReusedClusterStarter {
    private ReusedClusterStarter() {
    }

    public static void main(String[] args) {
        System.setProperty("consul.embedded.reuse", "force");
        try (ConsulCluster cluster = ConsulCluster.builder().servers(1).reuse(true).start()) {
            System.out.println("REUSED " + cluster.isReused() + " " + cluster.server(0).pid());
        }
        System.out.println("KEEPER " + io.github.consulembedded.ReusedClusters.list().get(0).keeperPid());
        System.exit(0);
    }
}
