package io.github.consulembedded.samples.demo;

import java.util.List;
import java.util.Optional;

/**
 * One immutable view of the cluster as Consul's API and the supervisor reported it: agents with
 * their status and the leader flag, the raft peers, the service catalog with health, the KV keys
 * and the recent events. {@link ClusterModel} publishes a new one whenever something changes.
 *
 * @param agents every agent the demo controls, then members only gossip still knows (left ones)
 * @param leader the leader's node name, or "" while the running servers agree on none
 * @param peers the raft peers' server addresses
 * @param services the catalog's service instances with their health, sorted by name and id
 * @param kvKeys every KV key, sorted
 * @param events the newest events, oldest first (leader changes, supervisor restarts, actions)
 */
public record ClusterSnapshot(List<Agent> agents, String leader, List<String> peers, List<Service> services,
                              List<String> kvKeys, List<String> events) {

    /** A snapshot with nothing in it, shown until the first poll answers. */
    public static final ClusterSnapshot EMPTY = new ClusterSnapshot(List.of(), "", List.of(), List.of(), List.of(), List.of());

    public ClusterSnapshot {
        agents = List.copyOf(agents);
        peers = List.copyOf(peers);
        services = List.copyOf(services);
        kvKeys = List.copyOf(kvKeys);
        events = List.copyOf(events);
    }

    /** The agent with this node name, if the snapshot has it. */
    public Optional<Agent> agent(String node) {
        return agents.stream().filter(a -> a.node().equals(node)).findFirst();
    }

    public boolean hasLeader() {
        return !leader.isEmpty();
    }

    /** The service instances with this service name. */
    public List<Service> instancesOf(String name) {
        return services.stream().filter(s -> s.name().equals(name)).toList();
    }

    /**
     * One agent.
     *
     * @param node node name
     * @param server whether it is a server
     * @param pid the OS pid of its process, or -1 when none runs (or the demo cannot know)
     * @param status the folded status
     * @param gossip the member status gossip reports ("alive", "failed", "left", ... or "unknown")
     * @param leader whether it is the raft leader
     */
    public record Agent(String node, boolean server, long pid, AgentStatus status, String gossip, boolean leader) {
        public String role() {
            return server ? "server" : "client";
        }
    }

    /**
     * One service instance in the catalog.
     *
     * @param name service name
     * @param id service id
     * @param node the node it is registered on
     * @param health the worst check status of the instance and its node: passing, warning or critical
     */
    public record Service(String name, String id, String node, String health) {
    }
}
