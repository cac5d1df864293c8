package io.github.consulembedded.cli;

import io.github.consulembedded.AgentPorts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The running cluster as the command reports it at one moment: who leads, and each agent's pid,
 * addresses and gossip status. Pure data, so that diffing and the status file need no process.
 *
 * @param datacenter the datacenter
 * @param domain the DNS domain
 * @param consulVersion the version of the binary the agents run
 * @param leader the leader's node name; {@code ""} when there is none, {@code null} when no server answered
 * @param agents servers first, then clients
 */
record ClusterSnapshot(String datacenter, String domain, String consulVersion, String leader,
                              List<Agent> agents) {

    /** Leader value for "the servers answered and know no leader". */
    static final String NO_LEADER = "";

    ClusterSnapshot {
        agents = List.copyOf(agents);
    }

    /**
     * One agent.
     *
     * @param node node name
     * @param role "server" or "client"
     * @param pid OS pid, or -1 when not running
     * @param address the address the agent advertises
     * @param ports its ports, -1 where disabled
     * @param dataDir its data dir
     * @param uiUrl the web UI, or {@code null} when the UI is off
     * @param status gossip status as the servers see it ("alive", "failed", "left", ...), or
     *               {@code null} when no server answered
     */
    record Agent(String node, String role, long pid, String address, AgentPorts ports, String dataDir,
                        String uiUrl, String status) {

        /** Whether this agent is a Consul server (a raft peer). */
        boolean isServer() {
            return "server".equals(role);
        }

        Agent withStatus(String newStatus) {
            return new Agent(node, role, pid, address, ports, dataDir, uiUrl, newStatus);
        }
    }

    /** Whether the servers answered and one of them knows a leader. */
    boolean hasLeader() {
        return leader != null && !leader.isEmpty();
    }

    /**
     * This snapshot with what it could not observe (leader, statuses) taken from {@code previous},
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
        return new ClusterSnapshot(datacenter, domain, consulVersion, leader == null ? previous.leader : leader, merged);
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
