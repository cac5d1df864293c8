package io.github.consulembedded.internal.cluster;

import io.github.consulembedded.ConsulEmbeddedException;
import io.github.consulembedded.ConsulHttpException;
import io.github.consulembedded.internal.agent.Agent;
import io.github.consulembedded.internal.http.ConsulApi;
import io.github.consulembedded.internal.json.Json;
import io.github.consulembedded.internal.json.JsonNode;
import io.github.consulembedded.internal.json.MissingNode;
import io.github.consulembedded.internal.json.ObjectNode;
import io.github.consulembedded.internal.util.Parallel;
import io.github.consulembedded.internal.util.Poll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes a running cluster as good as new for the next test: sessions (and the locks they hold),
 * KV, prepared queries, intentions, every agent's services and checks but Consul's own,
 * catalog-only nodes, services and checks, and, with ACLs, the tokens and policies tests created.
 * It then waits (briefly) until each kind it removed is empty, and names whatever is left. What
 * agents that do not run own cannot be removed: it is named at once, never waited for.
 */
public final class ClusterReset {
    private static final String ANONYMOUS_TOKEN = "00000000-0000-0000-0000-000000000002";
    private static final String GLOBAL_MANAGEMENT_POLICY = "00000000-0000-0000-0000-000000000001";
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(5);

    private ClusterReset() {
    }

    public static void reset(Cluster cluster) {
        awaitRecoveries(cluster);
        for (String dc : cluster.spec().datacenters()) {
            reset(cluster, dc, dc.equals(cluster.spec().datacenter()));
        }
    }

    /**
     * Agents the supervisor is bringing back after a crash come back with what they owned: wait
     * for them (bounded by the ready timeout) so that they are reset too, rather than fail.
     */
    private static void awaitRecoveries(Cluster cluster) {
        AgentSupervisor supervisor = cluster.supervisor();
        if (supervisor == null || supervisor.recovering().isEmpty()) {
            return;
        }
        ClusterAwaits.await(cluster, "the supervisor to bring crashed agents back before reset", cluster.spec().readyTimeout(),
                Duration.ofMillis(50), () -> {
                    Set<Agent> pending = supervisor.recovering();
                    return pending.isEmpty() ? Poll.Check.done(Boolean.TRUE)
                            : Poll.Check.notYet("recovering " + pending.stream().map(Agent::node).sorted().toList());
                });
    }

