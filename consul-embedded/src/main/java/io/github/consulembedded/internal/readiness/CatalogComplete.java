package io.github.consulembedded.internal.readiness;

import io.github.consulembedded.internal.agent.Agent;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Every node of the cluster is registered in the catalog, which is what applications read. */
public final class CatalogComplete implements ReadinessCheck {
    @Override
    public String name() {
        return "catalog complete";
    }

    @Override
    public List<String> problems(ClusterObservation o) {
        if (o.catalogError().isPresent()) {
            return List.of("catalog: " + o.catalogError().get());
        }
        Set<String> missing = new TreeSet<>();
        o.agents().forEach(a -> missing.add(a.node()));
        missing.removeAll(o.catalogNodes());
        return missing.isEmpty() ? List.of() : List.of("catalog: nodes " + missing + " not registered yet");
    }
}
