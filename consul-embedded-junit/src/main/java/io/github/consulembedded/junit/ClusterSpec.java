package io.github.consulembedded.junit;

import io.github.consulembedded.AgentConfig;
import io.github.consulembedded.BinarySettings;
import io.github.consulembedded.ConsulCluster;
import io.github.consulembedded.Timing;
import io.github.consulembedded.junit.EmbeddedConsulCluster.PropertySet;
import io.github.consulembedded.junit.EmbeddedConsulCluster.ResetPolicy;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * What a test class asked for, from the annotation or the programmatic builder, validated.
 * {@link #key()} is the part that decides which classes share a cluster.
 *
 * @param source how to name the configuration in messages, e.g. {@code @EmbeddedConsulCluster on FooTest}
 * @param customizer extra core-builder settings from {@code ConsulClusterExtension.Builder#configure}, or null
 * @param elementFormat names one setting and its value in messages; takes the element name and the value
 */
record ClusterSpec(int servers, int clients, String consulVersion, String datacenter, String domain, Timing timing,
        boolean encrypt, boolean acl, boolean tls, ResetPolicy reset, Set<PropertySet> exports, boolean shared,
        boolean skipWhenUnavailable, Consumer<ConsulCluster.Builder> customizer, String source, String elementFormat) {

    ClusterSpec {
        exports = exports.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(exports));
    }

    /** Which clusters are interchangeable: two classes with equal keys share one. */
    record Key(int servers, int clients, String consulVersion, String datacenter, String domain, Timing timing,
            boolean encrypt, boolean acl, boolean tls, Consumer<ConsulCluster.Builder> customizer) {

        /** A readable, stable name, also used as the resource-lock key. */
        String describe() {
            return servers + " server(s), " + clients + " client(s), consul " + (consulVersion.isEmpty() ? "default" : consulVersion)
                    + ", dc " + datacenter + ", domain " + domain + ", timing " + timing
                    + (encrypt ? ", encrypt" : "") + (acl ? ", acl" : "") + (tls ? ", tls" : "")
                    + (customizer == null ? "" : ", configured by " + customizer.getClass().getName() + "@"
                            + Integer.toHexString(System.identityHashCode(customizer)));
        }
    }

    static ClusterSpec of(EmbeddedConsulCluster a, Class<?> testClass) {
        return unvalidated(a, testClass).validated();
    }

    /** The annotation's values as they are; {@link ClusterLocks} needs the key even of a class the extension will reject. */
    static ClusterSpec unvalidated(EmbeddedConsulCluster a, Class<?> testClass) {
        return new ClusterSpec(a.servers(), a.clients(), a.consulVersion().trim(), a.datacenter(), a.domain(), a.timing(),
                a.encrypt(), a.acl(), a.tls(), a.reset(), toSet(a.exportProperties()), a.shared(), a.skipWhenUnavailable(),
                null, "@EmbeddedConsulCluster on " + testClass.getName(),
                "@EmbeddedConsulCluster(%s = %s) on " + testClass.getName());
    }

    static Set<PropertySet> toSet(PropertySet... sets) {
        return sets.length == 0 ? Set.of() : EnumSet.copyOf(Arrays.asList(sets));
    }

    /** Whether both ask for the same thing, wherever they come from. */
    boolean sameSettings(ClusterSpec o) {
        return key().equals(o.key()) && reset == o.reset && exports.equals(o.exports) && shared == o.shared
                && skipWhenUnavailable == o.skipWhenUnavailable;
    }

    Key key() {
        return new Key(servers, clients, consulVersion, datacenter, domain, timing, encrypt, acl, tls, customizer);
    }

    /** The lock that keeps classes that share this cluster from resetting it under each other. */
    String lockKey(Class<?> owner) {
        return "io.github.consulembedded.junit.cluster[" + key().describe() + (shared ? "" : ", own cluster of " + owner.getName()) + "]";
    }

    /** Checks each value; a message names the element and its value through {@link #elementFormat()}. */
    ClusterSpec validated() {
        if (servers < 1) {
            throw invalid(elementFormat, "servers", servers, "servers must be >= 1");
        }
        if (clients < 0) {
            throw invalid(elementFormat, "clients", clients, "clients must be >= 0");
        }
        Objects.requireNonNull(timing, "timing");
        Objects.requireNonNull(reset, "reset");
        if (!consulVersion.isEmpty()) {
            try {
                BinarySettings.from(new Properties(), Map.of()).newBuilder().version(consulVersion).build();
            } catch (IllegalArgumentException e) {
                throw invalid(elementFormat, "consulVersion", quoted(consulVersion), e.getMessage());
            }
        }
        try {
            AgentConfig.server().node("probe").datacenter(datacenter).build();
        } catch (IllegalArgumentException e) {
            throw invalid(elementFormat, "datacenter", quoted(datacenter), e.getMessage());
        }
        try {
            AgentConfig.server().node("probe").domain(domain).build();
        } catch (IllegalArgumentException e) {
            throw invalid(elementFormat, "domain", quoted(domain), e.getMessage());
        }
        return this;
    }

    static ExtensionConfigurationException invalid(String elementFormat, String element, Object value, String problem) {
        return new ExtensionConfigurationException(String.format(elementFormat, element, value) + ": " + problem);
    }

    static String quoted(String s) {
        return "\"" + s + "\"";
    }

    /** How to turn on a security switch ({@code encrypt}, {@code acl}, {@code tls}) where this configuration comes from. */
    String howToTurnOn(String security) {
        return source.startsWith("@") ? "set " + security + " = true in " + source
                : "call " + security + "() on ConsulClusterExtension.builder()";
    }

    String topology() {
        return servers + (servers == 1 ? " server" : " servers") + ", " + clients + (clients == 1 ? " client" : " clients");
    }
}
