package io.github.consulembedded.internal.readiness;

import io.github.consulembedded.ConsulEmbeddedException;
import io.github.consulembedded.ConsulMember;
import io.github.consulembedded.internal.agent.Agent;
import io.github.consulembedded.internal.http.ConsulApi;
import io.github.consulembedded.internal.json.JsonNode;
import io.github.consulembedded.internal.util.Parallel;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every agent of a cluster reports at one moment: its leader, its raft peers (servers), its
 * member list, and the catalog as a server with a leader sees it. The readiness checks judge it.
 */
public final class ClusterObservation {
    private final List<Agent> agents;
    private final Map<Agent, String> leaders = new ConcurrentHashMap<>();
    private final Map<Agent, List<String>> peers = new ConcurrentHashMap<>();
    private final Map<Agent, List<ConsulMember>> members = new ConcurrentHashMap<>();
    private final Map<Agent, String> errors = new ConcurrentHashMap<>();
    private final Set<String> catalogNodes = new TreeSet<>();
    private final Map<Agent, Set<String>> passingConsulNodes = new ConcurrentHashMap<>();
    private final Map<Agent, String> passingConsulErrors = new ConcurrentHashMap<>();
    private final Agent catalogSource;
    private String catalogError;
    private boolean catalogObserved;
    private boolean passingConsulObserved;

    private ClusterObservation(List<Agent> agents, Agent catalogSource) {
        this.agents = List.copyOf(agents);
        this.catalogSource = catalogSource;
    }

    /**
     * Asks each agent (all at once, with short timeouts) for its leader, raft peers and members;
     * an agent that does not answer is recorded as such. The catalog is read on first use, since
     * it matters only once the agents agree: polling it earlier would wait on servers without a
     * leader for nothing.
     */
    public static ClusterObservation of(List<Agent> agents) {
        ClusterObservation view = new ClusterObservation(agents, null);
        List<Runnable> asks = new ArrayList<>();
        for (Agent agent : view.answering()) {
            asks.add(() -> view.ask(agent));
        }
        Parallel.run(asks);
        return view;
    }

    /**
     * The catalog alone, read through {@code leader} on first use: no agent is asked for its
     * leader, peers or members (those read as unknown), so it costs a request to the leader for
     * {@link CatalogComplete} and one to each server for {@link DnsAgrees}, against some twenty
     * for a full observation.
     */
    public static ClusterObservation ofCatalog(List<Agent> agents, Agent leader) {
        ClusterObservation view = new ClusterObservation(agents, leader);
        view.answering();
        return view;
    }

    /** Records the agents that cannot be asked (not running, frozen) and returns the others. */
    private List<Agent> answering() {
        List<Agent> answering = new ArrayList<>();
        for (Agent agent : agents) {
            if (!agent.isRunning()) {
                errors.put(agent, "not running");
            } else if (agent.isFrozen()) {
                errors.put(agent, "frozen");
            } else {
                answering.add(agent);
            }
        }
        return answering;
    }

    private void ask(Agent agent) {
        ConsulApi http = agent.probe();
        try {
            leaders.put(agent, http.leader());
            if (agent.isServer()) {
                peers.put(agent, http.peers());
            }
            members.put(agent, http.members());
        } catch (ConsulEmbeddedException e) {
            errors.put(agent, e.getMessage());
        }
    }

    /**
     * The catalog as the leader sees it: through the given leader, or else the first answering
     * server that names one. Applications and DNS read the catalog, not the member list.
     */
    private synchronized void observeCatalog() {
        if (catalogObserved) {
            return;
        }
        catalogObserved = true;
        catalogError = "no server with a leader to read the catalog from";
        for (Agent agent : agents) {
            if (catalogSource == null ? agent.isServer() && !errors.containsKey(agent)
                    && !leaders.getOrDefault(agent, "").isEmpty() : agent == catalogSource) {
                try {
                    agent.probe().get("/v1/catalog/nodes").forEach(n -> catalogNodes.add(n.path("Node").asText()));
                    catalogError = null;
                } catch (ConsulEmbeddedException e) {
                    catalogError = e.getMessage();
                }
                break;
            }
        }
    }

