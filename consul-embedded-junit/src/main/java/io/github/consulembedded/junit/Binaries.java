package io.github.consulembedded.junit;

import io.github.consulembedded.BinarySettings;
import io.github.consulembedded.BinaryUnavailableException;
import io.github.consulembedded.ConsulBinary;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Resolves the Consul binary once per settings and run, in the root store, so that twenty
 * classes do not each try a download that failed. The core's settings can also be given as
 * JUnit configuration parameters ({@code junit-platform.properties}).
 */
final class Binaries {
    static final String SKIP_PROPERTY = "consul.embedded.skip-when-unavailable";
    static final String SKIP_ENV = "CONSUL_EMBEDDED_SKIP_WHEN_UNAVAILABLE";
    private static final List<String> SETTINGS = List.of("consul.embedded.binary", "consul.embedded.version",
            "consul.embedded.download-url", "consul.embedded.sha256", "consul.embedded.cache-dir", "consul.embedded.offline");

    private Binaries() {
    }

    /**
     * The binary for {@code spec}; when there is none, fails with the core's message or, if the
     * class or the environment opted in, aborts the class so that it is reported as skipped.
     */
    static ConsulBinary resolve(ExtensionContext context, ClassSettings spec) {
        BinarySettings settings = settings(context, spec);
        Outcome outcome = context.getRoot().getStore(ConsulClusterExtension.NAMESPACE)
                .getOrComputeIfAbsent(new Key(settings), k -> new Outcome(), Outcome.class);
        try {
            return outcome.get(settings);
        } catch (BinaryUnavailableException e) {
            if (skipWhenUnavailable(context, spec)) {
                Assumptions.abort("No Consul binary, so " + spec.source() + " is skipped (skipWhenUnavailable): " + e.getMessage());
            }
            throw new BinaryUnavailableException("No Consul binary for " + spec.source() + ": " + e.getMessage()
                    + ". To skip such classes instead of failing them, set skipWhenUnavailable = true, the system property "
                    + SKIP_PROPERTY + "=true or the environment variable " + SKIP_ENV + "=true", e);
        }
    }

    static BinarySettings settings(ExtensionContext context, ClassSettings spec) {
        Properties props = new Properties();
        props.setProperty("user.home", System.getProperty("user.home", ""));
        for (String name : SETTINGS) {
            // Configuration parameters fall back to system properties; read both in case a launcher turned that off.
            String value = context.getConfigurationParameter(name).orElse(System.getProperty(name));
            if (value != null) {
                props.setProperty(name, value);
            }
        }
        try {
            BinarySettings settings = BinarySettings.from(props, System.getenv());
            return spec.consulVersion().isEmpty() ? settings : settings.newBuilder().version(spec.consulVersion()).build();
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException("Invalid Consul binary settings for " + spec.source() + ": " + e.getMessage(), e);
        }
    }

    static boolean skipWhenUnavailable(ExtensionContext context, ClassSettings spec) {
        if (spec.skipWhenUnavailable()) {
            return true;
        }
        String value = context.getConfigurationParameter(SKIP_PROPERTY).orElse(System.getProperty(SKIP_PROPERTY));
        if (value == null || value.isBlank()) {
            value = System.getenv(SKIP_ENV);
        }
        return value != null && value.trim().toLowerCase(Locale.ROOT).equals("true");
    }

    /** A store key; equals and hashCode written out, as for the extension's own keys. */
    private record Key(BinarySettings settings) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && settings.equals(other.settings);
        }

        @Override
        public int hashCode() {
            return settings.hashCode();
        }
    }

    /** The memoized result of one resolution, failure included. */
    private static final class Outcome {
        private ConsulBinary binary;
        private BinaryUnavailableException failure;

        synchronized ConsulBinary get(BinarySettings settings) {
            if (binary == null && failure == null) {
                try {
                    binary = ConsulBinary.resolve(settings);
                } catch (BinaryUnavailableException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw failure;
            }
            return binary;
        }
    }
}
