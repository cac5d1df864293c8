package io.github.consulembedded.cli;

import static io.github.consulembedded.cli.SnapshotDiffTest.agent;
import static io.github.consulembedded.cli.SnapshotDiffTest.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.consulembedded.AgentPorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusFileTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void writesEveryFieldWithPortsAsNumbersAndMinusOneWhereDisabled(@TempDir Path tmp) throws Exception {
        ClusterSnapshot.Agent server = new ClusterSnapshot.Agent("consul-server-1", "east", "server", 4242, "127.0.0.1",
                new AgentPorts(21000, -1, 21001, 21002, 21003, 21004), "/data/s1", "http://127.0.0.1:21000/ui/", "alive");
        ClusterSnapshot.Agent client = new ClusterSnapshot.Agent("consul-client-1", "east", "client", -1, "127.0.0.1",
                new AgentPorts(22000, -1, 22001, 22002, 22003, 22004), "/data/c1", null, null);
        StatusFile file = new StatusFile(tmp.resolve("status.json"));

        file.write(new ClusterSnapshot("east", "consul.test", "1.4.2", "consul-server-1", List.of(server, client)), 77);

        JsonNode root = JSON.readTree(tmp.resolve("status.json").toFile());
        assertThat(root.path("datacenter").asText()).isEqualTo("east");
        assertThat(root.path("domain").asText()).isEqualTo("consul.test");
        assertThat(root.path("consulVersion").asText()).isEqualTo("1.4.2");
        assertThat(root.path("leader").asText()).isEqualTo("consul-server-1");
        assertThat(root.path("leaders").properties()).singleElement()
                .satisfies(e -> assertThat(e.getKey() + "=" + e.getValue().asText()).isEqualTo("east=consul-server-1"));
        assertThat(root.path("gossipEncrypted").isBoolean()).isTrue();
        assertThat(root.path("gossipEncrypted").asBoolean()).isFalse();
        assertThat(root.path("aclMasterToken").isNull()).isTrue();
        assertThat(root.path("caFile").isNull()).isTrue();
        assertThat(root.path("cliPid").asLong()).isEqualTo(77);
        JsonNode s = root.path("agents").get(0);
        assertThat(s.path("node").asText()).isEqualTo("consul-server-1");
        assertThat(s.path("datacenter").asText()).isEqualTo("east");
        assertThat(s.path("role").asText()).isEqualTo("server");
        assertThat(s.path("pid").asLong()).isEqualTo(4242);
        assertThat(s.path("address").asText()).isEqualTo("127.0.0.1");
        for (String port : List.of("http", "https", "dns", "serfLan", "serfWan", "server")) {
            assertThat(s.path(port).isInt()).as(port).isTrue();
        }
        assertThat(s.path("http").asInt()).isEqualTo(21000);
        assertThat(s.path("https").asInt()).isEqualTo(-1);
        assertThat(s.path("dns").asInt()).isEqualTo(21001);
        assertThat(s.path("serfLan").asInt()).isEqualTo(21002);
        assertThat(s.path("serfWan").asInt()).isEqualTo(21003);
        assertThat(s.path("server").asInt()).isEqualTo(21004);
        assertThat(s.path("dataDir").asText()).isEqualTo("/data/s1");
        assertThat(s.path("uiUrl").asText()).isEqualTo("http://127.0.0.1:21000/ui/");
        assertThat(s.path("status").asText()).isEqualTo("alive");
        JsonNode c = root.path("agents").get(1);
        assertThat(c.path("datacenter").asText()).isEqualTo("east");
        assertThat(c.path("role").asText()).isEqualTo("client");
        assertThat(c.path("pid").asLong()).isEqualTo(-1);
        assertThat(c.path("uiUrl").isNull()).isTrue();
        assertThat(c.path("status").asText()).isEqualTo("unknown");
    }

    @Test
    void writesTheSecurityFieldsOfAProtectedCluster(@TempDir Path tmp) throws Exception {
        StatusFile file = new StatusFile(tmp.resolve("status.json"));
        file.security(new StatusFile.Security(true, "token-1", tmp.resolve("ca.pem"), tmp.resolve("users.pem"),
                tmp.resolve("users-key.pem")));

        file.write(new ClusterSnapshot("dc1", "cluster.local", "1.4.2", "", List.of()), 1);

        JsonNode root = JSON.readTree(tmp.resolve("status.json").toFile());
        assertThat(root.path("gossipEncrypted").asBoolean()).isTrue();
        assertThat(root.path("aclMasterToken").asText()).isEqualTo("token-1");
        assertThat(root.path("caFile").asText()).isEqualTo(tmp.resolve("ca.pem").toString());
        assertThat(root.path("clientCertFile").asText()).isEqualTo(tmp.resolve("users.pem").toString());
        assertThat(root.path("clientKeyFile").asText()).isEqualTo(tmp.resolve("users-key.pem").toString());
        assertThat(root.path("leader").isNull()).isTrue();
    }

    @Test
    void federatedClusterHasLeadersByDatacenterAndEachAgentsDatacenter(@TempDir Path tmp) throws Exception {
        StatusFile file = new StatusFile(tmp.resolve("status.json"));
        file.write(SnapshotDiffTest.federated("consul-server-2", "consul-server-1-dc2"), 1);

        JsonNode root = JSON.readTree(file.path().toFile());
        assertThat(root.path("datacenter").asText()).as("the primary").isEqualTo("dc1");
        assertThat(root.path("leader").asText()).as("the primary's leader").isEqualTo("consul-server-2");
        assertThat(root.path("leaders").properties()).extracting(e -> e.getKey() + "=" + e.getValue().asText())
                .containsExactly("dc1=consul-server-2", "dc2=consul-server-1-dc2");
        List<String> agents = new ArrayList<>();
        root.path("agents").forEach(a -> agents.add(a.path("node").asText() + "@" + a.path("datacenter").asText()));
        assertThat(agents).containsExactly("consul-server-1@dc1", "consul-server-2@dc1", "consul-server-1-dc2@dc2",
                "consul-server-2-dc2@dc2", "consul-client-1@dc1", "consul-client-1-dc2@dc2");
    }

    @Test
    void aDatacenterWithoutLeaderIsNullInLeadersAndLeaderFollowsThePrimaryOnly(@TempDir Path tmp) throws Exception {
        StatusFile file = new StatusFile(tmp.resolve("status.json"));
        file.write(SnapshotDiffTest.federated("consul-server-1", ClusterSnapshot.NO_LEADER), 1);
        JsonNode root = JSON.readTree(file.path().toFile());
        assertThat(root.path("leader").asText()).isEqualTo("consul-server-1");
        assertThat(root.path("leaders").has("dc2")).isTrue();
        assertThat(root.path("leaders").path("dc2").isNull()).isTrue();

        file.write(SnapshotDiffTest.federated(null, "consul-server-2-dc2"), 1);
        root = JSON.readTree(file.path().toFile());
        assertThat(root.path("leader").isNull()).isTrue();
        assertThat(root.path("leaders").path("dc1").isNull()).isTrue();
        assertThat(root.path("leaders").path("dc2").asText()).isEqualTo("consul-server-2-dc2");
    }

    @Test
    void noLeaderIsWrittenAsNull(@TempDir Path tmp) throws Exception {
        StatusFile file = new StatusFile(tmp.resolve("status.json"));
        file.write(snapshot(ClusterSnapshot.NO_LEADER, agent("consul-server-1", 1, "alive")), 1);
        JsonNode root = JSON.readTree(file.path().toFile());
        assertThat(root.path("leader").isNull()).isTrue();
        assertThat(root.path("leaders").path("dc1").isNull()).isTrue();
    }

    @Test
    void rewriteReplacesTheFileAndLeavesNoTemporaryFileBehind(@TempDir Path tmp) throws Exception {
        StatusFile file = new StatusFile(tmp.resolve("nested/dir/status.json"));
        file.write(snapshot("consul-server-1", agent("consul-server-1", 1, "alive")), 1);
        file.write(snapshot("consul-server-1", agent("consul-server-1", 2, "alive")), 1);

        assertThat(JSON.readTree(file.path().toFile()).path("agents").get(0).path("pid").asLong()).isEqualTo(2);
        try (Stream<Path> files = Files.list(file.path().getParent())) {
            assertThat(files).containsExactly(file.path());
        }
    }

    @Test
    void deleteRemovesTheFileAndIsIdempotent(@TempDir Path tmp) throws Exception {
        StatusFile file = new StatusFile(tmp.resolve("status.json"));
        file.write(snapshot("consul-server-1", agent("consul-server-1", 1, "alive")), 1);
        assertThat(file.delete()).isTrue();
        assertThat(file.path()).doesNotExist();
        assertThat(file.delete()).isFalse();
    }
}
