package io.github.consulembedded.cli;

import io.github.consulembedded.ConsulAgent;
import io.github.consulembedded.ConsulCluster;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a running cluster's state for the command as a {@link ClusterSnapshot}: each agent as the
 * library describes it, plus, per datacenter, the leader and member statuses as the first
 * answering server of that datacenter tells them (a server knows its own datacenter's leader and
 * LAN members only).
 */
final class ClusterObserver {
    private final ConsulCluster cluster;
    private final AgentProbe probe;
    private final boolean ui;

    /** What one datacenter's servers told: leader node ({@code ""} none, null unknown) and LAN statuses (null unknown). */
    private record DatacenterView(String leader, Map<String, String> statuses) {
    }

    /**
     * @param cluster the running cluster
     * @param ui whether the command started the agents with the web UI
     */
    ClusterObserver(ConsulCluster cluster, boolean ui) {
        this.cluster = cluster;
        this.probe = new AgentProbe();
        this.ui = ui;
    }

    ConsulCluster cluster() {
        return cluster;
    }

    /** Reads the cluster's state now, with short timeouts; values no server could tell are {@code null}. */
    ClusterSnapshot observe() {
        Map<String, String> leaders = new LinkedHashMap<>();
        Map<String, DatacenterView> views = new HashMap<>();
        for (String dc : cluster.datacenters()) {
            DatacenterView view = observe(cluster.servers(dc));
            views.put(dc, view);
            leaders.put(dc, view.leader());
        }
        List<ClusterSnapshot.Agent> agents = new ArrayList<>();
        for (ConsulAgent a : cluster.agents()) {
            Map<String, String> statuses = views.get(a.datacenter()).statuses();
            agents.add(new ClusterSnapshot.Agent(a.node(), a.datacenter(), a.role().label(), a.pid(), a.address(),
                    a.ports(), a.dataDir().toString(), ui ? a.uiAddress().toString() : null,
                    statuses == null ? null : statuses.getOrDefault(a.node(), "none")));
        }
        return new ClusterSnapshot(cluster.domain(), cluster.binary().version(), leaders, agents);
    }

    /** Asks one datacenter's running servers in turn until one knows a leader. */
    private DatacenterView observe(List<ConsulAgent> servers) {
        String leaderAddress = null;
        Map<String, String> statuses = null;
        for (ConsulAgent server : servers) {
            if (!server.isRunning()) {
                continue;
            }
            try {
                String answer = probe.leader(server);
                Map<String, String> seen = probe.memberStatuses(server);
                if (leaderAddress == null || leaderAddress.isEmpty()) {
                    leaderAddress = answer;
                }
                if (statuses == null) {
                    statuses = seen;
                }
                if (!answer.isEmpty()) {
                    break;
                }
            } catch (IOException e) {
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
        return new DatacenterView(leader, statuses);
    }
}
