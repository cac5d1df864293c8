package io.github.consulembedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

class ConsulClusterIT {

    /** One 3+3 cluster shared by the tests that do not break it. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ThreeServersThreeClients {
        ConsulCluster cluster;

        @BeforeAll
        void start() {
            cluster = ConsulCluster.builder().servers(3).clients(3).binary(RealConsul.binary()).start();
        }

        @AfterAll
        void stop() {
            if (cluster != null) {
                cluster.close();
            }
        }

        @Test
        void isReadyWithOneLeaderThreePeersAndSixLiveMembers() {
            ConsulAgent leader = cluster.leader();
            assertThat(leader.isServer()).isTrue();
            for (ConsulAgent agent : cluster.agents()) {
                assertThat(agent.http().leader()).isEqualTo(leader.serverAddress());
                assertThat(agent.http().members()).hasSize(6).allMatch(ConsulMember::isAlive);
            }
            assertThat(cluster.server(0).http().peers()).containsExactlyInAnyOrderElementsOf(
                    cluster.servers().stream().map(ConsulAgent::serverAddress).toList());
            assertThat(cluster.agents()).extracting(ConsulAgent::node).containsExactly(
                    "consul-server-1", "consul-server-2", "consul-server-3",
                    "consul-client-1", "consul-client-2", "consul-client-3");
            assertThat(cluster.httpAddress()).isEqualTo(cluster.client(0).httpAddress());
        }

        @Test
        void kvWrittenOnOneClientIsReadOnAnother() {
            cluster.client(0).http().kvPut("shared/key", "from client 1");
            assertThat(cluster.client(2).http().kvGet("shared/key")).contains("from client 1");
        }

        @Test
        void registersServicesOnClientsAndDeregistrationSticks() {
            ConsulAgent owner = cluster.registerService(ServiceRegistration.builder("billing").id("billing-1").port(8080).build());
            assertThat(owner.role()).isEqualTo(AgentRole.CLIENT);
            assertThat(catalogNodesOf("billing")).containsExactly(owner.node());

            // Deregistering through another agent is the trap of the original deployment: it changes nothing.
            ConsulAgent other = cluster.clients().stream().filter(c -> c != owner).findFirst().orElseThrow();
            other.http().deregisterService("billing-1");
            assertThat(catalogNodesOf("billing")).containsExactly(owner.node());

            assertThat(cluster.deregisterService("billing-1")).containsExactly(owner.node());
            assertThat(catalogNodesOf("billing")).isEmpty();

            // A restart makes the owner sync its state to the catalog again: the service must stay gone.
            cluster.restart(owner);
            cluster.awaitReady(Duration.ofSeconds(30));
            assertThat(owner.http().agentServices()).doesNotContainKey("billing-1");
            assertThat(cluster.server(0).http().catalogServices()).doesNotContain("billing");
        }

        @Test
        void resetLeavesEmptyKvAndOnlyConsulInTheCatalog() {
            for (int i = 0; i < 20; i++) {
                cluster.client(i % 3).http().kvPut("reset/key-" + i, "v" + i);
            }
            for (int i = 0; i < 4; i++) {
                cluster.registerService(ServiceRegistration.builder("svc-" + i).port(9000 + i)
                        .ttlCheck(Duration.ofMinutes(5)).build());
            }
            cluster.reset();
            assertThat(cluster.server(1).http().kvKeys("")).isEmpty();
            List<String> services = cluster.server(2).http().catalogServices();
            assertThat(services).containsExactly("consul");
            assertThat(cluster.agents()).allMatch(ConsulAgent::isRunning);
        }

        @Test
        void resetEndsSessionsSoTheNextTestTakesTheSameLockAtOnce() {
            ConsulHttp http = cluster.client(0).http();
            String session = TestJson.read(http.put("/v1/session/create", "{\"Name\":\"holder\"}")).path("ID").asText();
            assertThat(http.put("/v1/kv/reset/lock?acquire=" + session, "\"first test\"")).isEqualTo("true");

            cluster.reset();

            assertThat(TestJson.read(http.get("/v1/session/list"))).isEmpty();
            assertThat(http.kvKeys("")).isEmpty();
            // A session destroyed while holding a lock would put the key under Consul's 15 s lock-delay.
            String next = TestJson.read(http.put("/v1/session/create", "{\"Name\":\"next\"}")).path("ID").asText();
            assertThat(http.put("/v1/kv/reset/lock?acquire=" + next, "\"next test\"")).isEqualTo("true");
            cluster.reset();
        }

        private List<String> catalogNodesOf(String service) {
            return cluster.server(0).http().catalogServiceNodes(service);
        }
    }

    @Test
    void killingTheLeaderElectsAnotherAndKeepsTheData() {
        try (ConsulCluster cluster = ConsulCluster.builder().servers(3).clients(1).supervise(false)
                .binary(RealConsul.binary()).start()) {
            cluster.http().kvPut("survives", "leader loss");
            ConsulAgent old = cluster.leader();
            cluster.kill(old);
            assertThat(old.isRunning()).isFalse();
            ConsulAgent next = cluster.awaitLeaderChange(old, Duration.ofSeconds(30));
            assertThat(next).isNotSameAs(old);
            assertThat(cluster.http().kvGet("survives")).contains("leader loss");
            assertThat(old.isRunning()).as("unsupervised agents stay dead").isFalse();
        }
    }

    @Test
    void supervisorBringsKilledServerAndClientBackAsLiveMembers() {
        List<ClusterEvent> events = new CopyOnWriteArrayList<>();
        try (ConsulCluster cluster = ConsulCluster.builder().servers(3).clients(1).listener(events::add)
                .binary(RealConsul.binary()).start()) {
            ConsulAgent server = cluster.server(1);
            ConsulAgent client = cluster.client(0);
            long serverPid = server.pid();
            long clientPid = client.pid();
            cluster.kill(server);
            cluster.kill(client);
            cluster.awaitReady(Duration.ofSeconds(30));
            assertThat(server.pid()).isPositive().isNotEqualTo(serverPid);
            assertThat(client.pid()).isPositive().isNotEqualTo(clientPid);
            awaitEvent(events, ClusterEvent.Type.AGENT_RECOVERED, server.node());
            awaitEvent(events, ClusterEvent.Type.AGENT_RECOVERED, client.node());
            assertThat(events).anyMatch(e -> e.type() == ClusterEvent.Type.AGENT_EXITED && e.node().equals(server.node()));
        }
    }

    /** removeClient's promise: the client leaves for good, and every server lists it "left", never "failed". */
    @Test
    void aRemovedClientIsListedAsLeftByEveryServer() throws InterruptedException {
        try (ConsulCluster cluster = ConsulCluster.builder().servers(3).clients(1).binary(RealConsul.binary()).start()) {
            ConsulAgent added = cluster.addClient();
            cluster.removeClient(added);
            assertThat(added.isRunning()).isFalse();
            assertThat(cluster.clients()).extracting(ConsulAgent::node).doesNotContain(added.node());
            for (ConsulAgent server : cluster.servers()) {
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                MemberStatus seen = statusOf(server, added.node());
                while (seen != MemberStatus.LEFT && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                    seen = statusOf(server, added.node());
                }
                assertThat(seen).as(server.node() + "'s view of " + added.node()).isEqualTo(MemberStatus.LEFT);
            }
        }
    }

