package io.github.consulembedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import javax.naming.directory.Attribute;
import javax.naming.directory.InitialDirContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Two datacenters of 3 servers and 1 client, federated over WAN, on the real binary. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FederationIT {
    private static ConsulCluster cluster;

    @BeforeAll
    static void start() {
        cluster = ConsulCluster.builder().datacenters("dc1", "dc2").servers(3).clients(1)
                .binary(RealConsul.binary()).start();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void startsEveryDatacenterWithUniqueNodeNamesAndItsOwnLeader() {
        assertThat(cluster.datacenters()).containsExactly("dc1", "dc2");
        assertThat(cluster.agents()).extracting(ConsulAgent::node).doesNotHaveDuplicates().hasSize(8)
                .contains("consul-server-1", "consul-client-1", "consul-server-1-dc2", "consul-client-1-dc2");
        assertThat(cluster.servers("dc2")).extracting(ConsulAgent::datacenter).containsOnly("dc2");
        assertThat(cluster.leader("dc1").datacenter()).isEqualTo("dc1");
        assertThat(cluster.leader("dc2").datacenter()).isEqualTo("dc2");
        assertThat(TestJson.read(cluster.http().get("/v1/catalog/datacenters")))
                .extracting(JsonNode::asText).containsExactlyInAnyOrder("dc1", "dc2");
    }

    @Test
    @Order(2)
    void aServiceAndKvOfDc2AreFoundFromDc1OverHttpAndDns() throws Exception {
        ConsulAgent dc1Client = cluster.clients("dc1").get(0);
        ConsulAgent dc2Client = cluster.clients("dc2").get(0);
        cluster.registerService(dc2Client, ServiceRegistration.builder("web").id("web-dc2").port(8080).build());
        dc2Client.http().kvPut("where", "dc2");

        JsonNode found = TestJson.read(dc1Client.http().get("/v1/catalog/service/web?dc=dc2"));
        assertThat(found).extracting(n -> n.path("Node").asText()).containsExactly(dc2Client.node());
        assertThat(TestJson.read(dc1Client.http().get("/v1/kv/where?dc=dc2")).get(0).path("Key").asText()).isEqualTo("where");
        assertThat(dc1Client.http().kvGet("where")).as("dc1's own KV").isEmpty();

        assertThat(srv(dc1Client, "web.service.dc2." + cluster.domain())).as("DNS from a dc1 agent")
                .singleElement().asString().endsWith(" 8080 " + dc2Client.node() + ".node.dc2." + cluster.domain() + ".");
    }

    @Test
    @Order(3)
    void aPreparedQueryFailsOverToDc2OnceDc1HasNoInstance() {
        ConsulAgent dc1Client = cluster.clients("dc1").get(0);
        cluster.registerService(dc1Client, ServiceRegistration.builder("api").id("api-dc1").port(1).build());
        cluster.registerService(cluster.clients("dc2").get(0), ServiceRegistration.builder("api").id("api-dc2").port(2).build());
        dc1Client.http().post("/v1/query",
                "{\"Name\":\"api-query\",\"Service\":{\"Service\":\"api\",\"Failover\":{\"Datacenters\":[\"dc2\"]}}}");

        JsonNode local = TestJson.read(dc1Client.http().get("/v1/query/api-query/execute"));
        assertThat(local.path("Datacenter").asText()).isEqualTo("dc1");
        assertThat(local.path("Nodes").get(0).path("Service").path("ID").asText()).isEqualTo("api-dc1");

        cluster.deregisterService("api-dc1");
        JsonNode failedOver = TestJson.read(dc1Client.http().get("/v1/query/api-query/execute"));
        assertThat(failedOver.path("Datacenter").asText()).isEqualTo("dc2");
        assertThat(failedOver.path("Failovers").asInt()).isEqualTo(1);
        assertThat(failedOver.path("Nodes").get(0).path("Service").path("ID").asText()).isEqualTo("api-dc2");
    }

    @Test
    @Order(4)
    void resetEmptiesEveryDatacenter() {
        cluster.clients("dc2").get(0).http().kvPut("left", "behind");
        cluster.registerService(cluster.clients("dc2").get(0), ServiceRegistration.builder("old").port(3).build());
        cluster.reset();
        for (String dc : cluster.datacenters()) {
            ConsulHttp http = cluster.applicationAgent(dc).http();
            assertThat(http.kvKeys("")).as("KV of %s", dc).isEmpty();
            assertThat(http.catalogServices()).as("services of %s", dc).containsExactly("consul");
            assertThat(TestJson.read(http.get("/v1/query"))).as("prepared queries of %s", dc).isEmpty();
        }
    }

    @Test
    @Order(5)
    void losingEveryDc2ServerLeavesDc1ServingAndTheSupervisorBringsDc2Back() {
        List<Long> old = new ArrayList<>();
        for (ConsulAgent server : cluster.servers("dc2")) {
            old.add(server.pid());
            cluster.kill(server);
        }
        ConsulHttp dc1 = cluster.clients("dc1").get(0).http();
        dc1.kvPut("still", "serving");
        assertThat(dc1.kvGet("still")).contains("serving");

        cluster.awaitReady(Duration.ofSeconds(90));
        assertThat(cluster.servers("dc2")).allSatisfy(s -> assertThat(s.pid()).isPositive().isNotIn(old));
        ConsulAgent dc2Leader = cluster.awaitLeader("dc2", Duration.ofSeconds(30));
        assertThat(dc2Leader.datacenter()).isEqualTo("dc2");
        cluster.clients("dc2").get(0).http().kvPut("back", "yes");
        assertThat(TestJson.read(dc1.get("/v1/kv/back?dc=dc2")).get(0).path("Key").asText()).isEqualTo("back");
    }

    /** The SRV answers for {@code name} from the agent's DNS server, as "priority weight port target". */
    static List<String> srv(ConsulAgent agent, String name) throws Exception {
        Hashtable<String, String> env = new Hashtable<>();
        env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
        env.put("java.naming.provider.url", "dns://127.0.0.1:" + agent.dnsAddress().getPort());
        List<String> answers = new ArrayList<>();
        Attribute srv = new InitialDirContext(env).getAttributes(name, new String[] {"SRV"}).get("SRV");
        if (srv != null) {
            for (int i = 0; i < srv.size(); i++) {
                answers.add(srv.get(i).toString());
            }
        }
        return answers;
    }
}
