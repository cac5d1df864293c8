package io.github.consulembedded.internal.util;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Runs independent blocking calls (HTTP requests to agents) at the same time and waits for all of
 * them. The threads are daemons and end after a minute idle, so nothing outlives its use.
 */
public final class Parallel {
    // Unbounded: the calls only wait on agents, and a task may itself run calls in parallel.
    private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "consul-embedded-parallel");
        t.setDaemon(true);
        return t;
    });

    private Parallel() {
    }

    /**
     * Runs every task and returns once all have ended; a single task runs on the caller's thread.
     * The first failure is thrown as it was, with the later ones suppressed in it.
     */
    public static void run(List<Runnable> tasks) {
        if (tasks.size() <= 1) {
            tasks.forEach(Runnable::run);
            return;
        }
        List<CompletableFuture<Void>> running = new ArrayList<>(tasks.size());
        for (Runnable task : tasks) {
            running.add(CompletableFuture.runAsync(task, POOL));
        }
        RuntimeException failure = null;
        for (CompletableFuture<Void> f : running) {
            try {
                f.join();
            } catch (CompletionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : e;
                if (failure == null) {
                    failure = cause;
                } else if (failure != cause) {
                    failure.addSuppressed(cause);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
