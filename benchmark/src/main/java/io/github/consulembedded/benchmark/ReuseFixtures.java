package io.github.consulembedded.benchmark;

import io.github.consulembedded.ConsulAgent;
import io.github.consulembedded.ConsulCluster;
import io.github.consulembedded.ConsulHttp;
import io.github.consulembedded.junit.EmbeddedConsulCluster;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The test classes the reuse scenario runs in child JVMs ({@link ReuseRunChild}), one per topology.
 * They do not ask for reuse themselves: the child's {@code consul.embedded.reuse} switches it on or
 * off for the same class, as a developer would for every class.
 */
public final class ReuseFixtures {
    private ReuseFixtures() {
    }

    /** 3 servers and 3 clients. */
    @EmbeddedConsulCluster(servers = 3, clients = 3)
    public static class ThreePlusThree {
        @Test
        void firstTest(ConsulCluster cluster, ConsulHttp http) {
            check(cluster, http, 6);
        }
    }

    /** 3 servers and 1 client. */
    @EmbeddedConsulCluster(servers = 3, clients = 1)
    public static class ThreePlusOne {
        @Test
        void firstTest(ConsulCluster cluster, ConsulHttp http) {
            check(cluster, http, 4);
        }
    }

    /** The fixture class for a topology. */
    static Class<?> forTopology(int servers, int clients) {
        if (servers == 3 && clients == 3) {
            return ThreePlusThree.class;
        }
        if (servers == 3 && clients == 1) {
            return ThreePlusOne.class;
        }
        throw new IllegalArgumentException("no reuse fixture for " + servers + "+" + clients);
    }

    /**
     * Fails unless the cluster has its agents and starts empty (a reused one was reset), then leaves a
     * key behind for the next run's reset to remove; prints whether it is reused and its server pids,
     * by which the parent tells an attach from a new cluster.
     */
    private static void check(ConsulCluster cluster, ConsulHttp http, int agents) {
        if (cluster.agents().size() != agents) {
            throw new AssertionError("expected " + agents + " agents, got " + cluster.agents());
        }
        if (!http.kvKeys("").isEmpty()) {
            throw new AssertionError("the cluster was not empty at the first test: " + http.kvKeys(""));
        }
        http.kvPut("left/behind", "by an earlier run");
        System.out.println(ReuseRunChild.REUSED + cluster.isReused());
        System.out.println(ReuseRunChild.SERVER_PIDS + cluster.servers().stream().map(ConsulAgent::pid)
                .map(String::valueOf).collect(Collectors.joining(",")));
    }
}
