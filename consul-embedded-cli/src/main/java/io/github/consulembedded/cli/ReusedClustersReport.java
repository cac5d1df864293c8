package io.github.consulembedded.cli;

import io.github.consulembedded.ReusedClusters;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code --list-reused} and {@code --stop-reused}: the clusters that tests started with reuse and
 * left running in this user's work area, one line each (id, spec, keeper and agent pids, age and
 * idle time), and stopping them all.
 */
final class ReusedClustersReport {
    private final Consumer<String> out;

    ReusedClustersReport(Consumer<String> out) {
        this.out = out;
    }

    /** Lists, or stops and lists what was stopped; returns the exit code (0). */
    int run(boolean stop) {
        List<ReusedClusters.Info> infos = stop ? ReusedClusters.stopAll() : ReusedClusters.list();
        if (infos.isEmpty()) {
            out.accept(stop ? "No reused Consul cluster was running." : "No reused Consul cluster is running.");
            return LocalClusterCommand.OK;
        }
        out.accept((stop ? "Stopped " : "") + infos.size() + " reused Consul cluster" + (infos.size() == 1 ? "" : "s")
                + (stop ? ":" : " running:"));
        Instant now = Instant.now();
        for (ReusedClusters.Info info : infos) {
            out.accept("  " + info.id() + "  " + (info.description().isEmpty() ? "(starting)" : info.description())
                    + "  keeper pid " + info.keeperPid() + ", agent pids " + info.agentPids()
                    + (info.startedAt() == null ? "" : ", started " + ago(info.startedAt(), now) + " ago")
                    + info.attachedPid().map(pid -> ", in use by pid " + pid)
                            .orElse(info.idleSince().map(t -> ", idle since " + ago(t, now) + " (stops after "
                                    + format(info.idleTimeout()) + ")").orElse(""))
                    + (stop ? "" : "  " + info.folder()));
        }
        return LocalClusterCommand.OK;
    }

    private static String ago(Instant then, Instant now) {
        return format(Duration.between(then, now));
    }

    static String format(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return s / 60 + " min";
        }
        return s / 3600 + " h " + (s % 3600) / 60 + " min";
    }
}