    /** Each answering server's view of the passing {@code consul} instances, all at once. */
    private synchronized void observePassingConsul() {
        if (passingConsulObserved) {
            return;
        }
        passingConsulObserved = true;
        List<Runnable> asks = new ArrayList<>();
        for (Agent agent : agents) {
            if (agent.isServer() && !errors.containsKey(agent)) {
                asks.add(() -> observePassingConsul(agent));
            }
        }
        Parallel.run(asks);
    }

    /**
     * What an SRV query for {@code consul.service.<domain>} answers through this server: DNS reads
     * are stale (Consul's default), so each server answers from its own copy of the catalog, and
     * a follower may not have applied the leader's latest registrations yet.
     */
    private void observePassingConsul(Agent server) {
        try {
            Set<String> passing = new TreeSet<>();
            for (JsonNode entry : server.probe().get("/v1/health/service/consul?passing&stale")) {
                passing.add(entry.path("Node").path("Node").asText());
            }
            passingConsulNodes.put(server, passing);
        } catch (ConsulEmbeddedException e) {
            passingConsulErrors.put(server, e.getMessage());
        }
    }

    public List<Agent> agents() {
        return agents;
    }

    /** Why an agent could not be asked (not running, frozen, an HTTP error), if it could not. */
    public Optional<String> error(Agent agent) {
        return Optional.ofNullable(errors.get(agent));
    }

    /** The leader's server address as {@code agent} reported it; "" for none. */
    public String leaderSeenBy(Agent agent) {
        return leaders.getOrDefault(agent, "");
    }

    public List<String> peersSeenBy(Agent agent) {
        return peers.getOrDefault(agent, List.of());
    }

    /** The members {@code agent} reported, or empty if it did not answer. */
    public Optional<List<ConsulMember>> membersSeenBy(Agent agent) {
        return Optional.ofNullable(members.get(agent));
    }

    /** The names of the members {@code agent} reported alive, or empty if it did not answer. */
    public Optional<Set<String>> aliveMembersSeenBy(Agent agent) {
        return membersSeenBy(agent).map(list -> {
            Set<String> alive = new TreeSet<>();
            for (ConsulMember m : list) {
                if (m.isAlive()) {
                    alive.add(m.name());
                }
            }
            return alive;
        });
    }

    /** The leader every asked agent agrees on, or "" if they do not (yet). */
    public String agreedLeader() {
        Set<String> distinct = new LinkedHashSet<>();
        for (Agent agent : agents) {
            distinct.add(leaders.getOrDefault(agent, ""));
        }
        return distinct.size() == 1 && !distinct.contains("") ? distinct.iterator().next() : "";
    }

    public synchronized Optional<String> catalogError() {
        observeCatalog();
        return Optional.ofNullable(catalogError);
    }

    public synchronized Set<String> catalogNodes() {
        observeCatalog();
        return catalogNodes;
    }

    /**
     * Nodes whose {@code consul} service instance passes its health checks in {@code server}'s own
     * (stale) copy of the catalog, or empty if that server was not asked or did not answer.
     */
    public Optional<Set<String>> passingConsulNodesSeenBy(Agent server) {
        observePassingConsul();
        return Optional.ofNullable(passingConsulNodes.get(server));
    }

    /** Why {@code server} could not be asked for its passing consul instances, if it could not. */
    public Optional<String> passingConsulError(Agent server) {
        observePassingConsul();
        return Optional.ofNullable(passingConsulErrors.get(server));
    }

    /**
     * Whether every catalog read made so far was answered: false when the catalog or a server's
     * passing {@code consul} instances could not be read (the checks then report the error).
     */
    public synchronized boolean catalogReadsAnswered() {
        return (!catalogObserved || catalogError == null) && passingConsulErrors.isEmpty();
    }
}
