package io.github.consulembedded.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.consulembedded.AgentPorts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotDiffTest {

    static ClusterSnapshot.Agent agent(String node, long pid, String status) {
        return agent("dc1", node, pid, status);
    }

    static ClusterSnapshot.Agent agent(String datacenter, String node, long pid, String status) {
        int base = 20000 + 10 * (node.hashCode() & 0xff);
        return new ClusterSnapshot.Agent(node, datacenter, node.contains("server") ? "server" : "client", pid, "127.0.0.1",
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

    /** dc1 and dc2 with one server and one client each, led by {@code dc1Leader} and {@code dc2Leader}. */
    static ClusterSnapshot federated(String dc1Leader, String dc2Leader) {
        Map<String, String> leaders = new LinkedHashMap<>();
        leaders.put("dc1", dc1Leader);
        leaders.put("dc2", dc2Leader);
        return new ClusterSnapshot("cluster.local", "1.4.2", leaders, List.of(
                agent("dc1", "consul-server-1", 101, "alive"), agent("dc1", "consul-server-2", 102, "alive"),
                agent("dc2", "consul-server-1-dc2", 301, "alive"), agent("dc2", "consul-server-2-dc2", 302, "alive"),
                agent("dc1", "consul-client-1", 201, "alive"), agent("dc2", "consul-client-1-dc2", 401, "alive")));
    }

    @Test
    void federatedLeaderChangeNamesItsDatacenter() {
        SnapshotDiff diff = SnapshotDiff.between(federated("consul-server-1", "consul-server-1-dc2"),
                federated("consul-server-1", "consul-server-2-dc2"));
        assertThat(diff.lines()).containsExactly("LEADER consul-server-2-dc2 (was consul-server-1-dc2) in dc2");
        assertThat(diff.changed()).isTrue();
    }

    @Test
    void federatedLeaderChangesComeInDatacenterOrderWithNone() {
        SnapshotDiff diff = SnapshotDiff.between(federated("consul-server-1", "consul-server-1-dc2"),
                federated(ClusterSnapshot.NO_LEADER, "consul-server-2-dc2"));
        assertThat(diff.lines()).containsExactly("LEADER none (was consul-server-1) in dc1",
                "LEADER consul-server-2-dc2 (was consul-server-1-dc2) in dc2");
    }

    @Test
    void datacenterWhoseServersDidNotAnswerKeepsItsLeader() {
        ClusterSnapshot before = federated("consul-server-1", "consul-server-1-dc2");
        ClusterSnapshot blindDc2 = federated("consul-server-2", null);
        assertThat(SnapshotDiff.between(before, blindDc2).lines()).containsExactly("LEADER consul-server-2 (was consul-server-1) in dc1");
        ClusterSnapshot resolved = blindDc2.withUnknownFrom(before);
        assertThat(resolved.leader("dc2")).isEqualTo("consul-server-1-dc2");
        assertThat(resolved.leader()).isEqualTo("consul-server-2");
        assertThat(resolved.datacenters()).containsExactly("dc1", "dc2");
    }

    @Test
    void federatedMemberStatusLinesAreTheSameAsForOneDatacenter() {
        ClusterSnapshot before = federated("consul-server-1", "consul-server-1-dc2");
        List<ClusterSnapshot.Agent> agents = new ArrayList<>(before.agents());
        agents.set(5, agent("dc2", "consul-client-1-dc2", -1, "failed"));
        ClusterSnapshot after = new ClusterSnapshot(before.domain(), before.consulVersion(), before.leaders(), agents);
        assertThat(SnapshotDiff.between(before, after).lines()).containsExactly("FAILED consul-client-1-dc2");
    }
}
