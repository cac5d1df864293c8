package io.github.consulembedded.internal.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.consulembedded.ConsulEmbeddedException;
import io.github.consulembedded.ConsulHttpException;
import io.github.consulembedded.internal.agent.Agent;
import io.github.consulembedded.internal.http.ConsulApi;
import io.github.consulembedded.internal.http.Json;
import io.github.consulembedded.internal.util.Parallel;
import io.github.consulembedded.internal.util.Poll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes a running cluster as good as new for the next test: sessions (and the locks they hold),
 * KV, prepared queries, intentions, every agent's services and checks but Consul's own,
 * catalog-only nodes, services and checks, and, with ACLs, the tokens and policies tests created.
 * It then checks that each kind is empty and names whatever is left. Deletions that do not
 * depend on each other run in parallel: each is a raft write, and the leader commits concurrent
 * writes together instead of one disk sync after another.
 */
public final class ClusterReset {
    private static final String ANONYMOUS_TOKEN = "00000000-0000-0000-0000-000000000002";
    private static final String GLOBAL_MANAGEMENT_POLICY = "00000000-0000-0000-0000-000000000001";
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(5);

    private ClusterReset() {
    }

    public static void reset(Cluster cluster) {
        for (String dc : cluster.spec().datacenters()) {
            reset(cluster, dc, dc.equals(cluster.spec().datacenter()));
        }
    }

    /** Resets one datacenter; ACLs live in the primary and replicate from there. */
    private static void reset(Cluster cluster, String dc, boolean primary) {
        List<Agent> agents = cluster.agents().answering().stream().filter(a -> a.datacenter().equals(dc)).toList();
        ConsulApi api = cluster.agents().applicationAgent(dc).api();
        // Keys first: a session destroyed while it holds a lock puts the key under lock-delay
        // (15 s by default), and the next test could not take the same lock until then.
        api.kvDeleteAll();
        Map<String, Set<String>> ownChecks = new ConcurrentHashMap<>();
        List<Runnable> deletions = new ArrayList<>();
        for (JsonNode session : api.get("/v1/session/list")) {
            deletions.add(() -> api.put("/v1/session/destroy/" + session.path("ID").asText(), null));
        }
        for (JsonNode query : api.get("/v1/query")) {
            deletions.add(() -> api.delete("/v1/query/" + query.path("ID").asText()));
        }
        for (JsonNode intention : intentions(api)) {
            deletions.add(() -> api.delete("/v1/connect/intentions/" + intention.path("ID").asText()));
        }
        for (Agent agent : agents) {
            deletions.add(() -> ownChecks.put(agent.node(), resetAgent(agent.api())));
        }
        Set<String> agentNodes = new HashSet<>();
        cluster.agents().inDatacenter(dc).forEach(a -> agentNodes.add(a.node()));
        for (String node : CatalogState.nodes(api)) {
            if (!agentNodes.contains(node)) {
                // No agent owns a catalog-only node, so it can go at the same time.
                deletions.add(() -> catalogDeregister(api, node, null, null));
            }
        }
        Parallel.run(deletions);
        // Only once the agents have dropped their own: what the catalog still lists then is catalog-only.
        removeCatalogOnly(cluster, dc, api, ownChecks);
        if (primary && cluster.spec().acl()) {
            resetAcl(api);
        }
        awaitClean(cluster, dc, api);
    }

    /** Deregisters the agent's services and checks but Consul's own; returns the checks it keeps. */
    private static Set<String> resetAgent(ConsulApi http) {
        List<Runnable> services = new ArrayList<>();
        for (String id : http.agentServices().keySet()) {
            if (!"consul".equals(id)) {
                services.add(() -> http.deregisterService(id));
            }
        }
        Parallel.run(services);
        // A service's checks went with it; what is left are checks of their own.
        Set<String> kept = new HashSet<>();
        List<Runnable> checks = new ArrayList<>();
        http.get("/v1/agent/checks").fields().forEachRemaining(check -> {
            String id = check.getKey();
            if ("serfHealth".equals(id)) {
                kept.add(id);
            } else {
                checks.add(() -> http.put("/v1/agent/check/deregister/" + ConsulApi.encodeSegment(id), null));
            }
        });
        Parallel.run(checks);
        return kept;
    }

