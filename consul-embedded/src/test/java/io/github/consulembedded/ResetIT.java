package io.github.consulembedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@link ConsulCluster#reset()} removes every kind of state a test can leave, each created here
 * through the plain HTTP API as a test (or the application under test) would.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ResetIT {
    private static final Duration SYNC = Duration.ofSeconds(10);

    private ConsulCluster cluster;

    @BeforeAll
    void start() {
        cluster = ConsulCluster.builder().servers(3).clients(2).binary(RealConsul.binary()).start();
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void removesEveryKvKey() {
        for (int i = 0; i < 100; i++) {
            ConsulAgent agent = cluster.agents().get(i % cluster.agents().size());
            agent.http().put("/v1/kv/reset/kv/key-" + i, "value-" + i);
        }
        assertThat(cluster.server(0).http().kvKeys("")).hasSize(100);

        cluster.reset();

        for (ConsulAgent agent : cluster.agents()) {
            assertThat(json(agent.http().get("/v1/kv/?keys&consistent")).size()).as("keys seen by %s", agent.node()).isZero();
        }
    }

    @Test
    void removesTheServicesAndChecksOfEveryAgentServersIncluded() {
        for (ConsulAgent agent : cluster.agents()) {
            String id = "svc-" + agent.node();
            agent.http().put("/v1/agent/service/register", "{\"ID\":\"" + id + "\",\"Name\":\"" + id + "\",\"Port\":9000,"
                    + "\"Check\":{\"TTL\":\"5m\"}}");
            agent.http().put("/v1/agent/check/register", "{\"ID\":\"check-" + agent.node() + "\",\"Name\":\"node check\",\"TTL\":\"5m\"}");
        }
        for (ConsulAgent agent : cluster.agents()) {
            awaitTrue("the catalog lists the service and both checks of " + agent.node(),
                    () -> catalogServices().contains("svc-" + agent.node()) && checksOf(agent.node()).size() == 3);
        }

        cluster.reset();

        for (ConsulAgent agent : cluster.agents()) {
            assertThat(names(agent.http().get("/v1/agent/services"))).as("services of %s", agent.node())
                    .isSubsetOf("consul");
            assertThat(names(agent.http().get("/v1/agent/checks"))).as("checks of %s", agent.node()).isEmpty();
            assertThat(checksOf(agent.node())).as("catalog checks of %s", agent.node()).containsExactly("serfHealth");
        }
        assertThat(catalogServices()).containsExactly("consul");
    }

    @Test
    void removesCatalogOnlyNodesServicesAndChecks() {
        cluster.http().put("/v1/catalog/register", """
                {"Node": "external-db", "Address": "10.1.2.3",
                 "Service": {"ID": "db-1", "Service": "db", "Port": 5432},
                 "Checks": [{"CheckID": "db-alive", "Name": "db alive", "Status": "passing", "ServiceID": "db-1"},
                            {"CheckID": "host-alive", "Name": "host alive", "Status": "passing"}]}""");
        // A service and a node check put in the catalog on an agent's node, which that agent does not own.
        ConsulAgent host = cluster.client(1);
        cluster.http().put("/v1/catalog/register", """
                {"Node": "%s", "Address": "%s",
                 "Service": {"ID": "sidecar-1", "Service": "sidecar", "Port": 7000},
                 "Check": {"CheckID": "registered-elsewhere", "Name": "registered elsewhere", "Status": "passing"}}"""
                .formatted(host.node(), host.address()));
        assertThat(catalogNodes()).contains("external-db");
        assertThat(catalogServices()).contains("db", "sidecar");
        assertThat(checksOf(host.node())).contains("registered-elsewhere");

        cluster.reset();

        assertThat(catalogNodes()).containsExactlyInAnyOrderElementsOf(cluster.agents().stream().map(ConsulAgent::node).toList());
        assertThat(catalogServices()).containsExactly("consul");
        assertThat(json(cluster.server(1).http().get("/v1/health/state/any"))).extracting(c -> c.path("CheckID").asText())
                .containsOnly("serfHealth");
    }

    @Test
    void removesSessionsAndFreesTheLocksTheyHeld() {
        List<String> sessions = new ArrayList<>();
        for (ConsulAgent agent : List.of(cluster.client(0), cluster.client(1), cluster.server(2))) {
            String session = json(agent.http().put("/v1/session/create", "{\"Name\":\"holder-" + agent.node() + "\"}")).path("ID").asText();
            sessions.add(session);
            assertThat(agent.http().put("/v1/kv/locks/" + agent.node() + "?acquire=" + session, "held")).isEqualTo("true");
        }
        assertThat(json(cluster.http().get("/v1/session/list")).size()).isEqualTo(3);

        cluster.reset();

        assertThat(json(cluster.server(0).http().get("/v1/session/list")).size()).isZero();
        assertThat(cluster.server(0).http().kvKeys("")).isEmpty();
        for (String session : sessions) {
            assertThat(json(cluster.http().get("/v1/session/info/" + session)).size()).as("session %s", session).isZero();
        }
        // The lock is free: a new session can take it.
        String next = json(cluster.http().put("/v1/session/create", "{\"Name\":\"next\"}")).path("ID").asText();
        assertThat(cluster.http().put("/v1/kv/locks/" + cluster.client(0).node() + "?acquire=" + next, "mine")).isEqualTo("true");
        cluster.reset();
    }

    @Test
    void removesPreparedQueries() {
        for (int i = 0; i < 3; i++) {
            cluster.http().post("/v1/query", "{\"Name\":\"query-" + i + "\",\"Service\":{\"Service\":\"billing\"}}");
        }
        assertThat(json(cluster.http().get("/v1/query")).size()).isEqualTo(3);

        cluster.reset();

        assertThat(json(cluster.server(0).http().get("/v1/query")).size()).isZero();
    }

    /** Intentions need no Connect setting: Consul 1.4 and 1.8 store and list them either way. */
    @Test
    void removesIntentions() {
        cluster.http().post("/v1/connect/intentions", "{\"SourceName\":\"web\",\"DestinationName\":\"db\",\"Action\":\"allow\"}");
        cluster.http().post("/v1/connect/intentions", "{\"SourceName\":\"*\",\"DestinationName\":\"db\",\"Action\":\"deny\"}");
        assertThat(json(cluster.http().get("/v1/connect/intentions")).size()).isEqualTo(2);

        cluster.reset();

        assertThat(json(cluster.server(0).http().get("/v1/connect/intentions")).size()).isZero();
    }

    /**
     * A stopped agent's services cannot be removed: they live in its data dir and come back with
     * it. Reset must not hide them (nor wait for them) but name them, and remove them once the
     * agent runs again.
     */
    @Test
    void namesWhatItCannotRemoveAndRemovesItOnceItCan() {
        ConsulAgent owner = cluster.client(1);
        owner.http().put("/v1/agent/service/register", "{\"ID\":\"orphan-1\",\"Name\":\"orphan\",\"Port\":9100}");
        awaitTrue("orphan-1 in the catalog", () -> catalogServices().contains("orphan"));
        cluster.http().put("/v1/kv/also-left", "by the test");
        cluster.stop(owner);
        try {
            long started = System.nanoTime();
            assertThatThrownBy(cluster::reset)
                    .isInstanceOf(ConsulEmbeddedException.class)
                    .hasMessageContaining(owner.node())
                    .hasMessageContaining("orphan-1");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("reset does not wait for what it cannot remove")
                    .isLessThan(Duration.ofSeconds(3));
            assertThat(cluster.http().kvKeys("")).as("what could be removed was removed").isEmpty();
        } finally {
            cluster.restart(owner);
            cluster.awaitReady(Duration.ofSeconds(30));
        }
        cluster.reset();
        assertThat(owner.http().agentServices()).doesNotContainKey("orphan-1");
        assertThat(catalogServices()).containsExactly("consul");
    }

    @Test
    void removesTokensAndPoliciesTestsCreatedAndKeepsTheLibrarysOwn() {
        try (ConsulCluster secured = ConsulCluster.builder().servers(1).devModeForSingleServer(false).acl()
                .binary(RealConsul.binary()).start()) {
            ConsulHttp http = secured.http();
            String master = json(http.get("/v1/acl/token/self")).path("AccessorID").asText();
            List<String> tokensBefore = accessors(http);
            assertThat(tokensBefore).containsExactlyInAnyOrder(master, "00000000-0000-0000-0000-000000000002");
            http.put("/v1/acl/policy", "{\"Name\":\"kv-writer\",\"Rules\":\"key_prefix \\\"\\\" { policy = \\\"write\\\" }\"}");
            JsonNode token = json(http.put("/v1/acl/token", "{\"Description\":\"made by a test\",\"Policies\":[{\"Name\":\"kv-writer\"}]}"));
            ConsulHttp asTestToken = new ConsulHttp(secured.httpAddress()).withToken(token.path("SecretID").asText());
            asTestToken.kvPut("written/with", "the test token");
            assertThat(accessors(http)).hasSize(3);

            secured.reset();

            assertThat(accessors(http)).containsExactlyInAnyOrderElementsOf(tokensBefore);
            assertThat(json(http.get("/v1/acl/policies"))).extracting(p -> p.path("Name").asText())
                    .containsExactly("global-management");
            assertThatThrownBy(() -> asTestToken.kvPut("written/with", "a deleted token"))
                    .isInstanceOf(ConsulHttpException.class)
                    .satisfies(e -> assertThat(((ConsulHttpException) e).status()).isEqualTo(403));
            http.kvPut("library/still", "works");
            assertThat(http.kvGet("library/still")).contains("works");
        }
    }

    private List<String> catalogServices() {
        return names(cluster.server(0).http().get("/v1/catalog/services"));
    }

    private List<String> catalogNodes() {
        List<String> nodes = new ArrayList<>();
        json(cluster.server(0).http().get("/v1/catalog/nodes")).forEach(n -> nodes.add(n.path("Node").asText()));
        return nodes;
    }

    private List<String> checksOf(String node) {
        List<String> checks = new ArrayList<>();
        json(cluster.server(0).http().get("/v1/health/node/" + node)).forEach(c -> checks.add(c.path("CheckID").asText()));
        return checks;
    }

    private static List<String> accessors(ConsulHttp http) {
        List<String> accessors = new ArrayList<>();
        json(http.get("/v1/acl/tokens")).forEach(t -> accessors.add(t.path("AccessorID").asText()));
        return accessors;
    }

    private static List<String> names(String jsonObject) {
        return jsonObject.isEmpty() ? List.of() : TestJson.names(jsonObject);
    }

    /** Consul answers an empty list as {@code null} on some endpoints; both read as size 0. */
    private static JsonNode json(String text) {
        return TestJson.read(text.isEmpty() ? "null" : text);
    }

    private static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + SYNC.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + SYNC.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
