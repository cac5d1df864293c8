package io.github.consulembedded.internal.cluster;

import io.github.consulembedded.internal.agent.Agent;
import io.github.consulembedded.internal.util.Wakeup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The agents of one cluster, servers first, and the ways to find one. */
public final class ClusterAgents {
    private final List<Agent> servers = new CopyOnWriteArrayList<>();
    private final List<Agent> clients = new CopyOnWriteArrayList<>();
    private final Wakeup output = new Wakeup();

    void addServer(Agent agent) {
        agent.onOutput(output::signal);
        servers.add(agent);
    }

    void addClient(Agent agent) {
        agent.onOutput(output::signal);
        clients.add(agent);
    }

    /** Signalled whenever one of the agents prints a line: waits on the cluster check again then. */
    public Wakeup output() {
        return output;
    }

    void removeClient(Agent agent) {
        clients.remove(agent);
    }

    /** Every agent: servers first, then clients. */
    public List<Agent> all() {
        List<Agent> all = new ArrayList<>(servers);
        all.addAll(clients);
        return List.copyOf(all);
    }

    public List<Agent> servers() {
        return List.copyOf(servers);
    }

    public List<Agent> clients() {
        return List.copyOf(clients);
    }

    /** The running agents that are not frozen: the ones that can answer. */
    public List<Agent> answering() {
        return all().stream().filter(a -> a.isRunning() && !a.isFrozen()).toList();
    }

    /** The agents of one datacenter: its servers first, then its clients. */
    public List<Agent> inDatacenter(String datacenter) {
        return all().stream().filter(a -> a.datacenter().equals(datacenter)).toList();
    }

    public boolean contains(Agent agent) {
        return servers.contains(agent) || clients.contains(agent);
    }

    public boolean isClient(Agent agent) {
        return clients.contains(agent);
    }

    /** The agent with this node name. */
    public Agent byNode(String node) {
        for (Agent agent : all()) {
            if (agent.node().equals(node)) {
                return agent;
            }
        }
        throw new IllegalArgumentException("no agent named '" + node + "' in this cluster; nodes are "
                + all().stream().map(Agent::node).toList());
    }

    /** The server whose raft address is {@code address}, or null. */
    public Agent serverAt(String address) {
        for (Agent server : servers) {
            if (server.serverAddress().equals(address)) {
                return server;
            }
        }
        return null;
    }

    /**
     * The agent to hand to applications of {@code datacenter}: its first answering client (as
     * applications talk to their local client agent), else its first answering server.
     */
    public Agent applicationAgent(String datacenter) {
        for (List<Agent> group : List.of(clients, servers)) {
            for (Agent agent : group) {
                if (agent.datacenter().equals(datacenter) && agent.isRunning() && !agent.isFrozen()) {
                    return agent;
                }
            }
        }
        throw new IllegalStateException("no agent of datacenter " + datacenter + " is running");
    }
}