    /**
     * Removes what was registered through the catalog API: nodes that are no agent of the cluster
     * (with their services and checks), and services and checks on agent nodes that no agent owns.
     */
    private static void removeCatalogOnly(Cluster cluster, String dc, ConsulApi api, Map<String, Set<String>> ownChecks) {
        Set<String> agentNodes = new HashSet<>();
        cluster.agents().inDatacenter(dc).forEach(a -> agentNodes.add(a.node()));
        List<Runnable> nodes = new ArrayList<>();
        for (String node : CatalogState.nodes(api)) {
            if (!agentNodes.contains(node)) {
                nodes.add(() -> catalogDeregister(api, node, null, null));
            } else {
                nodes.add(() -> removeCatalogOnlyOnAgentNode(api, node, ownChecks.get(node)));
            }
        }
        Parallel.run(nodes);
    }

    private static void removeCatalogOnlyOnAgentNode(ConsulApi api, String node, Set<String> kept) {
        JsonNode services = api.get("/v1/catalog/node/" + ConsulApi.encodeSegment(node)).path("Services");
        services.fieldNames().forEachRemaining(id -> {
            if (!"consul".equals(id)) {
                catalogDeregister(api, node, id, null);
            }
        });
        for (JsonNode check : api.get("/v1/health/node/" + ConsulApi.encodeSegment(node))) {
            String id = check.path("CheckID").asText();
            if (!"serfHealth".equals(id) && (kept == null || !kept.contains(id)) && check.path("ServiceID").asText().isEmpty()) {
                catalogDeregister(api, node, null, id);
            }
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
    private static void resetAcl(ConsulApi api) {
        String masterAccessor = api.get("/v1/acl/token/self").path("AccessorID").asText();
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
    private static Iterable<JsonNode> intentions(ConsulApi api) {
        try {
            return api.get("/v1/connect/intentions");
        } catch (ConsulHttpException e) {
            if (e.status() == 500 && String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("connect")) {
                return List.of();
            }
            throw e;
        }
    }

    /** Agents sync deregistrations to the catalog within moments; wait for that, then name anything left. */
    private static void awaitClean(Cluster cluster, String dc, ConsulApi api) {
        Set<String> agentNodes = new HashSet<>();
        cluster.agents().inDatacenter(dc).forEach(a -> agentNodes.add(a.node()));
        try {
            Poll.until(SETTLE_TIMEOUT, Duration.ofMillis(5), () -> {
                List<String> left = leftovers(api, agentNodes);
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

    private static List<String> leftovers(ConsulApi api, Set<String> agentNodes) {
        List<String> left = new ArrayList<>();
        List<String> keys = api.kvKeys("");
        if (!keys.isEmpty()) {
            left.add("KV keys " + keys);
        }
        List<String> services = new ArrayList<>(CatalogState.serviceNames(api));
        services.remove("consul");
        if (!services.isEmpty()) {
            left.add("catalog services " + services);
        }
        List<String> nodes = new ArrayList<>(CatalogState.nodes(api));
        nodes.removeAll(agentNodes);
        if (!nodes.isEmpty()) {
            left.add("catalog nodes " + nodes);
        }
        if (api.get("/v1/session/list").size() > 0) {
            left.add("sessions " + ids(api.get("/v1/session/list"), "ID"));
        }
        if (api.get("/v1/query").size() > 0) {
            left.add("prepared queries " + ids(api.get("/v1/query"), "ID"));
        }
        return left;
    }

    private static List<String> ids(JsonNode array, String field) {
        List<String> ids = new ArrayList<>();
        array.forEach(n -> ids.add(n.path(field).asText()));
        return ids;
    }
}
