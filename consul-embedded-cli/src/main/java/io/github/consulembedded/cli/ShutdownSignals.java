package io.github.consulembedded.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Routes SIGINT, SIGTERM and SIGHUP to the command instead of the JVM's default handler, which
 * would end the JVM with 130/143. The command stops the cluster itself and exits 0.
 *
 * <p>The only way to handle a signal in Java is {@code sun.misc.Signal} (module
 * {@code jdk.unsupported}, exported on every OpenJDK build). It is used directly: reached by
 * reflection, its handler would have to be a {@link java.lang.reflect.Proxy}, which costs a fresh
 * JVM 10-20 ms (a dynamic module and a generated class) ahead of the agents' start; the direct
 * handler costs 3-5 ms. The module's pom lets {@code @SuppressWarnings("sunapi")} silence
 * javac's warning on it. Where the class is missing (a runtime without {@code jdk.unsupported}),
 * the JVM's default handling stays: shutdown hooks still stop the cluster, only the exit code
 * differs.
 */
final class ShutdownSignals {
    private static final List<String> SIGNALS = List.of("INT", "TERM", "HUP");

    private ShutdownSignals() {
    }

    /**
     * Calls {@code onSignal} with the signal's name ("TERM", ...) on a JVM signal thread each
     * time one arrives.
     *
     * @return the signals that are now handled; empty if none could be
     */
    static List<String> install(Consumer<String> onSignal) {
        List<String> installed = new ArrayList<>();
        for (String name : SIGNALS) {
            try {
                SunMisc.handle(name, onSignal);
                installed.add(name);
            } catch (IllegalArgumentException e) {
                // Unknown on this OS (HUP on Windows) or reserved by the JVM (-Xrs): keep the default.
            } catch (LinkageError e) {
                // No sun.misc.Signal in this runtime: the default handlers and shutdown hooks remain.
                break;
            }
        }
        return List.copyOf(installed);
    }

    /** The one use of {@code sun.misc}, in a class of its own so that a runtime without it fails only here. */
    @SuppressWarnings("sunapi")
    private static final class SunMisc {
        private SunMisc() {
        }

        static void handle(String name, Consumer<String> onSignal) {
            sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> onSignal.accept(signal.getName()));
        }
    }
}