    /** Resets one datacenter; ACLs live in the primary and replicate from there. */
    private static void reset(Cluster cluster, String dc, boolean primary) {
        List<Agent> agents = cluster.agents().answering().stream().filter(a -> a.datacenter().equals(dc)).toList();
        Set<String> unreachable = new TreeSet<>();
        cluster.agents().inDatacenter(dc).stream().filter(a -> !agents.contains(a)).forEach(a -> unreachable.add(a.node()));
        ConsulApi api = cluster.agents().applicationAgent(dc).api();
        Set<String> agentNodes = new HashSet<>();
        cluster.agents().inDatacenter(dc).forEach(a -> agentNodes.add(a.node()));
        // One round of reads, all at once: what there is of each kind, and for each agent's node what
        // the agent owns and what the catalog holds there. Keys go in the same round: a session
        // destroyed while it holds a lock puts the key under lock-delay (15 s by default), so keys
        // must be gone before sessions are.
        Map<String, JsonNode> listed = new ConcurrentHashMap<>();
        Map<Agent, AgentNode> nodesOfAgents = new ConcurrentHashMap<>();
        List<Runnable> reads = new ArrayList<>(List.of(api::kvDeleteAll,
                () -> listed.put("sessions", api.get("/v1/session/list")),
                () -> listed.put("queries", api.get("/v1/query")),
                () -> listed.put("intentions", intentions(api)),
                () -> listed.put("nodes", api.get("/v1/catalog/nodes"))));
        for (Agent agent : agents) {
            reads.add(() -> nodesOfAgents.put(agent, AgentNode.read(agent.api(), api, agent.node())));
        }
        Parallel.run(reads);

        // Then everything there is goes at once: what an agent owns through the agent (so that
        // anti-entropy does not bring it back), what the catalog alone holds through the catalog.
        List<Runnable> removals = new ArrayList<>();
        for (JsonNode session : listed.get("sessions")) {
            removals.add(() -> api.put("/v1/session/destroy/" + session.path("ID").asText(), null));
        }
        for (JsonNode query : listed.get("queries")) {
            removals.add(() -> api.delete("/v1/query/" + query.path("ID").asText()));
        }
        for (JsonNode intention : listed.get("intentions")) {
            removals.add(() -> api.delete("/v1/connect/intentions/" + intention.path("ID").asText()));
        }
        nodesOfAgents.forEach((agent, node) -> node.addRemovals(agent.api(), api, agent.node(), removals));
        for (JsonNode n : listed.get("nodes")) {
            String node = n.path("Node").asText();
            if (!agentNodes.contains(node)) {
                removals.add(() -> catalogDeregister(api, node, null, null));
            }
        }
        Parallel.run(removals);
        if (primary && cluster.spec().acl()) {
            resetAcl(cluster, api);
        }
        if (!removals.isEmpty()) {
            // Keys, sessions, queries, intentions and ACLs go at once; an agent syncs its deregistrations
            // to the catalog a moment later. With nothing but keys to remove, there is nothing to wait for.
            awaitClean(cluster, dc, api, unreachable);
        }
        List<String> kept = heldByUnreachableAgents(cluster, api, unreachable);
        if (!kept.isEmpty()) {
            throw new ConsulEmbeddedException("reset() removed everything else, but cannot remove what agents that do not run"
                    + " own: it lives in their data dirs and comes back with them: " + String.join("; ", kept)
                    + ". Restart them (or wait for the supervisor to) and reset again, or deregister before stopping them.");
        }
    }

    /**
     * An agent's node: the services and checks the agent owns besides Consul's own, and those the
     * catalog lists on the node that the agent does not own (registered through the catalog API).
     */
    private record AgentNode(Set<String> services, Set<String> checks, Set<String> catalogServices,
            Set<String> catalogChecks) {
        static AgentNode read(ConsulApi agent, ConsulApi catalog, String node) {
            Map<String, JsonNode> seen = new ConcurrentHashMap<>();
            Set<String> services = new HashSet<>();
            Parallel.run(List.of(
                    () -> services.addAll(agent.agentServices().keySet()),
                    () -> seen.put("checks", agent.get("/v1/agent/checks")),
                    () -> seen.put("node", catalog.get("/v1/catalog/node/" + ConsulApi.encodeSegment(node))),
                    () -> seen.put("health", catalog.get("/v1/health/node/" + ConsulApi.encodeSegment(node)))));
            services.remove("consul");
            Set<String> checks = new HashSet<>();
            seen.get("checks").fields().forEachRemaining(check -> {
                // A service's checks go with it; only checks of their own are removed one by one.
                if (check.getValue().path("ServiceID").asText().isEmpty()) {
                    checks.add(check.getKey());
                }
            });
            checks.remove("serfHealth");
            Set<String> catalogServices = new HashSet<>();
            seen.get("node").path("Services").fieldNames().forEachRemaining(id -> {
                if (!"consul".equals(id) && !services.contains(id)) {
                    catalogServices.add(id);
                }
            });
            Set<String> catalogChecks = new HashSet<>();
            for (JsonNode check : seen.get("health")) {
                String id = check.path("CheckID").asText();
                if (!"serfHealth".equals(id) && !checks.contains(id) && check.path("ServiceID").asText().isEmpty()) {
                    catalogChecks.add(id);
                }
            }
            return new AgentNode(services, checks, catalogServices, catalogChecks);
        }

        /** Adds one removal for each thing on the node. */
        void addRemovals(ConsulApi agent, ConsulApi catalog, String node, List<Runnable> removals) {
            services.forEach(id -> removals.add(() -> agent.deregisterService(id)));
            checks.forEach(id -> removals.add(() -> agent.put("/v1/agent/check/deregister/" + ConsulApi.encodeSegment(id), null)));
            catalogServices.forEach(id -> removals.add(() -> catalogDeregister(catalog, node, id, null)));
            catalogChecks.forEach(id -> removals.add(() -> catalogDeregister(catalog, node, null, id)));
        }
    }

