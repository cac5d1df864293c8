package io.github.consulembedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a cluster ends: a temporary one is torn down at once, without any agent leaving or even
 * hearing a signal it could answer; a persistent one lets its clients leave and stops its servers
 * without leaving, so that it comes back. Either way nothing keeps running.
 */
class ClusterCloseIT {
    // What Consul 1.4 and 1.8 alike print when an agent leaves, when it stops without leaving, and
    // when it handles SIGTERM or SIGINT ("==> Caught signal: terminated", "agent: Caught: signal=terminated").
    private static final String LEAVING = "starting leave";
    private static final String NOT_LEAVING = "Shutdown without a Leave";
    private static final String SIGNALLED = "Caught";

    @Test
    void temporaryClusterIsKilledAtOnceWithoutLeavingAndLeavesNothingBehind() {
        ConsulCluster cluster = ConsulCluster.builder().servers(3).clients(3).binary(RealConsul.binary()).start();
        List<ConsulAgent> agents = cluster.agents();
        List<Long> pids = agents.stream().map(ConsulAgent::pid).toList();
        List<Path> dataDirs = agents.stream().map(ConsulAgent::dataDir).toList();

        cluster.close();

        assertThat(pids).allMatch(pid -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        assertThat(dataDirs).allMatch(dir -> !Files.exists(dir));
        for (ConsulAgent agent : agents) {
            assertThat(agent.recentLog(500)).as("log of %s", agent.node())
                    .noneMatch(line -> line.contains(LEAVING) || line.contains(NOT_LEAVING) || line.contains(SIGNALLED));
        }
    }

    @Test
    void persistentClusterLetsClientsLeaveAndStopsServersWithoutLeaving(@TempDir Path root) {
        ConsulCluster cluster = ConsulCluster.builder().servers(3).clients(1).dataRoot(root).binary(RealConsul.binary()).start();
        List<Long> pids = cluster.agents().stream().map(ConsulAgent::pid).toList();

        cluster.close();

        assertThat(pids).allMatch(pid -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
        for (ConsulAgent client : cluster.clients()) {
            // The log pump may still be reading the last lines of a process that has exited.
            awaitLogLine(client, LEAVING);
        }
        for (ConsulAgent server : cluster.servers()) {
            awaitLogLine(server, NOT_LEAVING);
            assertThat(server.recentLog(500)).as("log of %s", server.node()).noneMatch(l -> l.contains(LEAVING));
        }
        assertThat(cluster.agents()).allMatch(a -> Files.isDirectory(a.dataDir()));
    }

    private static void awaitLogLine(ConsulAgent agent, String text) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (agent.recentLog(500).stream().noneMatch(l -> l.contains(text))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no line with '" + text + "' in the log of " + agent.node() + "; it ends with:\n  "
                        + String.join("\n  ", agent.recentLog(30)));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for the log of " + agent.node(), e);
            }
        }
    }
}
