package io.github.consulembedded.internal.cli;

import io.github.consulembedded.ClusterEvent;
import io.github.consulembedded.ClusterListener;
import io.github.consulembedded.ConsulAgent;
import io.github.consulembedded.ConsulCluster;
import io.github.consulembedded.ConsulEmbeddedException;
import io.github.consulembedded.ConsulHttp;
import io.github.consulembedded.ConsulMember;
import io.github.consulembedded.internal.http.HttpClients;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Watches the running cluster for the command: every {@link #PERIOD_MILLIS} ms a daemon thread
 * observes leader, member statuses and pids, prints what changed and rewrites the status file;
 * as a {@link ClusterListener} it prints the supervisor's exits and restarts as they happen.
 */
public final class ClusterWatcher implements ClusterListener, AutoCloseable {
    static final long PERIOD_MILLIS = 500;

    private final Consumer<String> out;
    private final StatusFile statusFile;
    private final long cliPid;
    private final Map<String, String> restartAttempts = new ConcurrentHashMap<>();
    private final ScheduledExecutorService executor;
    private volatile ConsulCluster cluster;
    private volatile boolean stopped;
    private ClusterSnapshot last;

    /**
     * @param out where change lines go (one call per line)
     * @param statusFile the file to keep current, or {@code null}
     * @param cliPid this process's pid, written into the status file
     */
    public ClusterWatcher(Consumer<String> out, StatusFile statusFile, long cliPid) {
        this.out = out;
        this.statusFile = statusFile;
        this.cliPid = cliPid;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "consul-embedded-cli-watcher");
            t.setDaemon(true);
            return t;
        });
    }

    /** Reads the cluster's state now, with short timeouts; values no server could tell are {@code null}. */
    public static ClusterSnapshot observe(ConsulCluster cluster) {
        List<ConsulAgent> servers = cluster.servers();
        String leaderAddress = null;
        List<ConsulMember> members = null;
        for (ConsulAgent server : servers) {
            if (!server.isRunning()) {
                continue;
            }
            ConsulHttp http = server.http();
            try {
                String answer = http.leader();
                List<ConsulMember> seen = http.members();
                if (leaderAddress == null || leaderAddress.isEmpty()) {
                    leaderAddress = answer;
                }
                if (members == null) {
                    members = seen;
                }
                if (!answer.isEmpty()) {
                    break;
                }
            } catch (ConsulEmbeddedException e) {
                // This server does not answer right now; ask the next.
            }
        }
        String leader = null;
        if (leaderAddress != null) {
            leader = ClusterSnapshot.NO_LEADER;
            for (ConsulAgent server : servers) {
                if (server.serverAddress().equals(leaderAddress)) {
                    leader = server.node();
                }
            }
        }
        Map<String, String> statuses = new HashMap<>();
        if (members != null) {
            for (ConsulMember m : members) {
                statuses.put(m.name(), m.status().name().toLowerCase(Locale.ROOT));
            }
        }
        List<ClusterSnapshot.Agent> agents = new ArrayList<>();
        for (ConsulAgent a : cluster.agents()) {
            agents.add(new ClusterSnapshot.Agent(a.node(), a.role().label(), a.pid(), a.address(),
                    a.ports(), a.dataDir().toString(), cluster.spec().ui() ? a.uiAddress().toString() : null,
                    members == null ? null : statuses.getOrDefault(a.node(), "none")));
        }
        return new ClusterSnapshot(cluster.datacenter(), cluster.domain(), cluster.binary().version(), leader, agents);
    }

    /** Starts polling {@code cluster}, taking {@code ready} (already printed and written) as the baseline. */
    public void start(ConsulCluster cluster, ClusterSnapshot ready) {
        this.cluster = cluster;
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
            ClusterSnapshot now = observe(c);
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
            default -> out.accept(event.toString());
        }
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
    public void mute() {
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
