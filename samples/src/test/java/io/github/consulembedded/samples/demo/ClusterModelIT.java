package io.github.consulembedded.samples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.consulembedded.ConsulAgent;
import io.github.consulembedded.ConsulCluster;
import io.github.consulembedded.ServiceRegistration;
import io.github.consulembedded.samples.RealConsul;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The demo's model on a real, supervised 3+3 cluster, as the desktop demo starts it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterModelIT {
    ConsulCluster cluster;
    ClusterModel model;
    DemoActions actions;
    final List<ClusterSnapshot> seen = new CopyOnWriteArrayList<>();

    @BeforeAll
    void start() {
        if (RealConsul.available().isEmpty()) {
            return; // each test aborts in everyAgentAliveWithALeader(), so Surefire reports them as skipped
        }
        cluster = ConsulCluster.builder().servers(3).clients(3).binary(RealConsul.binary()).start();
        model = new ClusterModel(new ManagedClusterControl(cluster));
        model.addListener(seen::add);
        model.start();
        actions = new DemoActions(model);
    }

    @AfterAll
    void stop() {
        if (model != null) {
            model.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @BeforeEach
    void everyAgentAliveWithALeader() throws InterruptedException {
        RealConsul.binary();
        model.await(s -> s.hasLeader() && cluster.agents().stream().allMatch(a -> s.agent(a.node())
                .filter(x -> x.status() == AgentStatus.ALIVE).isPresent()), Duration.ofSeconds(60));
        seen.clear();
    }

    @Test
    void seesTheLeaderEveryMemberAndTheRaftPeers() throws InterruptedException {
        ClusterSnapshot s = model.await(ClusterSnapshot::hasLeader, Duration.ofSeconds(5));

        assertThat(s.leader()).isEqualTo(cluster.leader().node());
        // Clients removed by another test stay visible as left members; the rest are this cluster's agents.
        assertThat(s.agents()).filteredOn(a -> a.status() != AgentStatus.LEFT).extracting(ClusterSnapshot.Agent::node)
                .containsExactlyElementsOf(cluster.agents().stream().map(ConsulAgent::node).toList());
        assertThat(s.agents()).filteredOn(ClusterSnapshot.Agent::leader).extracting(ClusterSnapshot.Agent::node)
                .containsExactly(cluster.leader().node());
        assertThat(s.agents()).filteredOn(a -> a.status() != AgentStatus.LEFT).allSatisfy(a -> {
            assertThat(a.gossip()).isEqualTo("alive");
            assertThat(a.pid()).isEqualTo(cluster.agent(a.node()).pid());
        });
        assertThat(s.peers()).containsExactlyInAnyOrderElementsOf(
                cluster.servers().stream().map(ConsulAgent::serverAddress).toList());
    }

    @Test
    void killingTheLeaderFromTheDemoShowsNoLeaderThenALeaderAndTheNodeRestarted() throws InterruptedException {
        String old = model.snapshot().leader();
        long oldPid = model.snapshot().agent(old).orElseThrow().pid();

        assertThat(actions.killLeader()).isEqualTo(old);

        ClusterSnapshot healed = model.await(s -> s.hasLeader() && s.agent(old).filter(a -> a.status() == AgentStatus.ALIVE
                && a.pid() != oldPid).isPresent(), Duration.ofSeconds(30));
        assertThat(seen).anySatisfy(s -> assertThat(s.hasLeader()).isFalse());
        assertThat(seen).anySatisfy(s -> assertThat(s.agent(old)).map(ClusterSnapshot.Agent::status).contains(AgentStatus.RESTARTING));
        assertThat(healed.events()).anyMatch(e -> e.contains("leader " + old + " lost"))
                .anyMatch(e -> e.contains("elected leader"));
    }

    @Test
    void observesTheSupervisorRestartingAKilledServer() throws InterruptedException {
        String node = cluster.server(1).node();
        long oldPid = model.snapshot().agent(node).orElseThrow().pid();

        cluster.kill(cluster.agent(node));

        ClusterSnapshot back = model.await(s -> s.agent(node).filter(a -> a.status() == AgentStatus.ALIVE
                && a.pid() > 0 && a.pid() != oldPid).isPresent(), Duration.ofSeconds(30));
        assertThat(seen).anySatisfy(s -> assertThat(s.agent(node)).map(ClusterSnapshot.Agent::status).contains(AgentStatus.RESTARTING));
        assertThat(back.agent(node).orElseThrow().pid()).isEqualTo(cluster.agent(node).pid());
        assertThat(back.events()).anyMatch(e -> e.contains("AGENT_RECOVERED " + node));
    }

    @Test
    void observesAManualRestartAsRestartingThenANewPid() throws InterruptedException {
        String node = cluster.client(2).node();
        long oldPid = model.snapshot().agent(node).orElseThrow().pid();

        actions.restart(node);

        model.await(s -> s.agent(node).filter(a -> a.status() == AgentStatus.ALIVE && a.pid() != oldPid).isPresent(),
                Duration.ofSeconds(30));
        assertThat(seen).anySatisfy(s -> assertThat(s.agent(node)).map(ClusterSnapshot.Agent::status).contains(AgentStatus.RESTARTING));
    }

    @Test
    void showsADemoServiceWithItsHealthAndLosesItOnDeregistration() throws InterruptedException {
        String id = actions.registerDemoService(Optional.of(cluster.client(0).node()));

        ClusterSnapshot registered = model.await(s -> s.services().stream()
                .anyMatch(x -> x.id().equals(id) && x.health().equals("passing")), Duration.ofSeconds(10));
        assertThat(registered.services()).filteredOn(x -> x.id().equals(id)).singleElement()
                .satisfies(x -> assertThat(x.node()).isEqualTo(cluster.client(0).node()));

        assertThat(actions.deregisterService(id)).containsExactly(cluster.client(0).node());
        model.await(s -> s.services().stream().noneMatch(x -> x.id().equals(id)), Duration.ofSeconds(5));
        assertThat(cluster.client(0).http().agentServices()).doesNotContainKey(id);
    }

    @Test
    void followsKvPutsAndDeletes() throws InterruptedException {
        actions.kvPut("demo/greeting", "hello");
        model.await(s -> s.kvKeys().contains("demo/greeting"), Duration.ofSeconds(5));
        assertThat(actions.kvGet("demo/greeting")).contains("hello");

        actions.kvDelete("demo/greeting");
        model.await(s -> !s.kvKeys().contains("demo/greeting"), Duration.ofSeconds(5));
    }

    @Test
    void showsAnAddedClientAndThenTheRemovedOneAsLeft() throws InterruptedException {
        String added = actions.addClient();
        model.await(s -> s.agent(added).filter(a -> a.status() == AgentStatus.ALIVE).isPresent(), Duration.ofSeconds(10));

        actions.removeClient(added);

        model.await(s -> s.agent(added).filter(a -> a.status() == AgentStatus.LEFT && a.pid() == -1).isPresent(),
                Duration.ofSeconds(10));
    }

    /**
     * The leader change on its own cluster without supervision: a supervisor brings the killed
     * leader back within about 200 ms, and it may then win the election again. What is asserted
     * is what the library and the demo control: a new leader comes within the cluster's ready
     * timeout, and the model shows it soon after the cluster's own {@code awaitLeaderChange}
     * returns. How long Consul takes to elect is Consul's (raft timeouts, split votes, machine
     * load) and is only printed.
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithoutSupervision {
        static final int ROUNDS = 5;
        /**
         * The target, printed for comparison but not asserted: measured here (2 cores,
         * Consul 1.8.7, raft_multiplier 1) Consul itself needs 2.2-3.4 s to agree on a new leader,
         * and over 5 s on a busy machine or after a split vote.
         */
        static final Duration LEADER_CHANGE_TARGET = Duration.ofSeconds(2);
        /** The model polls the leader every 250 ms; a poll round costs a few ms per server. */
        static final Duration MODEL_LAG_BOUND = Duration.ofMillis(500);

        ConsulCluster unsupervised;
        ClusterModel watching;
        final List<ClusterSnapshot> snapshots = new CopyOnWriteArrayList<>();

        @BeforeAll
        void start() {
            // One cluster at a time on this machine: the outer one is paused for nothing, so close it first.
            ClusterModelIT.this.stop();
            if (RealConsul.available().isEmpty()) {
                return;
            }
            unsupervised = ConsulCluster.builder().servers(3).clients(3).supervise(false).binary(RealConsul.binary()).start();
            watching = new ClusterModel(new ManagedClusterControl(unsupervised));
            watching.addListener(snapshots::add);
            watching.start();
        }

        @AfterAll
        void stop() {
            if (watching != null) {
                watching.close();
            }
            if (unsupervised != null) {
                unsupervised.close();
            }
        }

        @Test
        void showsTheNewLeaderWithinHalfASecondOfConsulElectingItAfterTheLeaderIsKilled() throws InterruptedException {
            List<Long> totals = new java.util.ArrayList<>();
            for (int round = 1; round <= ROUNDS; round++) {
                String old = watching.await(s -> s.hasLeader() && s.agents().stream()
                        .allMatch(a -> a.status() == AgentStatus.ALIVE), Duration.ofSeconds(30)).leader();
                assertThat(old).isEqualTo(unsupervised.leader().node());
                snapshots.clear();

                long killedAt = System.nanoTime();
                unsupervised.kill(unsupervised.agent(old));
                // Throws unless the running servers agree on another leader within the ready timeout.
                String elected = unsupervised.awaitLeaderChange(unsupervised.agent(old),
                        unsupervised.spec().readyTimeout()).node();
                long consulAgreedAt = System.nanoTime();
                ClusterSnapshot after = watching.await(s -> s.leader().equals(elected), Duration.ofSeconds(5));
                long modelSawAt = System.nanoTime();

                long total = (modelSawAt - killedAt) / 1_000_000;
                long lag = Math.max(0, modelSawAt - consulAgreedAt) / 1_000_000;
                totals.add(total);
                System.out.printf("ClusterModelIT round %d: killed leader %s, Consul agreed on %s after %d ms, "
                        + "the model showed it after %d ms (%d ms behind Consul)%n", round, old, elected,
                        (consulAgreedAt - killedAt) / 1_000_000, total, lag);
                assertThat(snapshots).anySatisfy(s -> assertThat(s.hasLeader()).isFalse());
                assertThat(after.agent(old)).map(ClusterSnapshot.Agent::status).contains(AgentStatus.FAILED);
                assertThat(lag).as("ms the model lagged behind Consul's own agreement").isLessThanOrEqualTo(MODEL_LAG_BOUND.toMillis());
                unsupervised.restart(unsupervised.agent(old));
            }
            totals.sort(null);
            System.out.printf("ClusterModelIT: kill to new leader in the model, sorted: %s ms (issue's target %d ms)%n",
                    totals, LEADER_CHANGE_TARGET.toMillis());
        }
    }

    /**
     * The model on a cluster with TLS and ACLs: every read goes over HTTPS with the cluster's
     * client certificate and carries the ACL token, blocking queries included.
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithTlsAndAcl {
        ConsulCluster secured;
        ClusterModel watching;

        @BeforeAll
        void start() {
            ClusterModelIT.this.stop();
            if (RealConsul.available().isEmpty()) {
                return;
            }
            secured = ConsulCluster.builder().servers(1).clients(1).tls().acl().binary(RealConsul.binary()).start();
            watching = new ClusterModel(new ManagedClusterControl(secured));
            watching.start();
        }

        @AfterAll
        void stop() {
            if (watching != null) {
                watching.close();
            }
            if (secured != null) {
                secured.close();
            }
        }

        @Test
        void followsLeaderMembersKvAndServicesOverHttpsWithTheToken() throws InterruptedException {
            RealConsul.binary();
            assertThat(secured.httpAddress().getScheme()).isEqualTo("https");
            ClusterSnapshot ready = watching.await(s -> s.hasLeader() && s.agents().size() == 2
                    && s.agents().stream().allMatch(a -> a.status() == AgentStatus.ALIVE), Duration.ofSeconds(30));
            assertThat(ready.leader()).isEqualTo(secured.leader().node());
            assertThat(ready.peers()).containsExactly(secured.server(0).serverAddress());

            DemoActions actions = new DemoActions(watching);
            actions.kvPut("demo/secured", "yes");
            watching.await(s -> s.kvKeys().contains("demo/secured"), Duration.ofSeconds(5));
            String id = actions.registerDemoService(Optional.of(secured.client(0).node()));
            watching.await(s -> s.services().stream().anyMatch(x -> x.id().equals(id) && x.health().equals("passing")),
                    Duration.ofSeconds(10));
        }
    }

    /**
     * The model on two WAN-federated datacenters of one server and one client: each datacenter's
     * agents, leader and peers from its own servers, the catalog and KV of the primary only.
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class WithTwoDatacenters {
        ConsulCluster federated;
        ClusterModel watching;

        @BeforeAll
        void start() {
            ClusterModelIT.this.stop();
            if (RealConsul.available().isEmpty()) {
                return;
            }
            federated = ConsulCluster.builder().datacenters("dc1", "dc2").servers(1).clients(1)
                    .binary(RealConsul.binary()).start();
            watching = new ClusterModel(new ManagedClusterControl(federated));
            watching.start();
        }

        @AfterAll
        void stop() {
            if (watching != null) {
                watching.close();
            }
            if (federated != null) {
                federated.close();
            }
        }

        @BeforeEach
        void everyAgentAliveWithALeaderInEachDatacenter() throws InterruptedException {
            RealConsul.binary();
            watching.await(s -> s.everyDatacenterHasALeader() && s.agents().size() == 4
                    && s.agents().stream().allMatch(a -> a.status() == AgentStatus.ALIVE), Duration.ofSeconds(60));
        }

        @Test
        void showsEachDatacentersAgentsLeaderAndPeers() {
            ClusterSnapshot s = watching.snapshot();

            assertThat(s.datacenters()).extracting(ClusterSnapshot.Datacenter::name).containsExactly("dc1", "dc2");
            for (String dc : List.of("dc1", "dc2")) {
                assertThat(s.agents(dc)).as("agents of %s", dc).extracting(ClusterSnapshot.Agent::node)
                        .containsExactlyElementsOf(federated.agents(dc).stream().map(ConsulAgent::node).toList());
                assertThat(s.agents(dc)).allSatisfy(a -> assertThat(a.pid()).isEqualTo(federated.agent(a.node()).pid()));
                assertThat(s.leader(dc)).as("leader of %s", dc).isEqualTo(federated.leader(dc).node());
                assertThat(s.datacenter(dc).orElseThrow().peers()).as("peers of %s", dc)
                        .containsExactly(federated.servers(dc).get(0).serverAddress());
            }
            assertThat(s.agents()).filteredOn(ClusterSnapshot.Agent::leader).extracting(ClusterSnapshot.Agent::node)
                    .containsExactlyInAnyOrder(federated.leader("dc1").node(), federated.leader("dc2").node());
            assertThat(s.agents("dc2")).extracting(ClusterSnapshot.Agent::node).allMatch(n -> n.endsWith("-dc2"));
        }

        @Test
        void showsThePrimaryDatacentersCatalogAndKvOnly() throws InterruptedException {
            ConsulAgent dc2Client = federated.clients("dc2").get(0);
            federated.registerService(dc2Client, ServiceRegistration.builder("only-in-dc2").port(1).build());
            dc2Client.http().kvPut("demo/only-in-dc2", "x");
            DemoActions actions = new DemoActions(watching);
            String id = actions.registerDemoService(Optional.of(dc2Client.node()));
            actions.kvPut("demo/in-dc1", "y");

            // The watches follow one datacenter: once dc1's writes show, dc2's would have too if they followed dc2.
            ClusterSnapshot s = watching.await(x -> x.kvKeys().contains("demo/in-dc1")
                    && x.services().stream().anyMatch(v -> v.id().equals(id)), Duration.ofSeconds(10));
            assertThat(s.services()).filteredOn(v -> v.id().equals(id)).singleElement()
                    .satisfies(v -> assertThat(v.node()).as("a dc2 node asked for, a dc1 client used")
                            .isEqualTo(federated.clients("dc1").get(0).node()));
            assertThat(s.instancesOf("only-in-dc2")).isEmpty();
            assertThat(s.kvKeys()).doesNotContain("demo/only-in-dc2");
        }

        @Test
        void killingDc2sLeaderLeavesDc1sLeaderAndShowsDc2sElection() throws InterruptedException {
            String dc1Leader = watching.snapshot().leader("dc1");
            String dc2Leader = watching.snapshot().leader("dc2");
            List<ClusterSnapshot> seen = new CopyOnWriteArrayList<>();
            watching.addListener(seen::add);

            assertThat(new DemoActions(watching).killLeader("dc2")).isEqualTo(dc2Leader);

            ClusterSnapshot healed = watching.await(s -> s.everyDatacenterHasALeader() && seen.stream()
                    .anyMatch(x -> x.leader("dc2").isEmpty()), Duration.ofSeconds(60));
            assertThat(seen).allSatisfy(x -> assertThat(x.leader("dc1")).isEqualTo(dc1Leader));
            assertThat(healed.events()).anyMatch(e -> e.contains("dc2: leader " + dc2Leader + " lost"))
                    .anyMatch(e -> e.contains("dc2: ") && e.contains("elected leader"));
        }
    }
}
