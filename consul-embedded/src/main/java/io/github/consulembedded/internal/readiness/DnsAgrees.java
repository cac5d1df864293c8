package io.github.consulembedded.internal.readiness;

import io.github.consulembedded.internal.agent.Agent;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every server's {@code consul} service instance passes its checks, so an SRV query for
 * {@code consul.service.<domain>} answers every server (DNS serves only passing instances).
 */
public final class DnsAgrees implements ReadinessCheck {
    @Override
    public String name() {
        return "DNS agrees";
    }

    @Override
    public List<String> problems(ClusterObservation o) {
        if (o.catalogError().isPresent()) {
            return List.of("catalog: " + o.catalogError().get());
        }
        Set<String> missing = new TreeSet<>();
        o.agents().stream().filter(Agent::isServer).forEach(s -> missing.add(s.node()));
        missing.removeAll(o.passingConsulNodes());
        return missing.isEmpty() ? List.of()
                : List.of("catalog: the consul service is not passing yet on servers " + missing);
    }
}
