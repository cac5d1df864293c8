package io.github.consulembedded.internal.cluster;

import io.github.consulembedded.ClusterEvent;
import io.github.consulembedded.ClusterNotReadyException;
import io.github.consulembedded.ConsulCluster;
import io.github.consulembedded.ConsulEmbeddedException;
import io.github.consulembedded.ConsulMember;
import io.github.consulembedded.internal.agent.Agent;
import io.github.consulembedded.internal.readiness.ClusterObservation;
import io.github.consulembedded.internal.readiness.ClusterUsable;
import io.github.consulembedded.internal.readiness.GossipRepair;
import io.github.consulembedded.internal.readiness.Readiness;
import io.github.consulembedded.internal.readiness.WanFederated;
import io.github.consulembedded.internal.util.Durations;
import io.github.consulembedded.internal.util.Poll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waiting on a cluster: until it is ready, until its agents agree on a usable leader, until a
 * number of members is alive. A timeout explains, agent by agent, what is missing.
 */
public final class ClusterAwaits {
    private static final Logger LOG = LoggerFactory.getLogger(ConsulCluster.class);
    private static final int DIAGNOSIS_LOG_LINES = 15;
    static final Duration REPORT_EVERY = Duration.ofSeconds(5);

    private ClusterAwaits() {
    }

    /**
     * Waits until the whole topology is ready: each datacenter by {@link Readiness}, and several
     * datacenters federated over WAN ({@link WanFederated}).
     */
    public static void awaitReady(Cluster cluster, Duration timeout) {
        List<String> datacenters = cluster.spec().datacenters();
        boolean[] observedOnce = {false};
        GossipRepair gossip = new GossipRepair();
        await(cluster, "the Consul cluster (" + cluster.agents().servers().size() + " servers, "
                + cluster.agents().clients().size() + " clients" + (datacenters.size() > 1 ? " in " + datacenters : "")
                + ") to be ready", timeout, Duration.ofMillis(50), reportingSlowness(cluster, () -> {
                    // Until a server knows a leader, asking every agent for everything would only
                    // load the CPU that the starting agents need; the first look is always full,
                    // so that a cluster that is already ready costs a single round.
                    if (observedOnce[0]) {
                        for (String dc : datacenters) {
                            if (!anyServerKnowsLeader(cluster, dc)) {
                                return Poll.Check.notYet("no server" + (datacenters.size() > 1 ? " of " + dc : "")
                                        + " knows a leader yet");
                            }
                        }
                    }
                    observedOnce[0] = true;
                    List<String> problems = new ArrayList<>();
                    for (String dc : datacenters) {
                        ClusterObservation view = ClusterObservation.of(cluster.agents().inDatacenter(dc));
                        problems.addAll(Readiness.problems(view));
                        repairGossip(cluster, view, gossip);
                    }
                    if (problems.isEmpty() && datacenters.size() > 1) {
                        problems.addAll(WanFederated.problems(cluster.agents().servers(), datacenters));
                    }
                    if (problems.isEmpty()) {
                        for (String dc : datacenters) {
                            List<Agent> servers = cluster.agents().servers().stream()
                                    .filter(server -> server.datacenter().equals(dc)).toList();
                            problems.addAll(ClusterUsable.problems(cluster.agents().applicationAgent(dc), servers,
                                    cluster.spec().acl()));
                        }
                    }
                    return problems.isEmpty() ? Poll.Check.done(Boolean.TRUE) : Poll.Check.notYet(String.join("; ", problems));
                }));
    }

    /**
     * {@code check}, which also tells the cluster's listeners (and the log) every
     * {@link #REPORT_EVERY} that the cluster is not ready yet and why, so that a slow start
     * explains itself while it happens rather than only if it times out.
     */
    private static <T> Callable<Poll.Check<T>> reportingSlowness(Cluster cluster, Callable<Poll.Check<T>> check) {
        long began = System.nanoTime();
        long[] nextReport = {began + REPORT_EVERY.toNanos()};
        return () -> {
            Poll.Check<T> result = check.call();
            long now = System.nanoTime();
            if (!result.isDone() && now >= nextReport[0]) {
                nextReport[0] = now + REPORT_EVERY.toNanos();
                cluster.events().emit(ClusterEvent.Type.NOT_READY_YET, "not ready after "
                        + Durations.format(Duration.ofNanos(now - began)) + ": " + result.notYetReason());
            }
            return result;
        };
    }

    /**
     * Joins an agent to a running member it has not seen alive for a while ({@link GossipRepair}):
     * a gossip message it missed would otherwise be repaired only by the next full sync, 30 s or more away.
     */
    private static void repairGossip(Cluster cluster, ClusterObservation view, GossipRepair repair) {
        Map<String, Set<String>> aliveSeenBy = new HashMap<>();
        Set<String> live = new HashSet<>();
        for (Agent agent : view.agents()) {
            if (agent.isRunning() && !agent.isFrozen()) {
                live.add(agent.node());
            }
            view.membersSeenBy(agent).ifPresent(members -> {
                Set<String> alive = new HashSet<>();
                for (ConsulMember m : members) {
                    if (m.isAlive()) {
                        alive.add(m.name());
                    }
                }
                aliveSeenBy.put(agent.node(), alive);
            });
        }
        for (GossipRepair.Join join : repair.due(aliveSeenBy, live, System.nanoTime())) {
            Agent viewer = cluster.agents().byNode(join.viewer());
            Agent member = cluster.agents().byNode(join.member());
            try {
                viewer.probe().put("/v1/agent/join/" + member.serfLanAddress(), null);
                LOG.info("{} has not seen {} alive for over {}: joined it to {} (a gossip message was missed)",
                        viewer.node(), member.node(), Durations.format(Duration.ofNanos(GossipRepair.GRACE_NANOS)),
                        member.serfLanAddress());
            } catch (ConsulEmbeddedException e) {
                LOG.debug("Could not join {} to {}: {}", viewer.node(), member.node(), e.getMessage());
            }
        }
    }

    /** Whether a running server of {@code datacenter} names a leader: one small request per server, at most. */
    private static boolean anyServerKnowsLeader(Cluster cluster, String datacenter) {
        for (Agent server : cluster.agents().servers()) {
            if (server.datacenter().equals(datacenter) && server.isRunning() && !server.isFrozen()) {
                try {
                    if (!server.probe().leader().isEmpty()) {
                        return true;
                    }
                } catch (ConsulEmbeddedException e) {
                    // Not answering yet: ask the next.
                }
            }
        }
        return false;
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
            List<ConsulMember> members = view.membersSeenBy(agent).orElse(List.of());
            for (Agent server : down) {
                boolean stillAlive = members.stream().anyMatch(m -> m.name().equals(server.node()) && m.isAlive());
                if (stillAlive) {
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
        for (Agent server : cluster.agents().servers()) {
            if (server.datacenter().equals(datacenter) && server.isRunning() && !server.isFrozen()) {
                try {
                    String address = server.probe().leader();
                    Agent leader = address.isEmpty() ? null : cluster.agents().serverAt(address);
                    if (leader != null) {
                        return leader;
                    }
                } catch (ConsulEmbeddedException e) {
                    // Try the next server.
                }
            }
        }
        throw new IllegalStateException("the cluster" + (cluster.spec().federated() ? "'s datacenter " + datacenter : "")
                + " has no leader right now; use awaitLeader() to wait for one");
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
                int alive = Readiness.aliveMembersSeenBy(view, server);
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
