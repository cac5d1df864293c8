package io.github.consulembedded.internal.readiness;

import io.github.consulembedded.internal.agent.Agent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every server's {@code consul} service instance passes its checks in every server's own copy of
 * the catalog, so an SRV query for {@code consul.service.<domain>} answers every server through
 * any agent: DNS serves passing instances from stale reads, which any server may answer.
 */
public final class DnsAgrees implements ReadinessCheck {
    @Override
    public String name() {
        return "DNS agrees";
    }

    @Override
    public List<String> problems(ClusterObservation o) {
        Set<String> servers = new TreeSet<>();
        o.agents().stream().filter(Agent::isServer).forEach(s -> servers.add(s.node()));
        List<String> problems = new ArrayList<>();
        for (Agent server : o.agents()) {
            if (!server.isServer() || o.error(server).isPresent()) {
                continue;
            }
            Optional<Set<String>> passing = o.passingConsulNodesSeenBy(server);
            if (passing.isEmpty()) {
                problems.add("DNS on " + server.node() + ": " + o.passingConsulError(server).orElse("not asked"));
                continue;
            }
            Set<String> missing = new TreeSet<>(servers);
            missing.removeAll(passing.get());
            if (!missing.isEmpty()) {
                problems.add("DNS on " + server.node() + ": the consul service is not passing yet on servers " + missing);
            }
        }
        return problems;
    }
}
