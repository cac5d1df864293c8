package io.github.consulembedded.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.consulembedded.ConsulAgent;
import io.github.consulembedded.ConsulCluster;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** A failing test on a cluster with a client, and a class that only needs a binary. */
final class FailureFixtures {
    /** Where the extension kept the failed cluster's data dirs, as the test's report names it. */
    static final AtomicReference<Path> DATA_ROOT = new AtomicReference<>();
    static final AtomicReference<ConsulAgent> CLIENT = new AtomicReference<>();

    private FailureFixtures() {
    }

    @Fixture
    @EmbeddedConsulCluster(servers = 1, clients = 1)
    static class FailingTest {
        @Test
        void fails(ConsulCluster cluster) {
            CLIENT.set(cluster.client(0));
            assertThat(cluster.http().kvGet("never/written")).as("a key nobody wrote").isPresent();
        }
    }

    @Fixture
    @EmbeddedConsulCluster(servers = 1, clients = 0)
    static class NeedsBinary {
        @Test
        void test() {
        }
    }

    @Fixture
    @EmbeddedConsulCluster(servers = 1, clients = 0, skipWhenUnavailable = true)
    static class SkipsWithoutBinary {
        @Test
        void test() {
        }
    }
}