    private static void catalogDeregister(ConsulApi api, String node, String serviceId, String checkId) {
        ObjectNode body = Json.object().put("Node", node);
        if (serviceId != null) {
            body.put("ServiceID", serviceId);
        }
        if (checkId != null) {
            body.put("CheckID", checkId);
        }
        api.put("/v1/catalog/deregister", body);
    }

    /** Deletes every token but the anonymous one and the master (the library's own), and every policy but global-management. */
    private static void resetAcl(Cluster cluster, ConsulApi api) {
        // Each server leaves "legacy mode" on its own soon after the cluster starts; a call may reach one that has not yet.
        String masterAccessor = ClusterAwaits.await(cluster, "the ACL system to leave legacy mode", Duration.ofSeconds(10),
                Duration.ofMillis(50), () -> {
                    try {
                        return Poll.Check.done(api.get("/v1/acl/token/self").path("AccessorID").asText());
                    } catch (ConsulHttpException e) {
                        if (String.valueOf(e.getMessage()).contains("legacy mode")) {
                            return Poll.Check.notYet(e.getMessage());
                        }
                        throw e;
                    }
                });
        for (JsonNode token : api.get("/v1/acl/tokens")) {
            String accessor = token.path("AccessorID").asText();
            if (!accessor.equals(ANONYMOUS_TOKEN) && !accessor.equals(masterAccessor)) {
                api.delete("/v1/acl/token/" + accessor);
            }
        }
        for (JsonNode policy : api.get("/v1/acl/policies")) {
            String id = policy.path("ID").asText();
            if (!id.equals(GLOBAL_MANAGEMENT_POLICY)) {
                api.delete("/v1/acl/policy/" + id);
            }
        }
    }

    /** Consul without Connect (1.4's default) may refuse the intentions endpoint; then there are none. */
    private static JsonNode intentions(ConsulApi api) {
        try {
            return api.get("/v1/connect/intentions");
        } catch (ConsulHttpException e) {
            if (e.status() == 500 && String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("connect")) {
                return Json.array();
            }
            throw e;
        }
    }

