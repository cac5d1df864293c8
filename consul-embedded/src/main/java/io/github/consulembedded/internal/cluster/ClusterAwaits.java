package io.github.consulembedded.internal.cluster;

import io.github.consulembedded.ClusterNotReadyException;
import io.github.consulembedded.ConsulEmbeddedException;
import io.github.consulembedded.internal.agent.Agent;
import io.github.consulembedded.internal.readiness.ClusterObservation;
import io.github.consulembedded.internal.readiness.ClusterUsable;
import io.github.consulembedded.internal.readiness.Readiness;
import io.github.consulembedded.internal.readiness.WanFederated;
import io.github.consulembedded.internal.util.Durations;
import io.github.consulembedded.internal.util.Poll;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Waiting on a cluster: until it is ready, until its agents agree on a usable leader, until a
 * number of members is alive. A timeout explains, agent by agent, what is missing.
 */
public final class ClusterAwaits {
    private static final int DIAGNOSIS_LOG_LINES = 15;

    private ClusterAwaits() {
    }

    /**
     * Waits until the whole topology is ready: each datacenter by {@link Readiness}, and several
     * datacenters federated over WAN ({@link WanFederated}); see {@link ReadyWait}.
     */
    public static void awaitReady(Cluster cluster, Duration timeout) {
        ReadyWait wait = new ReadyWait(cluster);
        await(cluster, wait.what(), timeout, Duration.ofMillis(50), wait::check);
    }

    /**
     * Waits for a leader that applications can use, other than {@code old} if given: every
     * answering agent names it, it is a running server of this cluster, every answering agent
     * sees the servers that are down (killed, stopped, frozen) as not alive (so no client still
     * routes requests to them), and a consistent read through every answering agent succeeds.
     */
    public static Agent awaitLeader(Cluster cluster, String datacenter, Agent old, Duration timeout) {
        String what = (old == null ? "a leader" : "a leader other than " + old.node())
                + (cluster.spec().federated() ? " in " + datacenter : "");
        return await(cluster, what, timeout, Duration.ofMillis(25), () -> usableLeader(cluster, datacenter, old));
    }

    private static Poll.Check<Agent> usableLeader(Cluster cluster, String datacenter, Agent old) {
        List<Agent> answering = cluster.agents().answering().stream().filter(a -> a.datacenter().equals(datacenter)).toList();
        if (answering.isEmpty()) {
            return Poll.Check.notYet("no agent of " + datacenter + " is running");
        }
        ClusterObservation view = ClusterObservation.of(answering);
        String address = view.agreedLeader();
        if (address.isEmpty()) {
            return Poll.Check.notYet("running agents do not agree on a leader");
        }
        Agent leader = cluster.agents().serverAt(address);
        if (leader == null) {
            return Poll.Check.notYet("leader " + address + " is not a server of this cluster");
        }
        if (!answering.contains(leader)) {
            return Poll.Check.notYet("the agents still name " + leader.node() + ", which is " + leader.state().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (leader == old) {
            return Poll.Check.notYet("leader is still " + old.node());
        }
        List<Agent> down = cluster.agents().servers().stream()
                .filter(s -> s.datacenter().equals(datacenter) && !answering.contains(s)).toList();
        for (Agent agent : answering) {
            Set<String> alive = view.aliveMembersSeenBy(agent).orElse(Set.of());
            for (Agent server : down) {
                if (alive.contains(server.node())) {
                    return Poll.Check.notYet(agent.node() + " still sees " + server.node() + " as alive");
                }
            }
        }
        for (Agent agent : answering) {
            try {
                agent.probe().getIfPresent(ClusterUsable.PROBE_KEY);
            } catch (ConsulEmbeddedException e) {
                return Poll.Check.notYet(agent.node() + " cannot reach the leader yet: " + e.getMessage());
            }
        }
        return Poll.Check.done(leader);
    }

    /** The leader of {@code datacenter} as its running servers see it, without waiting. */
    public static Agent currentLeader(Cluster cluster, String datacenter) {
        return knownLeader(cluster, datacenter).orElseThrow(() -> new IllegalStateException("the cluster"
                + (cluster.spec().federated() ? "'s datacenter " + datacenter : "")
                + " has no leader right now; use awaitLeader() to wait for one"));
    }

    /**
     * The leader of {@code datacenter} as the first of its running servers that names one (a
     * server of this cluster) tells it, without waiting: one small request per server, at most.
     */
    static Optional<Agent> knownLeader(Cluster cluster, String datacenter) {
        for (Agent server : cluster.agents().servers()) {
            if (server.datacenter().equals(datacenter) && server.isRunning() && !server.isFrozen()) {
                try {
                    String address = server.probe().leader();
                    Agent leader = address.isEmpty() ? null : cluster.agents().serverAt(address);
                    if (leader != null) {
                        return Optional.of(leader);
                    }
                } catch (ConsulEmbeddedException e) {
                    // Try the next server.
                }
            }
        }
        return Optional.empty();
    }

    /** Waits until every running server of {@code datacenter} sees exactly {@code count} alive members. */
    public static void awaitMembers(Cluster cluster, String datacenter, int count, Duration timeout) {
        await(cluster, count + " alive members", timeout, Duration.ofMillis(50), () -> {
            List<Agent> running = cluster.agents().servers().stream()
                    .filter(s -> s.datacenter().equals(datacenter) && s.isRunning() && !s.isFrozen()).toList();
            if (running.isEmpty()) {
                return Poll.Check.notYet("no server is running");
            }
            ClusterObservation view = ClusterObservation.of(running);
            for (Agent server : running) {
                int alive = view.aliveMembersSeenBy(server).map(Set::size).orElse(-1);
                if (alive != count) {
                    return Poll.Check.notYet(server.node() + " sees " + alive + " alive members");
                }
            }
            return Poll.Check.done(Boolean.TRUE);
        });
    }

    /** Polls {@code check}; on timeout the exception explains, agent by agent, what is missing. */
    static <T> T await(Cluster cluster, String what, Duration timeout, Duration interval, Callable<Poll.Check<T>> check) {
        try {
            return Poll.until(timeout, interval, cluster.agents().output(), check, Optional::empty);
        } catch (Poll.TimeoutException e) {
            throw new ClusterNotReadyException("timed out after " + Durations.format(timeout) + " waiting for " + what
                    + ": " + e.lastReason() + "\n"
                    + Readiness.diagnosis(ClusterObservation.of(cluster.agents().all()), DIAGNOSIS_LOG_LINES), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConsulEmbeddedException("interrupted while waiting for " + what, e);
        }
    }
}
