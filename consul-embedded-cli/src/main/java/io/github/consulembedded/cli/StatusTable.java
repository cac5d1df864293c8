package io.github.consulembedded.cli;

import java.util.ArrayList;
import java.util.List;

/** Renders the ready cluster as an aligned text table: node, role, pid, HTTP, DNS and serf LAN. */
final class StatusTable {
    private static final List<String> HEADER = List.of("NODE", "ROLE", "PID", "HTTP", "DNS", "SERF LAN");

    private StatusTable() {
    }

    /** The table, one line per agent after a header line, each ending in a newline. */
    static String render(ClusterSnapshot snapshot) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (ClusterSnapshot.Agent a : snapshot.agents()) {
            rows.add(List.of(a.node(), a.role(), Long.toString(a.pid()),
                    "http://" + a.address() + ":" + a.ports().http(),
                    a.address() + ":" + a.ports().dns(),
                    a.address() + ":" + a.ports().serfLan()));
        }
        int[] widths = new int[HEADER.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == row.size() - 1 ? row.get(i) : CliParser.pad(row.get(i), widths[i] + 2));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