    private static MemberStatus statusOf(ConsulAgent agent, String node) {
        return agent.http().members().stream().filter(m -> m.name().equals(node)).map(ConsulMember::status)
                .findFirst().orElse(null);
    }

    @Test
    void clientsRejoinAfterEveryServerWasKilled() {
        try (ConsulCluster cluster = ConsulCluster.builder().servers(3).clients(2).binary(RealConsul.binary()).start()) {
            cluster.http().kvPut("before", "crash");
            cluster.servers().forEach(cluster::kill);
            cluster.awaitReady(Duration.ofSeconds(60));
            assertThat(cluster.client(1).http().kvGet("before")).contains("crash");
        }
    }

    @Test
    void persistentFolderSurvivesCloseAndStart(@TempDir Path root) {
        String nodeId;
        try (ConsulCluster cluster = ConsulCluster.builder().servers(3).clients(1).dataRoot(root)
                .binary(RealConsul.binary()).start()) {
            cluster.http().kvPut("persisted", "yes");
            cluster.registerService(ServiceRegistration.builder("kept").port(1234).build());
            nodeId = TestJson.read(cluster.client(0).http().get("/v1/agent/self")).path("Config").path("NodeID").asText();
        }
        try (ConsulCluster cluster = ConsulCluster.builder().servers(3).clients(1).dataRoot(root)
                .binary(RealConsul.binary()).start()) {
            assertThat(cluster.http().kvGet("persisted")).contains("yes");
            assertThat(cluster.client(0).http().agentServices()).containsKey("kept");
            assertThat(TestJson.read(cluster.client(0).http().get("/v1/agent/self")).path("Config").path("NodeID").asText()).isEqualTo(nodeId);
        }
    }

