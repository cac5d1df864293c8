package io.github.consulembedded.cli;

import io.github.consulembedded.AgentPorts;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The running cluster as the command reports it at one moment: who leads each datacenter, and
 * each agent's pid, addresses and gossip status. Pure data, so that diffing and the status file
 * need no process.
 *
 * @param domain the DNS domain
 * @param consulVersion the version of the binary the agents run
 * @param leaders each datacenter's leader node name, the primary datacenter first; {@code ""} when
 *                it has none, {@code null} when none of its servers answered
 * @param agents servers first, then clients (with several datacenters, the primary's first)
 */
record ClusterSnapshot(String domain, String consulVersion, Map<String, String> leaders, List<Agent> agents) {

    /** Leader value for "the servers answered and know no leader". */
    static final String NO_LEADER = "";

    ClusterSnapshot {
        if (leaders.isEmpty()) {
            throw new IllegalArgumentException("a snapshot needs at least one datacenter");
        }
        // Insertion order keeps the primary first; unmodifiableMap, as Map.copyOf would refuse unknown (null) leaders.
        leaders = Collections.unmodifiableMap(new LinkedHashMap<>(leaders));
        agents = List.copyOf(agents);
    }

    /** A snapshot of a cluster with one datacenter. */
    ClusterSnapshot(String datacenter, String domain, String consulVersion, String leader, List<Agent> agents) {
        this(domain, consulVersion, singleton(datacenter, leader), agents);
    }

    private static Map<String, String> singleton(String datacenter, String leader) {
        Map<String, String> leaders = new LinkedHashMap<>();
        leaders.put(Objects.requireNonNull(datacenter, "datacenter"), leader);
        return leaders;
    }

    /**
     * One agent.
     *
     * @param node node name
     * @param datacenter the datacenter it belongs to
     * @param role "server" or "client"
     * @param pid OS pid, or -1 when not running
     * @param address the address the agent advertises
     * @param ports its ports, -1 where disabled
     * @param dataDir its data dir
     * @param uiUrl the web UI, or {@code null} when the UI is off
     * @param status gossip status as its datacenter's servers see it ("alive", "failed", "left", ...),
     *               or {@code null} when none of them answered
     */
    record Agent(String node, String datacenter, String role, long pid, String address, AgentPorts ports,
                 String dataDir, String uiUrl, String status) {

        /** Whether this agent is a Consul server (a raft peer). */
        boolean isServer() {
            return "server".equals(role);
        }

        Agent withStatus(String newStatus) {
            return new Agent(node, datacenter, role, pid, address, ports, dataDir, uiUrl, newStatus);
        }
    }

    /** The first (primary) datacenter. */
    String datacenter() {
        return leaders.keySet().iterator().next();
    }

    /** Every datacenter, the primary first. */
    List<String> datacenters() {
        return List.copyOf(leaders.keySet());
    }

    /** Whether the cluster federates several datacenters. */
    boolean federated() {
        return leaders.size() > 1;
    }

    /** The primary datacenter's leader; see {@link #leader(String)}. */
    String leader() {
        return leader(datacenter());
    }

    /** The leader of {@code datacenter}: a node name, {@code ""} for none, {@code null} when unknown. */
    String leader(String datacenter) {
        return leaders.get(datacenter);
    }

    /** Whether the primary datacenter's servers answered and one of them knows a leader. */
    boolean hasLeader() {
        return hasLeader(datacenter());
    }

    /** Whether the servers of {@code datacenter} answered and one of them knows a leader. */
    boolean hasLeader(String datacenter) {
        String leader = leader(datacenter);
        return leader != null && !leader.isEmpty();
    }

    /**
     * This snapshot with what it could not observe (leaders, statuses) taken from {@code previous},
     * so that a round in which no server answered does not read as a change.
     */
    ClusterSnapshot withUnknownFrom(ClusterSnapshot previous) {
        if (previous == null) {
            return this;
        }
        Map<String, Agent> before = previous.agents.stream().collect(Collectors.toMap(Agent::node, Function.identity()));
        List<Agent> merged = new ArrayList<>();
        for (Agent agent : agents) {
            Agent old = before.get(agent.node());
            merged.add(agent.status() == null && old != null ? agent.withStatus(old.status()) : agent);
        }
        Map<String, String> knownLeaders = new LinkedHashMap<>();
        leaders.forEach((dc, leader) -> knownLeaders.put(dc, leader == null ? previous.leaders.get(dc) : leader));
        return new ClusterSnapshot(domain, consulVersion, knownLeaders, merged);
    }

    /** The agent with this node name, or {@code null}. */
    Agent agent(String node) {
        for (Agent agent : agents) {
            if (agent.node().equals(node)) {
                return agent;
            }
        }
        return null;
    }
}
