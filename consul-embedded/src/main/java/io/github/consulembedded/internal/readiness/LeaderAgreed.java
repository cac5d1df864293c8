package io.github.consulembedded.internal.readiness;

import io.github.consulembedded.internal.agent.Agent;
import java.util.ArrayList;
import java.util.List;

/** Every agent reports the same non-empty leader (Consul answers "" while there is none). */
public final class LeaderAgreed implements ReadinessCheck {
    @Override
    public String name() {
        return "leader agreed";
    }

    @Override
    public List<String> problems(ClusterObservation o) {
        List<String> problems = new ArrayList<>();
        String agreed = o.agreedLeader();
        for (Agent agent : o.agents()) {
            if (o.error(agent).isPresent()) {
                problems.add(agent.node() + ": " + o.error(agent).get());
                continue;
            }
            String leader = o.leaderSeenBy(agent);
            if (leader.isEmpty()) {
                problems.add(agent.node() + ": knows no leader");
            } else if (agreed.isEmpty()) {
                problems.add(agent.node() + ": reports leader " + leader + ", not every agent agrees");
            }
        }
        return problems;
    }
}
