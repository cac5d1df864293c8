package io.github.consulembedded;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The awaits after a fault return only when the cluster is usable again: a leader that runs and
 * that everyone names, and writes through every running agent that succeed at once. Neither test
 * retries a write: a retry would hide exactly what the awaits promise.
 */
class HonestAwaitIT {
    private static final int WRITES_PER_AGENT = 20;

    @Test
    void afterAwaitLeaderChangeEveryRunningAgentWritesWithoutError() {
        try (ConsulCluster cluster = ConsulCluster.builder().servers(3).clients(2).supervise(false)
                .binary(RealConsul.binary()).start()) {
            ConsulAgent old = cluster.leader();
            cluster.kill(old);

            ConsulAgent next = cluster.awaitLeaderChange(old);

            assertThat(next).isNotEqualTo(old);
            assertThat(next.isRunning()).isTrue();
            assertThat(cluster.servers()).contains(next);
            writeThroughEveryRunningAgent(cluster, "change");
        }
    }

    @Test
    void awaitLeaderRightAfterKillingTheLeaderNeverReturnsTheKilledOne() {
        try (ConsulCluster cluster = ConsulCluster.builder().servers(3).clients(2).supervise(false)
                .binary(RealConsul.binary()).start()) {
            ConsulAgent old = cluster.leader();
            cluster.kill(old);

            ConsulAgent leader = cluster.awaitLeader();

            assertThat(leader).isNotEqualTo(old);
            assertThat(leader.isRunning()).isTrue();
            for (ConsulAgent agent : cluster.agents()) {
                if (agent.isRunning()) {
                    assertThat(agent.http().leader()).as("leader named by %s", agent.node()).isEqualTo(leader.serverAddress());
                }
            }
            writeThroughEveryRunningAgent(cluster, "await");
        }
    }

    /** Clients first, as applications talk to them, then the surviving servers. */
    private static void writeThroughEveryRunningAgent(ConsulCluster cluster, String prefix) {
        for (ConsulAgent agent : cluster.clients()) {
            writeThrough(agent, prefix);
        }
        for (ConsulAgent agent : cluster.servers()) {
            if (agent.isRunning()) {
                writeThrough(agent, prefix);
            }
        }
        assertThat(cluster.http().kvKeys(prefix + "/")).hasSize(WRITES_PER_AGENT * (cluster.agents().size() - 1));
    }

    private static void writeThrough(ConsulAgent agent, String prefix) {
        for (int i = 0; i < WRITES_PER_AGENT; i++) {
            agent.http().kvPut(prefix + "/" + agent.node() + "/" + i, "written right after the await");
        }
    }
}
