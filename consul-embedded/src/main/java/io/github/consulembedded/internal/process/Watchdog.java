package io.github.consulembedded.internal.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per-JVM {@code sh} watchdog ({@code watchdog.sh} beside this class): it holds a pipe from
 * this JVM and, when the JVM dies however it dies, ends the agents of the JVM's session folder.
 */
final class Watchdog {
    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);

    private Watchdog() {
    }

    /** Starts the watchdog for {@code session}; returns null (after a warning) where there is no {@code sh}. */
    static ManagedProcess guard(Path session) {
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            LOG.warn("No agent watchdog on Windows: agents are stopped by close() and the JVM's shutdown hook only");
            return null;
        }
        try {
            ManagedProcess process = ManagedProcess.start(new ManagedProcess.Spec("consul-embedded-watchdog",
                    List.of("sh", "-c", script()), null, Map.of("CE_SESSION", session.toString()),
                    line -> LOG.debug("watchdog: {}", line.text()), true));
            LOG.debug("Agent watchdog pid {} guards {}", process.pid(), session);
            return process;
        } catch (IOException e) {
            LOG.warn("Could not start the agent watchdog (sh): agents may outlive a JVM that is killed", e);
            return null;
        }
    }

    static String script() {
        try (InputStream in = Watchdog.class.getResourceAsStream("watchdog.sh")) {
            if (in == null) {
                throw new IllegalStateException("watchdog.sh is missing from the consul-embedded jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read watchdog.sh from the consul-embedded jar", e);
        }
    }
}
