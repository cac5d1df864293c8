package io.github.consulembedded.cli;

import io.github.consulembedded.ClusterEvent;
import io.github.consulembedded.ClusterListener;
import io.github.consulembedded.ConsulCluster;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Watches the running cluster for the command: every {@link #PERIOD_MILLIS} ms a daemon thread
 * observes leader, member statuses and pids, prints what changed and rewrites the status file;
 * as a {@link ClusterListener} it prints the supervisor's exits and restarts as they happen, and
 * while the cluster starts, what it still lacks every 5 s.
 */
final class ClusterWatcher implements ClusterListener, AutoCloseable {
    static final long PERIOD_MILLIS = 500;

    private final Consumer<String> out;
    private final StatusFile statusFile;
    private final long cliPid;
    private final Map<String, String> restartAttempts = new ConcurrentHashMap<>();
    private final ScheduledExecutorService executor;
    private volatile ClusterObserver observer;
    private volatile ConsulCluster cluster;
    private volatile boolean stopped;
    private ClusterSnapshot last;
    private volatile long lastNotReadyReport;

    /**
     * @param out where change lines go (one call per line)
     * @param statusFile the file to keep current, or {@code null}
     * @param cliPid this process's pid, written into the status file
     */
    ClusterWatcher(Consumer<String> out, StatusFile statusFile, long cliPid) {
        this.out = out;
        this.statusFile = statusFile;
        this.cliPid = cliPid;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "consul-embedded-cli-watcher");
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts polling the observer's cluster, taking {@code ready} (already printed and written) as the baseline. */
    void start(ClusterObserver observer, ClusterSnapshot ready) {
        this.observer = observer;
        this.cluster = observer.cluster();
        synchronized (this) {
            this.last = ready;
        }
        executor.scheduleWithFixedDelay(this::poll, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void poll() {
        ConsulCluster c = cluster;
        if (stopped || c == null || c.isClosed()) {
            return;
        }
        try {
            ClusterSnapshot now = observer.observe();
            synchronized (this) {
                if (stopped) {
                    return;
                }
                now = now.withUnknownFrom(last);
                SnapshotDiff diff = SnapshotDiff.between(last, now);
                diff.lines().forEach(out);
                if (diff.changed() && statusFile != null) {
                    write(now);
                }
                last = now;
            }
        } catch (RuntimeException e) {
            // The next round tries again; a watcher that dies would leave the status file stale.
            out.accept("WARN could not observe the cluster: " + e.getMessage());
        }
    }

    private void write(ClusterSnapshot snapshot) {
        try {
            statusFile.write(snapshot, cliPid);
        } catch (IOException e) {
            out.accept("WARN could not rewrite the status file " + statusFile.path() + ": " + e);
        }
    }

    @Override
    public void onEvent(ClusterEvent event) {
        if (stopped) {
            return;
        }
        String node = event.node();
        switch (event.type()) {
            case AGENT_STARTED -> out.accept("  started " + node + " (" + event.detail() + ")");
            case AGENT_EXITED -> out.accept("EXITED " + node);
            case AGENT_RESTARTING -> restartAttempts.put(node, event.detail());
            case AGENT_RECOVERED -> {
                String attempt = restartAttempts.remove(node);
                ConsulCluster c = cluster;
                long pid = c == null ? -1 : pidOf(c, node);
                out.accept("RESTART " + node + " pid " + pid + (attempt == null ? "" : " (" + attempt + ")"));
            }
            case AGENT_RESTART_FAILED -> out.accept("RESTART-FAILED " + node + ": " + event.detail());
            case CLIENT_REJOINED -> out.accept("REJOINED " + node + ": " + event.detail());
            case SUPERVISION_GAVE_UP -> out.accept("GAVE-UP " + node + ": " + event.detail());
            case NOT_READY_YET -> {
                lastNotReadyReport = System.nanoTime();
                out.accept("  " + event.detail());
            }
            default -> out.accept(event.toString());
        }
    }

    /** Whether the library said what the cluster still lacks within the last {@code nanos}. */
    boolean reportedNotReadyWithin(long nanos) {
        long last = lastNotReadyReport;
        return last != 0 && System.nanoTime() - last < nanos;
    }

    private static long pidOf(ConsulCluster cluster, String node) {
        try {
            return cluster.agent(node).pid();
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    /**
     * Stops printing and writing at once, without waiting: on Ctrl-C the terminal signals the
     * agents too, and their exits are the stop, not news.
     */
    void mute() {
        stopped = true;
    }

    /** Stops polling and printing; waits briefly for a round in progress. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            stopped = true;
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
