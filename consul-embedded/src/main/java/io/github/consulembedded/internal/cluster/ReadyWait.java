package io.github.consulembedded.internal.cluster;

import io.github.consulembedded.ClusterEvent;
import io.github.consulembedded.ConsulCluster;
import io.github.consulembedded.ConsulEmbeddedException;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One wait for a cluster to be ready, as a check to poll: each datacenter by {@link Readiness},
 * several datacenters federated over WAN ({@link WanFederated}), and usable through the
 * application agents ({@link ClusterUsable}). Along the way it keeps the wait cheap while no
 * server knows a leader or the leader is still registering the members, joins agents that missed
 * a member's gossip ({@link GossipRepair}), and says every {@link #REPORT_EVERY} what is still
 * missing (a {@code NOT_READY_YET} event).
 */
final class ReadyWait {
    static final Duration REPORT_EVERY = Duration.ofSeconds(5);
    static final Duration FULL_LOOK_EVERY = Duration.ofMillis(250);
    private static final Logger LOG = LoggerFactory.getLogger(ConsulCluster.class);

    private final Cluster cluster;
    private final List<String> datacenters;
    private final GossipRepair gossip = new GossipRepair();
    private final long began = System.nanoTime();
    private long nextReport = began + REPORT_EVERY.toNanos();
    private boolean observedOnce;
    private long nextFullLook;

    ReadyWait(Cluster cluster) {
        this.cluster = cluster;
        this.datacenters = cluster.spec().datacenters();
    }

    /** What the wait is for, as its timeout message names it. */
    String what() {
        return "the Consul cluster (" + cluster.agents().servers().size() + " servers, "
                + cluster.agents().clients().size() + " clients" + (datacenters.size() > 1 ? " in " + datacenters : "")
                + ") to be ready";
    }

    /** One look at the cluster: done when it is ready, otherwise why not. */
    Poll.Check<Boolean> check() {
        Poll.Check<Boolean> result = look();
        long now = System.nanoTime();
        if (!result.isDone() && now >= nextReport) {
            nextReport = now + REPORT_EVERY.toNanos();
            cluster.events().emit(ClusterEvent.Type.NOT_READY_YET, "not ready after "
                    + Durations.format(Duration.ofNanos(now - began)) + ": " + result.notYetReason());
        }
        return result;
    }

    private Poll.Check<Boolean> look() {
        // Until a server knows a leader, asking every agent for everything would only load the
        // CPU that starting agents need; so would it while the leader is still registering the
        // members and the servers' consul service (the first 50-150 ms after an election), which
        // a request to the leader and one to each server tell. The first look is always full, so
        // that a cluster that is ready already costs one round, and so is one every
        // FULL_LOOK_EVERY at the latest, so that gossip repair also sees a member that the leader
        // itself missed (and so never registers).
        long now = System.nanoTime();
        if (observedOnce) {
            for (String dc : datacenters) {
                Optional<Agent> leader = ClusterAwaits.knownLeader(cluster, dc);
                if (leader.isEmpty()) {
                    nextFullLook = now + FULL_LOOK_EVERY.toNanos();
                    return Poll.Check.notYet("no server" + (datacenters.size() > 1 ? " of " + dc : "") + " knows a leader yet");
                }
                if (now < nextFullLook) {
                    Optional<String> gap = catalogGap(leader.get(), dc);
                    if (gap.isPresent()) {
                        return Poll.Check.notYet(gap.get());
                    }
                }
            }
        }
        nextFullLook = now + FULL_LOOK_EVERY.toNanos();
        observedOnce = true;
        List<String> problems = new ArrayList<>();
        for (String dc : datacenters) {
            ClusterObservation view = ClusterObservation.of(cluster.agents().inDatacenter(dc));
            problems.addAll(Readiness.problems(view));
            repairGossip(dc, view);
        }
        if (problems.isEmpty() && datacenters.size() > 1) {
            problems.addAll(WanFederated.problems(cluster.agents().servers(), datacenters));
        }
        if (problems.isEmpty()) {
            for (String dc : datacenters) {
                List<Agent> servers = cluster.agents().servers().stream().filter(server -> server.datacenter().equals(dc)).toList();
                problems.addAll(ClusterUsable.problems(cluster.agents().applicationAgent(dc), servers, cluster.spec().acl()));
            }
        }
        return problems.isEmpty() ? Poll.Check.done(Boolean.TRUE) : Poll.Check.notYet(String.join("; ", problems));
    }

    /**
     * The catalog checks ({@link Readiness#catalogProblems}) on the catalog alone, read through
     * the leader: what the leader still registers after an election (the members, then each
     * server's {@code consul} service) is what keeps a cluster from being ready then. Empty when
     * they pass, or when a read was not answered (the full look then says why).
     */
    private Optional<String> catalogGap(Agent leader, String datacenter) {
        ClusterObservation catalog = ClusterObservation.ofCatalog(cluster.agents().inDatacenter(datacenter), leader);
        List<String> problems = Readiness.catalogProblems(catalog);
        if (problems.isEmpty() || !catalog.catalogReadsAnswered()) {
            return Optional.empty();
        }
        return Optional.of(String.join("; ", problems));
    }

    /**
     * Joins an agent to a running member it has not seen alive for a while: a gossip message it
     * missed would otherwise be repaired only by the next full sync, 30 s or more away.
     */
    private void repairGossip(String datacenter, ClusterObservation view) {
        Map<String, Set<String>> aliveSeenBy = new HashMap<>();
        Set<String> live = new HashSet<>();
        for (Agent agent : view.agents()) {
            if (agent.isRunning() && !agent.isFrozen()) {
                live.add(agent.node());
            }
            view.aliveMembersSeenBy(agent).ifPresent(alive -> aliveSeenBy.put(agent.node(), alive));
        }
        for (GossipRepair.Join join : gossip.due(datacenter, aliveSeenBy, live, System.nanoTime())) {
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
}
