package io.github.consulembedded.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.consulembedded.ConsulCluster;
import io.github.consulembedded.ConsulHttp;
import io.github.consulembedded.ServiceRegistration;
import io.github.consulembedded.junit.EmbeddedConsulCluster.ResetPolicy;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two ordered tests per policy: the first checks the cluster is empty and leaves a key and a
 * service, the second looks for them. Run in the order of their {@code @Order}, on one cluster.
 */
final class ResetFixtures {
    private ResetFixtures() {
    }

    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    abstract static class LeavesDataBehind {
        @Test
        @Order(1)
        void firstLeavesAKeyAndAService(ConsulHttp http) {
            assertThat(http.kvKeys("")).isEmpty();
            http.kvPut("left/behind", "by the first test");
            http.registerService(ServiceRegistration.builder("leftover").port(1234).build());
        }
    }

    @Fixture
    @Order(1)
    @EmbeddedConsulCluster(servers = 1, clients = 0)
    static class BeforeEachByDefault extends LeavesDataBehind {
        @Test
        @Order(2)
        void secondSeesAnEmptyCluster(ConsulCluster cluster) {
            assertThat(cluster.http().kvKeys("")).isEmpty();
            assertThat(cluster.http().agentServices()).doesNotContainKey("leftover");
        }
    }

    @Fixture
    @Order(2)
    @EmbeddedConsulCluster(servers = 1, clients = 0, reset = ResetPolicy.NEVER)
    static class Never extends LeavesDataBehind {
        @Test
        @Order(2)
        void secondSeesWhatTheFirstLeft(ConsulHttp http) {
            assertThat(http.kvGet("left/behind")).contains("by the first test");
            assertThat(http.agentServices()).containsKey("leftover");
        }
    }

    /** Runs after {@link Never} on the same cluster: the reset before all its tests empties it. */
    @Fixture
    @Order(3)
    @EmbeddedConsulCluster(servers = 1, clients = 0, reset = ResetPolicy.BEFORE_ALL)
    static class BeforeAll extends LeavesDataBehind {
        @Test
        @Order(2)
        void secondSeesWhatTheFirstLeft(ConsulHttp http) {
            assertThat(http.kvGet("left/behind")).contains("by the first test");
        }
    }
}
