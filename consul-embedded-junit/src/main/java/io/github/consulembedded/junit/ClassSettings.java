package io.github.consulembedded.junit;

import io.github.consulembedded.BinarySettings;
import io.github.consulembedded.ClusterSpec;
import io.github.consulembedded.Timing;
import io.github.consulembedded.junit.EmbeddedConsulCluster.PropertySet;
import io.github.consulembedded.junit.EmbeddedConsulCluster.ResetPolicy;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * What a test class asked for, from the annotation or the programmatic builder: the core's
 * {@link ClusterSpec} (equal specs share one cluster) plus how the extension uses it.
 *
 * @param cluster the cluster, as the core models it; its binary settings are completed per run
 * @param consulVersion the version asked for, or "" for the library's default
 * @param customizer the {@code configure(...)} callback, or null; re-applied at start for its listeners
 * @param conflict what {@code configure(...)} changed that the extension's own settings say otherwise, if anything
 * @param source how to name the configuration in messages, e.g. {@code @EmbeddedConsulCluster on FooTest}
 */
record ClassSettings(ClusterSpec cluster, String consulVersion, ResetPolicy reset, Set<PropertySet> exports, boolean shared,
        boolean skipWhenUnavailable, Consumer<ClusterSpec.Builder> customizer, Optional<String> conflict, String source) {

    ClassSettings {
        exports = exports.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(exports));
    }

    /** The cluster of an annotation, validated; bad values name the annotation element. */
    static ClassSettings of(EmbeddedConsulCluster a, Class<?> testClass) {
        String source = "@EmbeddedConsulCluster on " + testClass.getName();
        String elementFormat = "@EmbeddedConsulCluster(%s = %s) on " + testClass.getName();
        Values v = new Values(a.servers(), a.clients(), a.consulVersion().trim(), datacenters(a), a.domain(), a.timing(),
                a.encrypt(), a.acl(), a.tls());
        ClusterSpec spec = v.spec(elementFormat, true);
        if (a.reuse()) {
            spec = spec.newBuilder().reuse(true).build();
        }
        return new ClassSettings(spec, v.consulVersion, a.reset(), toSet(a.exportProperties()), a.shared(),
                a.skipWhenUnavailable(), null, Optional.empty(), source);
    }

    /** The datacenters an annotation asks for: {@code datacenters} if given, else the one {@code datacenter}. */
    static List<String> datacenters(EmbeddedConsulCluster a) {
        return a.datacenters().length == 0 ? List.of(a.datacenter()) : List.of(a.datacenters());
    }

    /** The settings the extension and the annotation have: the rest of the spec comes from its defaults or configure(...). */
    record Values(int servers, int clients, String consulVersion, List<String> datacenters, String domain, Timing timing,
            boolean encrypt, boolean acl, boolean tls) {

        ClusterSpec.Builder builder() {
            ClusterSpec.Builder b = ClusterSpec.builder().servers(servers).clients(clients)
                    .datacenters(datacenters.toArray(String[]::new)).domain(domain).timing(timing);
            if (encrypt) {
                b.encrypt();
            }
            if (acl) {
                b.acl();
            }
            if (tls) {
                b.tls();
            }
            return b;
        }

        /** Validates every value; a message names the element and its value through {@code elementFormat}. */
        ClusterSpec spec(String elementFormat, boolean quoteStrings) {
            if (!consulVersion.isEmpty()) {
                try {
                    BinarySettings.from(new Properties(), Map.of()).newBuilder().version(consulVersion).build();
                } catch (IllegalArgumentException e) {
                    throw invalid(elementFormat, "consulVersion", quote(consulVersion, quoteStrings), e.getMessage());
                }
            }
            try {
                return builder().build();
            } catch (IllegalArgumentException e) {
                String field = e.getMessage().split(" ", 2)[0];
                Object value = switch (field) {
                    case "servers" -> servers;
                    case "clients" -> clients;
                    case "datacenter" -> quote(datacenters.get(0), quoteStrings);
                    case "datacenters" -> datacenters.size() == 1 ? quote(datacenters.get(0), quoteStrings) : datacenters;
                    case "domain" -> quote(domain, quoteStrings);
                    default -> null;
                };
                if (value == null) {
                    throw new ExtensionConfigurationException(String.format(elementFormat.replace("%s = %s", "%s").replace("%s(%s)", "%s"),
                            "configuration") + ": " + e.getMessage(), e);
                }
                throw invalid(elementFormat, field, value, e.getMessage());
            }
        }
    }

    /**
     * Whether reuse is asked for outside the code, for every class: the system property
     * {@code consul.embedded.reuse} or the environment variable {@code CONSUL_EMBEDDED_REUSE} is
     * {@code true} or {@code force} (the core decides whether {@code CI=true} allows it).
     */
    static boolean reuseRequestedOutsideCode() {
        String value = System.getProperty("consul.embedded.reuse");
        if (value == null || value.isBlank()) {
            value = System.getenv("CONSUL_EMBEDDED_REUSE");
        }
        return value != null && (value.trim().equalsIgnoreCase("true") || value.trim().equalsIgnoreCase("force"));
    }

    /** The same settings with the binary settings of this run (JUnit configuration parameters, properties, environment). */
    ClassSettings withBinarySettings(BinarySettings settings) {
        return new ClassSettings(cluster.newBuilder().binarySettings(settings).build(), consulVersion, reset, exports, shared,
                skipWhenUnavailable, customizer, conflict, source);
    }

    static Set<PropertySet> toSet(PropertySet... sets) {
        return sets.length == 0 ? Set.of() : EnumSet.copyOf(Arrays.asList(sets));
    }

    /** Whether both ask for the same thing, wherever they come from. */
    boolean sameSettings(ClassSettings o) {
        return cluster.equals(o.cluster) && reset == o.reset && exports.equals(o.exports) && shared == o.shared
                && skipWhenUnavailable == o.skipWhenUnavailable;
    }

    /** A readable, stable name of the cluster, also used in the resource-lock key. */
    String describe() {
        return describe(cluster.servers(), cluster.clients(), consulVersion, cluster.datacenters(), cluster.domain(),
                cluster.timing(), cluster.encrypt(), cluster.acl(), cluster.tls());
    }

    static String describe(int servers, int clients, String consulVersion, List<String> datacenters, String domain,
            Timing timing, boolean encrypt, boolean acl, boolean tls) {
        return servers + " server(s), " + clients + " client(s), consul " + (consulVersion.isEmpty() ? "default" : consulVersion)
                + ", dc " + String.join("+", datacenters) + ", domain " + domain + ", timing " + timing
                + (encrypt ? ", encrypt" : "") + (acl ? ", acl" : "") + (tls ? ", tls" : "");
    }

    /** The lock that keeps classes that share this cluster from resetting it under each other. */
    static String lockKey(String description, boolean shared, Class<?> owner) {
        return "io.github.consulembedded.junit.cluster[" + description + (shared ? "" : ", own cluster of " + owner.getName()) + "]";
    }

    static ExtensionConfigurationException invalid(String elementFormat, String element, Object value, String problem) {
        return new ExtensionConfigurationException(String.format(elementFormat, element, value) + ": " + problem);
    }

    private static String quote(String s, boolean quoteStrings) {
        return quoteStrings ? "\"" + s + "\"" : "\"" + s + "\"";
    }

    /** How to turn on a security switch ({@code encrypt}, {@code acl}, {@code tls}) where this configuration comes from. */
    String howToTurnOn(String security) {
        return source.startsWith("@") ? "set " + security + " = true in " + source
                : "call " + security + "() on ConsulClusterExtension.builder()";
    }

    /** Node names the cluster starts with, for checking {@code @Node} before anything starts. */
    boolean hasNode(String node) {
        return allNodes().contains(node);
    }

    /** Every node name the cluster starts with, datacenter by datacenter. */
    List<String> allNodes() {
        List<String> nodes = new java.util.ArrayList<>();
        for (String dc : cluster.datacenters()) {
            nodes.addAll(cluster.serverNodes(dc));
            nodes.addAll(cluster.clientNodes(dc));
        }
        return nodes;
    }
}
