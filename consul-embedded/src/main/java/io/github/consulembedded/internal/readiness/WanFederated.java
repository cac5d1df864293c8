package io.github.consulembedded.internal.readiness;

import io.github.consulembedded.ConsulEmbeddedException;
import io.github.consulembedded.MemberStatus;
import io.github.consulembedded.internal.agent.Agent;
import io.github.consulembedded.internal.json.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Several datacenters are federated: every server lists every other datacenter's servers as
 * alive WAN members ({@code /v1/agent/members?wan=1}, where a server is {@code <node>.<dc>}),
 * {@code /v1/catalog/datacenters} lists every datacenter, and a consistent read through every
 * server reaches every other datacenter's leader.
 *
 * <p>The read is there because a server keeps pooled connections to the servers of other
 * datacenters and forwards to the same one until a call fails. After those servers restart
 * (killed, then brought back on their ports by the supervisor), the first call over an old
 * connection answers HTTP 500 "stream closed"; the server then moves on to a fresh connection.
 * This check makes that failing call, so that an application's first cross-datacenter call after
 * the wait does not.
 */
public final class WanFederated {
    private WanFederated() {
    }

    /** Empty when federated; otherwise one line per problem. Asks each server with short timeouts. */
    public static List<String> problems(List<Agent> servers, List<String> datacenters) {
        List<String> problems = new ArrayList<>();
        for (Agent server : servers) {
            if (!server.isRunning() || server.isFrozen()) {
                problems.add(server.node() + ": not running");
                continue;
            }
            try {
                Set<String> alive = new TreeSet<>();
                for (JsonNode m : server.probe().get("/v1/agent/members?wan=1")) {
                    if (MemberStatus.fromCode(m.path("Status").asInt()) == MemberStatus.ALIVE) {
                        alive.add(m.path("Name").asText());
                    }
                }
                Set<String> missing = new TreeSet<>();
                for (Agent other : servers) {
                    if (!other.datacenter().equals(server.datacenter())) {
                        String wanName = other.node() + "." + other.datacenter();
                        if (!alive.contains(wanName)) {
                            missing.add(wanName);
                        }
                    }
                }
                if (!missing.isEmpty()) {
                    problems.add(server.node() + ": WAN members " + missing + " not alive");
                }
                Set<String> known = new TreeSet<>();
                server.probe().get("/v1/catalog/datacenters").forEach(dc -> known.add(dc.asText()));
                if (!known.containsAll(datacenters)) {
                    problems.add(server.node() + ": knows datacenters " + known + ", not all of " + datacenters);
                    continue;
                }
                for (String dc : datacenters) {
                    if (!dc.equals(server.datacenter())) {
                        try {
                            server.probe().getIfPresent(ClusterUsable.PROBE_KEY + "&dc=" + dc);
                        } catch (ConsulEmbeddedException e) {
                            problems.add(server.node() + ": cannot read " + dc + " yet: " + e.getMessage());
                        }
                    }
                }
            } catch (ConsulEmbeddedException e) {
                problems.add(server.node() + ": " + e.getMessage());
            }
        }
        return problems;
    }
}
