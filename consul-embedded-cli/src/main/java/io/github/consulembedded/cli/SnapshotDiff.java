package io.github.consulembedded.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What changed between two snapshots, as the lines the command prints ({@code LEADER ...},
 * {@code FAILED ...}, {@code ALIVE ...}) and whether the status file must be rewritten. A new
 * pid alone prints nothing here: the supervisor's restart events say it better. With several
 * datacenters each leader line ends in {@code in <datacenter>}; with one it is unchanged.
 *
 * @param lines one line per reportable change, in a stable order
 * @param changed whether anything in the status file differs
 */
record SnapshotDiff(List<String> lines, boolean changed) {

    SnapshotDiff {
        lines = List.copyOf(lines);
    }

    /** Compares {@code after} with {@code before}; unknown values (null) in {@code after} are not changes. */
    static SnapshotDiff between(ClusterSnapshot before, ClusterSnapshot after) {
        List<String> lines = new ArrayList<>();
        for (String dc : after.datacenters()) {
            String now = after.leader(dc);
            String then = before.leader(dc);
            if (now != null && then != null && !now.equals(then)) {
                lines.add("LEADER " + name(now) + " (was " + name(then) + ")" + (after.federated() ? " in " + dc : ""));
            }
        }
        for (ClusterSnapshot.Agent now : after.agents()) {
            ClusterSnapshot.Agent then = before.agent(now.node());
            if (then == null || now.status() == null || then.status() == null || now.status().equals(then.status())) {
                continue;
            }
            lines.add(statusWord(now.status()) + " " + now.node());
        }
        return new SnapshotDiff(lines, !before.equals(after));
    }

    private static String name(String leader) {
        return leader.isEmpty() ? "none" : leader;
    }

    private static String statusWord(String status) {
        // "none" is serf's word for a node it does not list at all.
        return "none".equals(status) ? "MISSING" : status.toUpperCase(Locale.ROOT);
    }
}
