package io.github.consulembedded.samples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model without Consul: attached to a local cluster command's status file whose agents do
 * not run, so every poll finds no leader and the snapshot shows what the file says.
 */
class ClusterModelTest {
    @TempDir
    Path folder;

    @Test
    void groupsTheAgentsByTheDatacenterTheStatusFileGivesEach() throws Exception {
        Path status = statusFile("""
                {"datacenter": "dc1", "leaders": {"dc1": "consul-server-1", "dc2": "consul-server-1-dc2"}, "agents": [
                  {"node": "consul-server-1", "role": "server", "pid": -1, "http": 1, "server": 2, "datacenter": "dc1"},
                  {"node": "consul-server-1-dc2", "role": "server", "pid": -1, "http": 3, "server": 4, "datacenter": "dc2"},
                  {"node": "consul-client-1", "role": "client", "pid": -1, "http": 5, "server": -1, "datacenter": "dc1"},
                  {"node": "consul-client-1-dc2", "role": "client", "pid": -1, "http": 6, "server": -1, "datacenter": "dc2"}]}
                """);
        try (ClusterModel model = new ClusterModel(new AttachedClusterControl(status), Duration.ofMillis(50), Duration.ofSeconds(1))) {
            model.start();

            ClusterSnapshot s = model.await(x -> x.agents().size() == 4, Duration.ofSeconds(5));

            assertThat(s.datacenters()).extracting(ClusterSnapshot.Datacenter::name).containsExactly("dc1", "dc2");
            assertThat(s.primary()).isEqualTo("dc1");
            assertThat(s.federated()).isTrue();
            assertThat(s.agents("dc1")).extracting(ClusterSnapshot.Agent::node).containsExactly("consul-server-1", "consul-client-1");
            assertThat(s.agents("dc2")).extracting(ClusterSnapshot.Agent::node)
                    .containsExactly("consul-server-1-dc2", "consul-client-1-dc2");
            // The leaders in the file are not believed: no server runs, so no datacenter has one.
            assertThat(s.everyDatacenterHasALeader()).isFalse();
            assertThat(s.leader("dc2")).isEmpty();
            assertThat(s.agents()).allSatisfy(a -> assertThat(a.status()).isEqualTo(AgentStatus.FAILED));
            assertThat(model.control().description()).contains("datacenters dc1, dc2");
        }
    }

    @Test
    void agentsWithoutADatacenterFieldBelongToTheFilesDatacenter() throws Exception {
        Path status = statusFile("""
                {"datacenter": "east", "agents": [
                  {"node": "consul-server-1", "role": "server", "pid": -1, "http": 1, "server": 2},
                  {"node": "consul-client-1", "role": "client", "pid": -1, "http": 3, "server": -1}]}
                """);
        try (ClusterModel model = new ClusterModel(new AttachedClusterControl(status), Duration.ofMillis(50), Duration.ofSeconds(1))) {
            model.start();

            ClusterSnapshot s = model.await(x -> x.agents().size() == 2, Duration.ofSeconds(5));

            assertThat(s.datacenters()).extracting(ClusterSnapshot.Datacenter::name).containsExactly("east");
            assertThat(s.federated()).isFalse();
            assertThat(s.agents()).extracting(ClusterSnapshot.Agent::datacenter).containsOnly("east");
            assertThat(model.control().description()).contains("(dc east,");
        }
    }

    private Path statusFile(String json) throws IOException {
        return Files.writeString(folder.resolve("status.json"), json);
    }
}
