package io.github.consulembedded.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.consulembedded.AgentPorts;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotDiffTest {

    static ClusterSnapshot.Agent agent(String node, long pid, String status) {
        int base = 20000 + 10 * (node.hashCode() & 0xff);
        return new ClusterSnapshot.Agent(node, node.contains("server") ? "server" : "client", pid, "127.0.0.1",
                new AgentPorts(base, -1, base + 1, base + 2, base + 3, base + 4), "/data/" + node,
                "http://127.0.0.1:" + base + "/ui/", status);
    }

    static ClusterSnapshot snapshot(String leader, ClusterSnapshot.Agent... agents) {
        return new ClusterSnapshot("dc1", "cluster.local", "1.4.2", leader, List.of(agents));
    }

    private static ClusterSnapshot healthy() {
        return snapshot("consul-server-1", agent("consul-server-1", 101, "alive"), agent("consul-server-2", 102, "alive"),
                agent("consul-client-1", 201, "alive"));
    }

    @Test
    void sameSnapshotIsNoChange() {
        SnapshotDiff diff = SnapshotDiff.between(healthy(), healthy());
        assertThat(diff.lines()).isEmpty();
        assertThat(diff.changed()).isFalse();
    }

    @Test
    void newLeaderPrintsLeaderLineWithThePreviousOne() {
        ClusterSnapshot after = snapshot("consul-server-2", agent("consul-server-1", 101, "alive"),
                agent("consul-server-2", 102, "alive"), agent("consul-client-1", 201, "alive"));
        SnapshotDiff diff = SnapshotDiff.between(healthy(), after);
        assertThat(diff.lines()).containsExactly("LEADER consul-server-2 (was consul-server-1)");
        assertThat(diff.changed()).isTrue();
    }

    @Test
    void lostAndRegainedLeaderAreReportedAsNone() {
        ClusterSnapshot leaderless = snapshot(ClusterSnapshot.NO_LEADER, agent("consul-server-1", 101, "alive"),
                agent("consul-server-2", 102, "alive"), agent("consul-client-1", 201, "alive"));
        assertThat(SnapshotDiff.between(healthy(), leaderless).lines()).containsExactly("LEADER none (was consul-server-1)");
        assertThat(SnapshotDiff.between(leaderless, healthy()).lines()).containsExactly("LEADER consul-server-1 (was none)");
    }

    @Test
    void memberThatFailsAndComesBackPrintsFailedThenAlive() {
        ClusterSnapshot failed = snapshot("consul-server-1", agent("consul-server-1", 101, "alive"),
                agent("consul-server-2", 102, "alive"), agent("consul-client-1", -1, "failed"));
        ClusterSnapshot back = snapshot("consul-server-1", agent("consul-server-1", 101, "alive"),
                agent("consul-server-2", 102, "alive"), agent("consul-client-1", 301, "alive"));
        assertThat(SnapshotDiff.between(healthy(), failed).lines()).containsExactly("FAILED consul-client-1");
        assertThat(SnapshotDiff.between(failed, back).lines()).containsExactly("ALIVE consul-client-1");
    }

    @Test
    void memberMissingFromTheListIsReportedAsMissing() {
        ClusterSnapshot missing = snapshot("consul-server-1", agent("consul-server-1", 101, "alive"),
                agent("consul-server-2", 102, "alive"), agent("consul-client-1", 201, "none"));
        assertThat(SnapshotDiff.between(healthy(), missing).lines()).containsExactly("MISSING consul-client-1");
    }

    @Test
    void newPidAloneRewritesTheFileWithoutALine() {
        ClusterSnapshot restarted = snapshot("consul-server-1", agent("consul-server-1", 101, "alive"),
                agent("consul-server-2", 999, "alive"), agent("consul-client-1", 201, "alive"));
        SnapshotDiff diff = SnapshotDiff.between(healthy(), restarted);
        assertThat(diff.lines()).isEmpty();
        assertThat(diff.changed()).isTrue();
    }

    @Test
    void roundWhereNoServerAnsweredKeepsLeaderAndStatuses() {
        ClusterSnapshot blind = snapshot(null, agent("consul-server-1", 101, null), agent("consul-server-2", 102, null),
                agent("consul-client-1", 201, null));
        ClusterSnapshot resolved = blind.withUnknownFrom(healthy());
        assertThat(resolved).isEqualTo(healthy());
        assertThat(SnapshotDiff.between(healthy(), resolved).changed()).isFalse();
    }

    @Test
    void unknownValuesAreNeverReportedAsChanges() {
        ClusterSnapshot blind = snapshot(null, agent("consul-server-1", 101, null), agent("consul-server-2", 102, null),
                agent("consul-client-1", 201, null));
        assertThat(SnapshotDiff.between(healthy(), blind).lines()).isEmpty();
    }

    @Test
    void severalChangesComeLeaderFirstThenNodesInOrder() {
        List<ClusterSnapshot.Agent> agents = new ArrayList<>();
        agents.add(agent("consul-server-1", -1, "failed"));
        agents.add(agent("consul-server-2", 102, "alive"));
        agents.add(agent("consul-client-1", 201, "left"));
        ClusterSnapshot after = new ClusterSnapshot("dc1", "cluster.local", "1.4.2", "consul-server-2", agents);
        assertThat(SnapshotDiff.between(healthy(), after).lines()).containsExactly(
                "LEADER consul-server-2 (was consul-server-1)", "FAILED consul-server-1", "LEFT consul-client-1");
    }
}
