package io.github.consulembedded.junit;

import io.github.consulembedded.ConsulCluster;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.consulembedded.ConsulHttp;
import io.github.consulembedded.junit.EmbeddedConsulCluster.ResetPolicy;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;

/** Classes for JUnit's parallel mode: how many tests use one shared cluster at the same time. */
final class ParallelFixtures {
    static final AtomicInteger ACTIVE = new AtomicInteger();
    /** Every cluster a fixture test was given, by identity. */
    static final Set<ConsulCluster> CLUSTERS = ConcurrentHashMap.newKeySet();
    static final AtomicInteger MAX_ACTIVE = new AtomicInteger();
    static final AtomicInteger FAILURES = new AtomicInteger();
    static volatile CountDownLatch arrivals = new CountDownLatch(2);
    // How long a test waits to see another one use the cluster; the locked case waits it out.
    static final Duration OVERLAP_WINDOW = Duration.ofSeconds(1);

    private ParallelFixtures() {
    }

    static void reset() {
        CLUSTERS.clear();
        ACTIVE.set(0);
        MAX_ACTIVE.set(0);
        FAILURES.set(0);
        arrivals = new CountDownLatch(2);
    }

    /** Uses the cluster and waits up to the window for another test to use it too. */
    abstract static class UsesClusterAwhile {
        @Test
        void usesTheCluster(ConsulHttp http, ConsulCluster cluster) throws InterruptedException {
            CLUSTERS.add(cluster);
            int active = ACTIVE.incrementAndGet();
            try {
                MAX_ACTIVE.accumulateAndGet(active, Math::max);
                http.kvPut(getClass().getSimpleName(), "here");
                long deadline = System.nanoTime() + OVERLAP_WINDOW.toNanos();
                while (ACTIVE.get() < 2 && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                MAX_ACTIVE.accumulateAndGet(ACTIVE.get(), Math::max);
                assertThat(http.kvGet(getClass().getSimpleName())).contains("here");
            } finally {
                ACTIVE.decrementAndGet();
            }
        }
    }

    @Fixture @EmbeddedConsulCluster(servers = 1, clients = 0) static class ResetsA extends UsesClusterAwhile { }

    @Fixture @EmbeddedConsulCluster(servers = 1, clients = 0) static class ResetsB extends UsesClusterAwhile { }

    @Fixture @EmbeddedConsulCluster(servers = 1, clients = 0, reset = ResetPolicy.NEVER) static class NeverA extends UsesClusterAwhile { }

    @Fixture @EmbeddedConsulCluster(servers = 1, clients = 0, reset = ResetPolicy.NEVER) static class NeverB extends UsesClusterAwhile { }

    /** Holds each test until both have arrived, so that both reach the reset at the same time. */
    static final class BothArrive implements BeforeEachCallback, TestWatcher {
        @Override
        public void beforeEach(ExtensionContext context) throws InterruptedException {
            arrivals.countDown();
            assertThat(arrivals.await(10, TimeUnit.SECONDS)).as("both tests arrived").isTrue();
        }

        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            FAILURES.incrementAndGet();
        }
    }

    /**
     * Registered in code, so without the annotation's resource lock: under parallel execution
     * its two tests reach the reset together, and the second is refused.
     */
    @Fixture
    @ExtendWith(BothArrive.class)
    static class ProgrammaticWithoutLock {
        @RegisterExtension
        static final ConsulClusterExtension CONSUL = ConsulClusterExtension.builder().servers(1).clients(0).build();

        @Test
        void one() throws InterruptedException {
            awaitTheOtherFailing();
        }

        @Test
        void two() throws InterruptedException {
            awaitTheOtherFailing();
        }

        private static void awaitTheOtherFailing() throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (FAILURES.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        }
    }
}
