package io.github.consulembedded.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.consulembedded.AgentPorts;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusTableTest {

    @Test
    void rendersHeaderAndOneAlignedRowPerAgent() {
        ClusterSnapshot snapshot = new ClusterSnapshot("dc1", "cluster.local", "1.4.2", "consul-server-1", List.of(
                new ClusterSnapshot.Agent("consul-server-1", "dc1", "server", 4242, "127.0.0.1",
                        new AgentPorts(21000, -1, 21001, 21002, 21003, 21004), "/d", null, "alive"),
                new ClusterSnapshot.Agent("consul-client-10", "dc1", "client", 7, "127.0.0.1",
                        new AgentPorts(22000, -1, 22001, 22002, 22003, 22004), "/d", null, "alive")));

        List<String> lines = StatusTable.render(snapshot).lines().toList();

        assertThat(lines).containsExactly(
                "NODE              ROLE    PID   HTTP                    DNS              SERF LAN",
                "consul-server-1   server  4242  http://127.0.0.1:21000  127.0.0.1:21001  127.0.0.1:21002",
                "consul-client-10  client  7     http://127.0.0.1:22000  127.0.0.1:22001  127.0.0.1:22002");
    }

    @Test
    void federatedTableHasADatacenterColumnAfterTheNode() {
        List<String> lines = StatusTable.render(SnapshotDiffTest.federated("consul-server-1", "consul-server-1-dc2"))
                .lines().toList();

        assertThat(lines).hasSize(7);
        assertThat(lines.get(0)).matches("NODE {17}DC {3}ROLE {4}PID {2}HTTP {20}DNS {14}SERF LAN");
        assertThat(lines.get(1)).startsWith("consul-server-1      dc1  server  101  http://127.0.0.1:");
        assertThat(lines.get(3)).startsWith("consul-server-1-dc2  dc2  server  301  http://127.0.0.1:");
        assertThat(lines.get(6)).startsWith("consul-client-1-dc2  dc2  client  401  http://127.0.0.1:");
    }
}