    @Test
    void singleServerUsesDevModeAndIsReadyFast() {
        try (ConsulCluster cluster = ConsulCluster.builder().servers(1).binary(RealConsul.binary()).start()) {
            assertThat(cluster.isDevMode()).isTrue();
            assertThat(cluster.leader()).isEqualTo(cluster.server(0));
            cluster.http().kvPut("dev", "mode");
            assertThat(cluster.http().kvGet("dev")).contains("mode");
            assertThat(cluster.server(0).node()).isEqualTo("consul-server-1");
        }
    }

    /**
     * The servers form the cluster sooner without clients competing for the cores, so the clients
     * are launched only once every server answers HTTP (its AGENT_STARTED event).
     */
    @Test
    void clientsAreLaunchedOnceEveryServerAnswers() {
        List<ClusterEvent> events = new CopyOnWriteArrayList<>();
        try (ConsulCluster cluster = ConsulCluster.builder().servers(3).clients(2).listener(events::add)
                .binary(RealConsul.binary()).start()) {
            List<String> started = events.stream().filter(e -> e.type() == ClusterEvent.Type.AGENT_STARTED)
                    .map(ClusterEvent::node).toList();
            assertThat(started).hasSize(5);
            assertThat(started.subList(0, 3)).containsExactlyInAnyOrder("consul-server-1", "consul-server-2", "consul-server-3");
            // Process start times come from /proc in clock ticks (10 ms), all on one basis: a server
            // needs far more than 20 ms to answer HTTP, and agents launched together start within a tick.
            Instant lastServerLaunched = cluster.servers().stream().map(ConsulClusterIT::launched)
                    .max(Instant::compareTo).orElseThrow();
            for (ConsulAgent client : cluster.clients()) {
                assertThat(launched(client)).as(client.node() + " launched")
                        .isAfterOrEqualTo(lastServerLaunched.plusMillis(20));
            }
        }
    }

    private static Instant launched(ConsulAgent agent) {
        return ProcessHandle.of(agent.pid()).orElseThrow().info().startInstant().orElseThrow();
    }

    @Test
    void closeStopsEveryProcessAndRemovesTemporaryFolders() {
        List<ClusterEvent> events = new CopyOnWriteArrayList<>();
        ConsulCluster cluster = ConsulCluster.builder().servers(3).clients(2).listener(events::add)
                .binary(RealConsul.binary()).start();
        assertThat(events).filteredOn(e -> e.type() == ClusterEvent.Type.AGENT_STARTED)
                .extracting(ClusterEvent::node).containsExactlyInAnyOrder("consul-server-1", "consul-server-2",
                        "consul-server-3", "consul-client-1", "consul-client-2");
        List<Long> pids = cluster.agents().stream().map(ConsulAgent::pid).toList();
        List<Path> dirs = cluster.agents().stream().map(ConsulAgent::dataDir).toList();
        cluster.close();
        cluster.close();
        assertThat(pids).allMatch(pid -> ProcessHandle.of(pid).isEmpty());
        assertThat(dirs).allMatch(d -> !d.toFile().exists());
    }

    private static void awaitEvent(List<ClusterEvent> events, ClusterEvent.Type type, String node) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (events.stream().anyMatch(e -> e.type() == type && e.node().equals(node))) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new AssertionError("no " + type + " event for " + node + " within 30 s; events: " + events);
    }
}
