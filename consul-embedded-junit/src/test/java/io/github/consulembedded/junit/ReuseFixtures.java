package io.github.consulembedded.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.consulembedded.ConsulAgent;
import io.github.consulembedded.ConsulCluster;
import io.github.consulembedded.ConsulHttp;
import io.github.consulembedded.ServiceRegistration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** A class with a reused cluster, run by {@link ReuseRunMain} in JVMs of their own, one run after the other. */
final class ReuseFixtures {
    private ReuseFixtures() {
    }

    @Fixture
    @EmbeddedConsulCluster(servers = 3, clients = 1, reuse = true)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class ReusedCluster {
        @Test
        @Order(1)
        void seesAnEmptyClusterAndLeavesData(ConsulCluster cluster, ConsulHttp http) {
            System.out.println("PIDS " + cluster.servers().stream().map(a -> Long.toString(a.pid()))
                    .collect(Collectors.joining(",")));
            System.out.println("REUSED " + cluster.isReused());
            assertThat(http.kvKeys("")).isEmpty();
            assertThat(http.catalogServices()).containsExactly("consul");
            http.kvPut("left/behind", "by an earlier run");
            http.registerService(ServiceRegistration.builder("leftover").port(1234).build());
        }

        @Test
        @Order(2)
        void faultsActOnTheReusedAgents(ConsulCluster cluster) {
            ConsulAgent server = cluster.server(1);
            long old = server.pid();
            cluster.kill(server);
            cluster.awaitLeader();
            // The keeper's supervisor restarts it, as this JVM's would.
            long deadline = System.nanoTime() + 60_000_000_000L;
            while ((!server.isRunning() || server.pid() == old) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(server.pid()).isPositive().isNotEqualTo(old);
            cluster.awaitMembers(4);
            System.out.println("PIDS_AT_END " + cluster.servers().stream().map(a -> Long.toString(a.pid()))
                    .collect(Collectors.joining(",")));
        }
    }
}