    /** Agents sync deregistrations to the catalog within moments; wait for that, then name anything left. */
    private static void awaitClean(Cluster cluster, String dc, ConsulApi api, Set<String> unreachable) {
        Set<String> agentNodes = new HashSet<>();
        cluster.agents().inDatacenter(dc).forEach(a -> agentNodes.add(a.node()));
        try {
            Poll.until(SETTLE_TIMEOUT, Duration.ofMillis(5), () -> {
                List<String> left = leftovers(api, agentNodes, unreachable);
                return left.isEmpty() ? Poll.Check.done(Boolean.TRUE) : Poll.Check.notYet(String.join("; ", left));
            }, Optional::empty);
        } catch (Poll.TimeoutException e) {
            throw new ConsulEmbeddedException("reset() could not remove everything within " + SETTLE_TIMEOUT.toSeconds()
                    + " s" + (cluster.spec().federated() ? " in datacenter " + dc : "") + "; left: " + e.lastReason(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConsulEmbeddedException("interrupted while resetting the cluster", e);
        }
    }

    /** What is still there of the kinds reset removes, leaving out what agents that do not run own. */
    private static List<String> leftovers(ConsulApi api, Set<String> agentNodes, Set<String> unreachable) {
        // Each kind is one call; asked all at once, the check costs one round trip, not six.
        Map<String, JsonNode> seen = new ConcurrentHashMap<>();
        List<String> keys = new ArrayList<>();
        Parallel.run(List.of(
                () -> keys.addAll(api.kvKeys("")),
                () -> seen.put("services", api.get("/v1/catalog/services")),
                () -> seen.put("checks", api.get("/v1/health/state/any")),
                () -> seen.put("nodes", api.get("/v1/catalog/nodes")),
                () -> seen.put("sessions", api.get("/v1/session/list")),
                () -> seen.put("queries", api.get("/v1/query"))));
        List<String> left = new ArrayList<>();
        if (!keys.isEmpty()) {
            left.add("KV keys " + keys);
        }
        List<String> services = new ArrayList<>();
        seen.get("services").fieldNames().forEachRemaining(name -> {
            if (!"consul".equals(name)) {
                for (JsonNode instance : api.get("/v1/catalog/service/" + ConsulApi.encodeSegment(name))) {
                    if (!unreachable.contains(instance.path("Node").asText())) {
                        services.add(instance.path("ServiceID").asText() + " on " + instance.path("Node").asText());
                    }
                }
            }
        });
        if (!services.isEmpty()) {
            left.add("catalog services " + services);
        }
        List<String> checks = new ArrayList<>();
        for (JsonNode check : seen.get("checks")) {
            String node = check.path("Node").asText();
            if (!"serfHealth".equals(check.path("CheckID").asText()) && !unreachable.contains(node)) {
                checks.add(check.path("CheckID").asText() + " on " + node);
            }
        }
        if (!checks.isEmpty()) {
            left.add("catalog checks " + checks);
        }
        List<String> nodes = ids(seen.get("nodes"), "Node");
        nodes.removeAll(agentNodes);
        if (!nodes.isEmpty()) {
            left.add("catalog nodes " + nodes);
        }
        if (seen.get("sessions").size() > 0) {
            left.add("sessions " + ids(seen.get("sessions"), "ID"));
        }
        if (seen.get("queries").size() > 0) {
            left.add("prepared queries " + ids(seen.get("queries"), "ID"));
        }
        return left;
    }

    /**
     * The services and checks of agents that do not answer (stopped, killed, frozen): those still
     * in the catalog and, for an agent whose process is gone, those kept in its data dir, which it
     * registers again when it comes back (a stopped client left, so the catalog forgot them).
     */
    private static List<String> heldByUnreachableAgents(Cluster cluster, ConsulApi api, Set<String> unreachable) {
        List<String> held = new ArrayList<>();
        for (String node : unreachable) {
            Agent agent = cluster.agents().byNode(node);
            Set<String> services = new TreeSet<>();
            api.getIfPresent("/v1/catalog/node/" + ConsulApi.encodeSegment(node)).map(e -> e.path("Services"))
                    .orElse(MissingNode.getInstance()).fieldNames().forEachRemaining(services::add);
            services.remove("consul");
            Set<String> checks = new TreeSet<>();
            for (JsonNode check : api.get("/v1/health/node/" + ConsulApi.encodeSegment(node))) {
                checks.add(check.path("CheckID").asText());
            }
            checks.remove("serfHealth");
            if (!agent.isRunning()) {
                services.addAll(PersistedRegistrations.serviceIds(agent.dataDir()));
                checks.addAll(PersistedRegistrations.checkIds(agent.dataDir()));
            }
            if (!services.isEmpty() || !checks.isEmpty()) {
                held.add(node + " (" + agent.state().name().toLowerCase(Locale.ROOT) + "): services " + services
                        + ", checks " + checks);
            }
        }
        return held;
    }

    private static List<String> ids(JsonNode array, String field) {
        List<String> ids = new ArrayList<>();
        array.forEach(n -> ids.add(n.path(field).asText()));
        return ids;
    }
}
