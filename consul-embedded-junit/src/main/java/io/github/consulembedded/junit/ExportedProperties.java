package io.github.consulembedded.junit;

import io.github.consulembedded.junit.EmbeddedConsulCluster.PropertySet;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Sets the exported system properties and, when closed, puts back what was there before. */
final class ExportedProperties implements AutoCloseable {
    static final String HTTP_ADDRESS = "consul.embedded.http-address";
    static final String SPRING_HOST = "spring.cloud.consul.host";
    static final String SPRING_PORT = "spring.cloud.consul.port";

    private final Map<String, String> previous = new LinkedHashMap<>();

    private ExportedProperties() {
    }

    static ExportedProperties export(Set<PropertySet> sets, URI httpAddress) {
        Map<String, String> values = new LinkedHashMap<>();
        for (PropertySet set : sets) {
            switch (set) {
                case CONSUL_EMBEDDED -> values.put(HTTP_ADDRESS,
                        httpAddress.getScheme() + "://" + httpAddress.getHost() + ":" + httpAddress.getPort());
                case SPRING_CLOUD_CONSUL -> {
                    values.put(SPRING_HOST, httpAddress.getHost());
                    values.put(SPRING_PORT, Integer.toString(httpAddress.getPort()));
                }
                default -> throw new AssertionError(set);
            }
        }
        ExportedProperties exported = new ExportedProperties();
        values.forEach((name, value) -> {
            exported.previous.put(name, System.getProperty(name));
            System.setProperty(name, value);
        });
        return exported;
    }

    @Override
    public void close() {
        previous.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }
}
