package io.github.consulembedded.samples.demo;

import java.util.List;
import java.util.Optional;

/**
 * One immutable view of the cluster as Consul's API and the supervisor reported it: agents with
 * their datacenter, status and leader flag, each datacenter's leader and raft peers, the primary
 * datacenter's service catalog with health and KV keys, and the recent events.
 * {@link ClusterModel} publishes a new one whenever something changes.
 *
 * @param agents every agent the demo controls, then members only gossip still knows (left ones)
 * @param datacenters each datacenter with its leader and peers, the primary first; one unless federated
 * @param services the primary datacenter's service instances with their health, sorted by name and id
 * @param kvKeys every KV key of the primary datacenter, sorted
 * @param events the newest events, oldest first (leader changes, supervisor restarts, actions)
 */
public record ClusterSnapshot(List<Agent> agents, List<Datacenter> datacenters, List<Service> services,
                              List<String> kvKeys, List<String> events) {

    /** A snapshot with nothing in it, shown until the first poll answers. */
    public static final ClusterSnapshot EMPTY = new ClusterSnapshot(List.of(), List.of(), List.of(), List.of(), List.of());

    public ClusterSnapshot {
        agents = List.copyOf(agents);
        datacenters = List.copyOf(datacenters);
        services = List.copyOf(services);
        kvKeys = List.copyOf(kvKeys);
        events = List.copyOf(events);
    }

    /** The agent with this node name, if the snapshot has it. */
    public Optional<Agent> agent(String node) {
        return agents.stream().filter(a -> a.node().equals(node)).findFirst();
    }

    /** The agents of one datacenter, in the snapshot's order. */
    public List<Agent> agents(String datacenter) {
        return agents.stream().filter(a -> a.datacenter().equals(datacenter)).toList();
    }

    /** The datacenter with this name, if the snapshot has it. */
    public Optional<Datacenter> datacenter(String name) {
        return datacenters.stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /** The primary datacenter's name, or "" before the first poll. */
    public String primary() {
        return datacenters.isEmpty() ? "" : datacenters.get(0).name();
    }

    /** Whether there are several datacenters. */
    public boolean federated() {
        return datacenters.size() > 1;
    }

    /** The primary datacenter's leader's node name, or "" while it has none. */
    public String leader() {
        return datacenters.isEmpty() ? "" : datacenters.get(0).leader();
    }

    /** The leader of {@code datacenter}, or "" while it has none (or there is no such datacenter). */
    public String leader(String datacenter) {
        return datacenter(datacenter).map(Datacenter::leader).orElse("");
    }

    /** Whether the primary datacenter has a leader. */
    public boolean hasLeader() {
        return !leader().isEmpty();
    }

    /** Whether every datacenter has a leader (and there is at least one datacenter). */
    public boolean everyDatacenterHasALeader() {
        return !datacenters.isEmpty() && datacenters.stream().allMatch(Datacenter::hasLeader);
    }

    /** The primary datacenter's raft peers' server addresses. */
    public List<String> peers() {
        return datacenters.isEmpty() ? List.of() : datacenters.get(0).peers();
    }

    /** The service instances with this service name. */
    public List<Service> instancesOf(String name) {
        return services.stream().filter(s -> s.name().equals(name)).toList();
    }

    /**
     * One datacenter as its own servers see it.
     *
     * @param name the datacenter's name
     * @param leader its leader's node name, or "" while its running servers agree on none
     * @param peers its raft peers' server addresses
     */
    public record Datacenter(String name, String leader, List<String> peers) {
        public Datacenter {
            peers = List.copyOf(peers);
        }

        public boolean hasLeader() {
            return !leader.isEmpty();
        }
    }

    /**
     * One agent.
     *
     * @param node node name
     * @param datacenter the datacenter it belongs to
     * @param server whether it is a server
     * @param pid the OS pid of its process, or -1 when none runs (or the demo cannot know)
     * @param status the folded status
     * @param gossip the member status gossip reports ("alive", "failed", "left", ... or "unknown")
     * @param leader whether it is its datacenter's raft leader
     */
    public record Agent(String node, String datacenter, boolean server, long pid, AgentStatus status, String gossip,
                        boolean leader) {
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
