package io.github.consulembedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Frozen agents (SIGSTOP): alive but silent, as in a long GC pause or behind a partition. */
class FreezeIT {

    @Test
    void freezingTheLeaderElectsAnotherAndTheThawedOneRejoinsAsFollower() {
        try (ConsulCluster cluster = ConsulCluster.builder().servers(3).clients(1).binary(RealConsul.binary()).start()) {
            ConsulAgent old = cluster.leader();
            long pid = old.pid();
            cluster.freeze(old);
            assertThat(old.isFrozen()).isTrue();
            assertThat(old.isRunning()).as("a frozen agent is alive").isTrue();

            ConsulAgent next = cluster.awaitLeaderChange(old);
            assertThat(next).isNotEqualTo(old);
            cluster.client(0).http().kvPut("written", "while frozen");

            cluster.thaw(old);
            cluster.awaitReady(Duration.ofSeconds(60));
            assertThat(old.pid()).as("the supervisor never restarted it").isEqualTo(pid);
            assertThat(old.http().leader()).isEqualTo(cluster.leader().serverAddress());
            assertThat(cluster.leader()).isNotEqualTo(old);
            assertThat(old.http().kvGet("written")).contains("while frozen");
        }
    }

    @Test
    void aFrozenClientsChecksGoCriticalAndPassAgainAfterThaw() {
        try (ConsulCluster cluster = ConsulCluster.builder().servers(3).clients(2).binary(RealConsul.binary()).start()) {
            ConsulAgent client = cluster.client(1);
            cluster.freeze(client);
            ConsulHttp http = cluster.client(0).http();
            awaitSerfHealth(http, client.node(), "critical");
            cluster.thaw(client);
            awaitSerfHealth(http, client.node(), "passing");
            cluster.awaitReady(Duration.ofSeconds(60));
        }
    }

    @Test
    void aWaitThatTakesLongerSaysEveryFiveSecondsWhatIsMissing() {
        List<ClusterEvent> events = new CopyOnWriteArrayList<>();
        try (ConsulCluster cluster = ConsulCluster.builder().servers(1).clients(1).listener(events::add)
                .binary(RealConsul.binary()).start()) {
            assertThat(events).noneMatch(e -> e.type() == ClusterEvent.Type.NOT_READY_YET);
            cluster.freeze(cluster.client(0));
            assertThatThrownBy(() -> cluster.awaitReady(Duration.ofSeconds(7)))
                    .isInstanceOf(ClusterNotReadyException.class);
            List<ClusterEvent> reports = events.stream().filter(e -> e.type() == ClusterEvent.Type.NOT_READY_YET).toList();
            assertThat(reports).hasSize(1);
            assertThat(reports.get(0).node()).isEmpty();
            assertThat(reports.get(0).detail()).startsWith("not ready after 5.").contains("consul-client-1: frozen");
            cluster.thaw(cluster.client(0));
        }
    }

    @Test
    void closingWithAFrozenAgentLeavesNothingBehind() {
        ConsulCluster cluster = ConsulCluster.builder().servers(3).clients(1).binary(RealConsul.binary()).start();
        List<Long> pids = cluster.agents().stream().map(ConsulAgent::pid).toList();
        List<Path> dirs = cluster.agents().stream().map(ConsulAgent::dataDir).toList();
        cluster.freeze(cluster.client(0));
        cluster.freeze(cluster.server(1));
        cluster.close();
        assertThat(pids).allMatch(pid -> ProcessHandle.of(pid).isEmpty());
        assertThat(dirs).allMatch(d -> !d.toFile().exists());
    }

    private static void awaitSerfHealth(ConsulHttp http, String node, String status) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            for (var check : TestJson.read(http.get("/v1/health/node/" + node))) {
                if (check.path("CheckID").asText().equals("serfHealth")) {
                    last = check.path("Status").asText();
                }
            }
            if (last.equals(status)) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("serfHealth of " + node + " was '" + last + "', not '" + status + "', after 30 s");
    }
}
