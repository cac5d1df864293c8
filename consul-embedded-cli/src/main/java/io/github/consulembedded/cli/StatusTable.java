package io.github.consulembedded.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders the ready cluster as an aligned text table: node, role, pid, HTTP, DNS and serf LAN,
 * plus a DC column after the node when several datacenters are federated.
 */
final class StatusTable {
    private static final List<String> HEADER = List.of("NODE", "ROLE", "PID", "HTTP", "DNS", "SERF LAN");
    private static final String DATACENTER_HEADER = "DC";

    private StatusTable() {
    }

    /** The table, one line per agent after a header line, each ending in a newline. */
    static String render(ClusterSnapshot snapshot) {
        boolean federated = snapshot.federated();
        List<List<String>> rows = new ArrayList<>();
        rows.add(withDatacenter(HEADER, DATACENTER_HEADER, federated));
        for (ClusterSnapshot.Agent a : snapshot.agents()) {
            rows.add(withDatacenter(List.of(a.node(), a.role(), Long.toString(a.pid()),
                    "http://" + a.address() + ":" + a.ports().http(),
                    a.address() + ":" + a.ports().dns(),
                    a.address() + ":" + a.ports().serfLan()), a.datacenter(), federated));
        }
        int[] widths = new int[rows.get(0).size()];
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

    private static List<String> withDatacenter(List<String> row, String datacenter, boolean federated) {
        if (!federated) {
            return row;
        }
        List<String> wider = new ArrayList<>(row);
        wider.add(1, datacenter);
        return wider;
    }
}
