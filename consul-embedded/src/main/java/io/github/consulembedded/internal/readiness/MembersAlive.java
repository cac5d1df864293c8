package io.github.consulembedded.internal.readiness;

import io.github.consulembedded.internal.agent.Agent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Every agent sees every node of the cluster as an alive member. */
public final class MembersAlive implements ReadinessCheck {
    @Override
    public String name() {
        return "members alive";
    }

    @Override
    public List<String> problems(ClusterObservation o) {
        Set<String> nodes = new TreeSet<>();
        o.agents().forEach(a -> nodes.add(a.node()));
        List<String> problems = new ArrayList<>();
        for (Agent agent : o.agents()) {
            Optional<Set<String>> alive = o.aliveMembersSeenBy(agent);
            if (alive.isEmpty()) {
                continue;
            }
            Set<String> notAlive = new TreeSet<>(nodes);
            notAlive.removeAll(alive.get());
            if (!notAlive.isEmpty()) {
                problems.add(agent.node() + ": sees " + notAlive + " as not alive");
            }
        }
        return problems;
    }
}
