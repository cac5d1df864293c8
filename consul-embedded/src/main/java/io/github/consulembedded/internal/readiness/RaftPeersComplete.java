package io.github.consulembedded.internal.readiness;

import io.github.consulembedded.internal.agent.Agent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Every server lists every server as a raft peer. */
public final class RaftPeersComplete implements ReadinessCheck {
    @Override
    public String name() {
        return "raft peers complete";
    }

    @Override
    public List<String> problems(ClusterObservation o) {
        Set<String> serverAddresses = new TreeSet<>();
        o.agents().stream().filter(Agent::isServer).forEach(s -> serverAddresses.add(s.serverAddress()));
        List<String> problems = new ArrayList<>();
        for (Agent agent : o.agents()) {
            if (!agent.isServer() || o.error(agent).isPresent()) {
                continue;
            }
            Set<String> missing = new TreeSet<>(serverAddresses);
            missing.removeAll(o.peersSeenBy(agent));
            if (!missing.isEmpty()) {
                problems.add(agent.node() + ": raft peers " + o.peersSeenBy(agent) + " lack " + missing);
            }
        }
        return problems;
    }
}
