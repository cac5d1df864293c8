package io.github.consulembedded;

import io.github.consulembedded.internal.binary.BinaryInstaller;
import io.github.consulembedded.internal.binary.Platform;
import io.github.consulembedded.internal.binary.VersionProbe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Consul executable ready to run, found in this order: an explicit binary from
 * {@link BinarySettings#binary()}, a verified copy in the cache, or a fresh download that is
 * checked against its SHA-256 before it is cached. Safe to call from many threads and processes.
 */
public final class ConsulBinary {

    /** Where a resolved executable came from. */
    public enum Source {
        /** Configured with {@code consul.embedded.binary} / {@code CONSUL_BINARY} or in code. */
        EXPLICIT,
        /** Already verified in the cache; no network was used. */
        CACHE,
        /** Downloaded, verified and cached by this call. */
        DOWNLOAD
    }

    private static final Logger LOG = LoggerFactory.getLogger(ConsulBinary.class);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(10);

    private final Path executable;
    private final String version;
    private final Source source;

    private ConsulBinary(Path executable, String version, Source source) {
        this.executable = executable;
        this.version = version;
        this.source = source;
    }

    /** Resolves with {@link BinarySettings#defaults()}: system properties, environment, then built-in defaults. */
    public static ConsulBinary resolve() {
        return resolve(BinarySettings.defaults());
    }

    /**
     * Resolves the executable the settings describe, downloading it only when it is neither given
     * explicitly nor cached and the settings allow it.
     *
     * @throws BinaryUnavailableException if no executable can be had; the message says how to proceed
     */
    public static ConsulBinary resolve(BinarySettings settings) {
        return resolve(settings, Platform::current);
    }

    static ConsulBinary resolve(BinarySettings settings, Supplier<Platform> platform) {
        Objects.requireNonNull(settings, "settings");
        if (settings.binary().isPresent()) {
            return explicit(settings.binary().get(), settings);
        }
        BinaryInstaller.Installed installed = new BinaryInstaller(settings, platform.get()).obtain();
        return new ConsulBinary(installed.executable(), settings.version(),
                installed.downloaded() ? Source.DOWNLOAD : Source.CACHE);
    }

    private static ConsulBinary explicit(Path binary, BinarySettings settings) {
        String described = binary + " (from " + settings.binaryOrigin() + ")";
        if (!Files.exists(binary)) {
            throw new BinaryUnavailableException("The consul binary " + described + " does not exist; point "
                    + "consul.embedded.binary / CONSUL_BINARY at a consul executable, or unset it to download one");
        }
        if (!Files.isRegularFile(binary) || !Files.isExecutable(binary)) {
            throw new BinaryUnavailableException("The consul binary " + described + " is not an executable file"
                    + " (check its permissions, e.g. chmod +x)");
        }
        String probed = VersionProbe.probe(binary, "the consul binary " + described, PROBE_TIMEOUT);
        if (!probed.equals(settings.version())) {
            // Users point at a distro build on purpose; differing versions usually still work.
            LOG.warn("The consul binary {} reports version {}, not the configured {}; using it anyway",
                    described, probed, settings.version());
        }
        return new ConsulBinary(binary, probed, Source.EXPLICIT);
    }

    /** The absolute path of the executable to start. */
    public Path executable() {
        return executable;
    }

    /** The Consul version, like {@code 1.4.2}; for an explicit binary, the version it reported itself. */
    public String version() {
        return version;
    }

    /** Whether the executable was given explicitly, found in the cache or downloaded just now. */
    public Source source() {
        return source;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConsulBinary other && executable.equals(other.executable)
                && version.equals(other.version) && source == other.source;
    }

    @Override
    public int hashCode() {
        return Objects.hash(executable, version, source);
    }

    @Override
    public String toString() {
        return "Consul " + version + " at " + executable + " (" + source.name().toLowerCase(java.util.Locale.ROOT) + ")";
    }
}
