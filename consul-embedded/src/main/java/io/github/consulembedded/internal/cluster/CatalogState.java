package io.github.consulembedded.internal.cluster;

import io.github.consulembedded.internal.http.ConsulApi;
import io.github.consulembedded.internal.json.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Reads of the catalog that reset and deregistration wait on. */
final class CatalogState {
    private CatalogState() {
    }

    static List<String> serviceNames(ConsulApi api) {
        List<String> names = new ArrayList<>();
        api.get("/v1/catalog/services").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The ids of every service instance in the catalog. */
    static List<String> serviceIds(Cluster cluster, String datacenter) {
        ConsulApi api = cluster.agents().applicationAgent(datacenter).api();
        List<String> ids = new ArrayList<>();
        for (String name : serviceNames(api)) {
            for (JsonNode entry : api.get("/v1/catalog/service/" + ConsulApi.encodeSegment(name))) {
                ids.add(entry.path("ServiceID").asText());
            }
        }
        return ids;
    }
}
