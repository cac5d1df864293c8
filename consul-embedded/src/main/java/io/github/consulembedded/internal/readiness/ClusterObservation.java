package io.github.consulembedded.internal.readiness;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.consulembedded.ConsulEmbeddedException;
import io.github.consulembedded.ConsulMember;
import io.github.consulembedded.internal.agent.Agent;
import io.github.consulembedded.internal.http.ConsulApi;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What every agent of a cluster reports at one moment: its leader, its raft peers (servers), its
 * member list, and the catalog as a server with a leader sees it. The readiness checks judge it.
 */
public final class ClusterObservation {
    private final List<Agent> agents;
    private final Map<Agent, String> leaders = new LinkedHashMap<>();
    private final Map<Agent, List<String>> peers = new LinkedHashMap<>();
    private final Map<Agent, List<ConsulMember>> members = new LinkedHashMap<>();
    private final Map<Agent, String> errors = new LinkedHashMap<>();
    private final Set<String> catalogNodes = new TreeSet<>();
    private final Set<String> passingConsulNodes = new TreeSet<>();
    private String catalogError;

    private ClusterObservation(List<Agent> agents) {
        this.agents = List.copyOf(agents);
    }

    /** Asks each agent, with short timeouts; an agent that does not answer is recorded as such. */
    public static ClusterObservation of(List<Agent> agents) {
        ClusterObservation view = new ClusterObservation(agents);
        for (Agent agent : agents) {
            if (!agent.isRunning()) {
                view.errors.put(agent, "not running");
                continue;
            }
            if (agent.isFrozen()) {
                view.errors.put(agent, "frozen");
                continue;
            }
            ConsulApi http = agent.probe();
            try {
                view.leaders.put(agent, http.leader());
                if (agent.isServer()) {
                    view.peers.put(agent, http.peers());
                }
                view.members.put(agent, http.members());
            } catch (ConsulEmbeddedException e) {
                view.errors.put(agent, e.getMessage());
            }
        }
        view.observeCatalog();
        return view;
    }

    /** The catalog as the first answering server sees it: applications and DNS read it, not the member list. */
    private void observeCatalog() {
        for (Agent agent : agents) {
            if (agent.isServer() && !errors.containsKey(agent) && !leaders.getOrDefault(agent, "").isEmpty()) {
                try {
                    ConsulApi http = agent.probe();
                    http.get("/v1/catalog/nodes").forEach(n -> catalogNodes.add(n.path("Node").asText()));
                    // What an SRV query for consul.service.<domain> answers: the passing instances.
                    for (JsonNode entry : http.get("/v1/health/service/consul?passing")) {
                        passingConsulNodes.add(entry.path("Node").path("Node").asText());
                    }
                    catalogError = null;
                } catch (ConsulEmbeddedException e) {
                    catalogError = e.getMessage();
                }
                return;
            }
        }
        catalogError = "no server with a leader to read the catalog from";
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

    /** The leader every asked agent agrees on, or "" if they do not (yet). */
    public String agreedLeader() {
        Set<String> distinct = new LinkedHashSet<>();
        for (Agent agent : agents) {
            distinct.add(leaders.getOrDefault(agent, ""));
        }
        return distinct.size() == 1 && !distinct.contains("") ? distinct.iterator().next() : "";
    }

    public Optional<String> catalogError() {
        return Optional.ofNullable(catalogError);
    }

    public Set<String> catalogNodes() {
        return catalogNodes;
    }

    /** Nodes whose {@code consul} service instance passes its health checks. */
    public Set<String> passingConsulNodes() {
        return passingConsulNodes;
    }
}
