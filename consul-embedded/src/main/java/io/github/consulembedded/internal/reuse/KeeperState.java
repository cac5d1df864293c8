package io.github.consulembedded.internal.reuse;

import io.github.consulembedded.AgentPorts;
import io.github.consulembedded.AgentRole;
import io.github.consulembedded.internal.json.ArrayNode;
import io.github.consulembedded.internal.json.Json;
import io.github.consulembedded.internal.json.JsonNode;
import io.github.consulembedded.internal.json.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * What the keeper of a reused cluster publishes in its entry ({@code state.json}), rewritten on
 * every change: its phase, pid and times, the cluster's security material and each agent's node,
 * pid, ports and data dir, so that a run in another JVM can attach.
 *
 * @param phase {@code starting}, {@code ready}, {@code stopping} or {@code failed}
 * @param idleSinceMillis when the last run detached (or the cluster became ready), 0 while a run is attached
 * @param failure why the start failed, or empty
 */
record KeeperState(String phase, long keeperPid, long startedAtMillis, long readyAtMillis, long idleSinceMillis,
        long idleTimeoutMillis, String description, String gossipKey, String aclMasterToken, String tlsFolder,
        String failure, List<Node> agents) {

    static final String STARTING = "starting";
    static final String READY = "ready";
    static final String STOPPING = "stopping";
    static final String FAILED = "failed";

    KeeperState {
        agents = List.copyOf(agents);
    }

    /** One agent as the keeper runs it; {@code pid} is -1 while it is not running. */
    record Node(String node, AgentRole role, long pid, boolean frozen, AgentPorts ports, String dataDir) {
    }

    boolean isReady() {
        return READY.equals(phase);
    }

    KeeperState withPhase(String newPhase) {
        return new KeeperState(newPhase, keeperPid, startedAtMillis, readyAtMillis, idleSinceMillis, idleTimeoutMillis,
                description, gossipKey, aclMasterToken, tlsFolder, failure, agents);
    }

    KeeperState withIdleSince(long millis) {
        return new KeeperState(phase, keeperPid, startedAtMillis, readyAtMillis, millis, idleTimeoutMillis,
                description, gossipKey, aclMasterToken, tlsFolder, failure, agents);
    }

    KeeperState withAgents(List<Node> nodes) {
        return new KeeperState(phase, keeperPid, startedAtMillis, readyAtMillis, idleSinceMillis, idleTimeoutMillis,
                description, gossipKey, aclMasterToken, tlsFolder, failure, nodes);
    }

    Node node(String name) {
        for (Node n : agents) {
            if (n.node().equals(name)) {
                return n;
            }
        }
        return null;
    }

    String toJson() {
        ObjectNode n = Json.object();
        n.put("phase", phase);
        n.put("keeperPid", keeperPid);
        n.put("startedAtMillis", startedAtMillis);
        n.put("readyAtMillis", readyAtMillis);
        n.put("idleSinceMillis", idleSinceMillis);
        n.put("idleTimeoutMillis", idleTimeoutMillis);
        n.put("description", description);
        n.put("gossipKey", gossipKey);
        n.put("aclMasterToken", aclMasterToken);
        n.put("tlsFolder", tlsFolder);
        n.put("failure", failure);
        ArrayNode list = n.putArray("agents");
        for (Node a : agents) {
            ObjectNode o = list.addObject();
            o.put("node", a.node());
            o.put("role", a.role().name());
            o.put("pid", a.pid());
            o.put("frozen", a.frozen());
            AgentPorts p = a.ports();
            o.putArray("ports").add(p.http()).add(p.https()).add(p.dns()).add(p.serfLan()).add(p.serfWan()).add(p.server());
            o.put("dataDir", a.dataDir());
        }
        return Json.write(n);
    }

    static KeeperState fromJson(String text) {
        JsonNode n;
        try {
            n = Json.read(text);
        } catch (io.github.consulembedded.internal.json.JsonParseException e) {
            throw new IllegalArgumentException("not a keeper state: " + e.getMessage(), e);
        }
        List<Node> agents = new ArrayList<>();
        for (JsonNode o : n.path("agents")) {
            JsonNode p = o.path("ports");
            agents.add(new Node(o.path("node").asText(), AgentRole.valueOf(o.path("role").asText()), o.path("pid").asLong(),
                    o.path("frozen").asBoolean(), new AgentPorts(p.get(0).asInt(), p.get(1).asInt(), p.get(2).asInt(),
                    p.get(3).asInt(), p.get(4).asInt(), p.get(5).asInt()), o.path("dataDir").asText()));
        }
        return new KeeperState(n.path("phase").asText(), n.path("keeperPid").asLong(), n.path("startedAtMillis").asLong(),
                n.path("readyAtMillis").asLong(), n.path("idleSinceMillis").asLong(), n.path("idleTimeoutMillis").asLong(),
                n.path("description").asText(), text(n, "gossipKey"), text(n, "aclMasterToken"), text(n, "tlsFolder"),
                text(n, "failure"), agents);
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }
}
