package io.github.consulembedded.samples;

import io.github.consulembedded.ConsulHttp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Catalog look-ups shared by the samples. */
final class Catalog {
    private Catalog() {
    }

    /** The agent syncs a registration to the catalog right away, but asynchronously: poll briefly. */
    static List<String> awaitNodes(ConsulHttp consul, String service) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<String> nodes = new ArrayList<>();
        while (nodes.isEmpty() && System.nanoTime() < deadline) {
            // ConsulHttp.get's result type is the core's relocated Jackson until the API cleanup replaces it; not named here.
            for (var entry : consul.get("/v1/catalog/service/" + service)) {
                nodes.add(entry.get("Node").asText());
            }
            if (nodes.isEmpty()) {
                Thread.sleep(20);
            }
        }
        return nodes;
    }
}
