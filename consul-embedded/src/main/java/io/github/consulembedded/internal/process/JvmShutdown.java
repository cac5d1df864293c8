package io.github.consulembedded.internal.process;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JVM shutdown hook for the whole library: it closes every cluster and agent still open
 * (in parallel, since each may wait for graceful stops), then runs the final file cleanups. The
 * JVM runs separate hooks concurrently, so ordering "stop agents, then delete their folders"
 * needs a single hook.
 */
public final class JvmShutdown {
    private static final Logger LOG = LoggerFactory.getLogger(JvmShutdown.class);
    private static final Set<AutoCloseable> OPEN = new LinkedHashSet<>();
    private static final List<Runnable> FINALLY = new ArrayList<>();
    private static volatile boolean shuttingDown;
    private static boolean hookInstalled;

    private JvmShutdown() {
    }

    /** Closes {@code resource} at JVM exit unless it was unregistered first. */
    public static synchronized void register(AutoCloseable resource) {
        installHook();
        OPEN.add(resource);
    }

    public static synchronized void unregister(AutoCloseable resource) {
        OPEN.remove(resource);
    }

    /** Runs {@code cleanup} at JVM exit after every registered resource is closed. */
    public static synchronized void afterAll(Runnable cleanup) {
        installHook();
        FINALLY.add(cleanup);
    }

    /** True once the JVM is exiting: supervisors must not restart agents then. */
    public static boolean isShuttingDown() {
        return shuttingDown;
    }

    private static void installHook() {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(JvmShutdown::run, "consul-embedded-shutdown"));
            hookInstalled = true;
        }
    }

    private static void run() {
        shuttingDown = true;
        List<AutoCloseable> open;
        List<Runnable> cleanups;
        synchronized (JvmShutdown.class) {
            open = new ArrayList<>(OPEN);
            cleanups = new ArrayList<>(FINALLY);
        }
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (AutoCloseable resource : open) {
            closing.add(CompletableFuture.runAsync(() -> {
                try {
                    resource.close();
                } catch (Exception e) {
                    LOG.warn("Closing {} at JVM exit failed", resource, e);
                }
            }, runnable -> {
                Thread t = new Thread(runnable, "consul-embedded-shutdown-close");
                t.setDaemon(true);
                t.start();
            }));
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Not every agent stopped within 20 s at JVM exit; the watchdog ends the rest");
        }
        for (Runnable cleanup : cleanups) {
            try {
                cleanup.run();
            } catch (RuntimeException e) {
                LOG.warn("Cleanup at JVM exit failed", e);
            }
        }
    }
}
