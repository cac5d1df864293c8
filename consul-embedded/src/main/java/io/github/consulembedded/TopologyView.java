package io.github.consulembedded;

import io.github.consulembedded.internal.LogBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What every agent of a cluster reports at one moment: its leader, its raft peers (servers) and
 * its member list. Decides readiness (same non-empty leader everywhere, every server a peer,
 * every member alive in every view) and explains what is missing.
 */
final class TopologyView {
    private final List<ConsulAgent> agents;
    private final Map<ConsulAgent, String> leaders = new LinkedHashMap<>();
    private final Map<ConsulAgent, List<String>> peers = new LinkedHashMap<>();
    private final Map<ConsulAgent, List<ConsulMember>> members = new LinkedHashMap<>();
    private final Map<ConsulAgent, String> errors = new LinkedHashMap<>();
    private final Set<String> catalogNodes = new TreeSet<>();
    private final Set<String> catalogConsulNodes = new TreeSet<>();
    private String catalogError;

    private TopologyView(List<ConsulAgent> agents) {
        this.agents = agents;
    }

    /** Asks each agent, with short timeouts; an agent that does not answer is recorded as such. */
    static TopologyView observe(List<ConsulAgent> agents) {
        TopologyView view = new TopologyView(agents);
        for (ConsulAgent agent : agents) {
            if (!agent.isRunning()) {
                view.errors.put(agent, "not running");
                continue;
            }
            ConsulHttp http = agent.probe();
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

    /** The catalog as the first answering server sees it: applications read it, not the member list. */
    private void observeCatalog() {
        for (ConsulAgent agent : agents) {
            if (agent.isServer() && !errors.containsKey(agent) && !leaders.getOrDefault(agent, "").isEmpty()) {
                try {
                    ConsulHttp http = agent.probe();
                    http.get("/v1/catalog/nodes").forEach(n -> catalogNodes.add(n.path("Node").asText()));
                    http.get("/v1/catalog/service/consul").forEach(n -> catalogConsulNodes.add(n.path("Node").asText()));
                    catalogError = null;
                } catch (ConsulEmbeddedException e) {
                    catalogError = e.getMessage();
                }
                return;
            }
        }
        catalogError = "no server with a leader to read the catalog from";
    }

    /** The leader every agent agrees on, or "" if they do not (yet). */
    String agreedLeader() {
        Set<String> distinct = new LinkedHashSet<>();
        for (ConsulAgent agent : agents) {
            distinct.add(leaders.getOrDefault(agent, ""));
        }
        if (distinct.size() == 1 && !distinct.contains("")) {
            return distinct.iterator().next();
        }
        return "";
    }

    /** Empty when the whole topology is ready; otherwise one line per problem. */
    List<String> problems() {
        List<String> problems = new ArrayList<>();
        Set<String> serverAddresses = new TreeSet<>();
        Set<String> nodes = new TreeSet<>();
        for (ConsulAgent agent : agents) {
            nodes.add(agent.node());
            if (agent.isServer()) {
                serverAddresses.add(agent.serverAddress());
            }
        }
        String agreed = agreedLeader();
        for (ConsulAgent agent : agents) {
            String error = errors.get(agent);
            if (error != null) {
                problems.add(agent.node() + ": " + error);
                continue;
            }
            String leader = leaders.get(agent);
            if (leader.isEmpty()) {
                problems.add(agent.node() + ": knows no leader");
            } else if (agreed.isEmpty()) {
                problems.add(agent.node() + ": reports leader " + leader + ", not every agent agrees");
            }
            if (agent.isServer()) {
                Set<String> missing = new TreeSet<>(serverAddresses);
                missing.removeAll(peers.get(agent));
                if (!missing.isEmpty()) {
                    problems.add(agent.node() + ": raft peers " + peers.get(agent) + " lack " + missing);
                }
            }
            Set<String> notAlive = new TreeSet<>(nodes);
            for (ConsulMember m : members.get(agent)) {
                if (m.isAlive()) {
                    notAlive.remove(m.name());
                }
            }
            if (!notAlive.isEmpty()) {
                problems.add(agent.node() + ": sees " + notAlive + " as not alive");
            }
        }
        if (problems.isEmpty()) {
            if (catalogError != null) {
                problems.add("catalog: " + catalogError);
            } else {
                Set<String> missing = new TreeSet<>(nodes);
                missing.removeAll(catalogNodes);
                if (!missing.isEmpty()) {
                    problems.add("catalog: nodes " + missing + " not registered yet");
                }
                Set<String> serversMissing = new TreeSet<>();
                agents.stream().filter(ConsulAgent::isServer).map(ConsulAgent::node).forEach(serversMissing::add);
                serversMissing.removeAll(catalogConsulNodes);
                if (!serversMissing.isEmpty()) {
                    problems.add("catalog: the consul service lacks servers " + serversMissing);
                }
            }
        }
        return problems;
    }

    /** Number of alive members in the view of {@code agent}, or -1 if it did not answer. */
    int aliveMembersSeenBy(ConsulAgent agent) {
        List<ConsulMember> list = members.get(agent);
        return list == null ? -1 : (int) list.stream().filter(ConsulMember::isAlive).count();
    }

    /** A multi-line diagnosis: the problems, then each agent's state and last log lines. */
    String diagnosis(int logLines) {
        StringBuilder out = new StringBuilder();
        List<String> problems = problems();
        out.append(problems.isEmpty() ? "  (no problem left at the last check)" : "  " + String.join("\n  ", problems));
        for (ConsulAgent agent : agents) {
            out.append("\n  --- ").append(agent.node()).append(" (").append(agent.role().label())
                    .append(", pid ").append(agent.pid()).append(", ").append(agent.httpAddress()).append(")")
                    .append(" leader='").append(leaders.getOrDefault(agent, "?")).append("'");
            if (agent.isServer()) {
                out.append(" peers=").append(peers.getOrDefault(agent, List.of()));
            }
            List<ConsulMember> seen = members.get(agent);
            if (seen != null) {
                out.append(" members=");
                List<String> described = new ArrayList<>();
                for (ConsulMember m : seen) {
                    described.add(m.name() + ":" + m.status().name().toLowerCase(java.util.Locale.ROOT));
                }
                out.append(described);
            }
            out.append("\n").append(LogBuffer.quote(agent.recentLog(logLines)));
        }
        return out.toString();
    }
}
