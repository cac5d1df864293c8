package io.github.consulembedded.benchmark;

import io.github.consulembedded.ConsulAgent;
import io.github.consulembedded.ConsulCluster;
import io.github.consulembedded.ConsulMember;
import java.time.Duration;
import java.util.List;

/**
 * How long a killed agent stays {@code alive} in {@code /v1/agent/members}: SIGKILL of a client
 * (so raft is not involved), then every 10 ms every other agent is asked, until none lists the
 * dead one as alive any more. The cluster must be unsupervised, or it would restart the agent.
 */
final class FailureDetection {
    private static final long POLL_MILLIS = 10;

    private FailureDetection() {
    }

    /** Kills {@code victim} and returns how long until no other agent reports it alive. */
    static Duration killAndAwaitNotAlive(ConsulCluster cluster, ConsulAgent victim, Duration timeout)
            throws InterruptedException {
        if (cluster.isSupervised()) {
            throw new IllegalArgumentException("a supervised cluster restarts the killed agent; start it with supervise(false)");
        }
        List<ConsulAgent> observers = cluster.agents().stream().filter(a -> !a.node().equals(victim.node())).toList();
        long began = System.nanoTime();
        cluster.kill(victim);
        long deadline = began + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (observers.stream().noneMatch(o -> seesAlive(o, victim.node()))) {
                return Duration.ofNanos(System.nanoTime() - began);
            }
            Thread.sleep(POLL_MILLIS);
        }
        throw new IllegalStateException(victim.node() + " was still alive for some agent after " + timeout);
    }

    private static boolean seesAlive(ConsulAgent observer, String node) {
        for (ConsulMember member : observer.http().members()) {
            if (member.name().equals(node)) {
                return member.isAlive();
            }
        }
        return false;
    }
}
