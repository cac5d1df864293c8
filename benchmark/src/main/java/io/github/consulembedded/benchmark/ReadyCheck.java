package io.github.consulembedded.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The library's readiness definition for agents it did not start: every agent reports the same
 * non-empty leader, every server lists every server as a raft peer, every agent sees every node
 * alive, the catalog (as a server answers) holds every node, every server's own copy of the
 * catalog has every server's {@code consul} service passing (what DNS answers from), and a
 * consistent read through the application agent (the first client, else the first server)
 * succeeds. Polled every 50 ms, as {@code ConsulCluster.awaitReady} does, with the JDK's HTTP
 * client: the library's own client is not for tuning, and probes need short timeouts.
 */
final class ReadyCheck {
    private static final HttpClient PROBES = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(Duration.ofMillis(500))
            .build();
    private static final Duration PROBE_ANSWER = Duration.ofSeconds(1);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Serf's member status code for a live member. */
    private static final int ALIVE = 1;

    /** One agent to check: its node name, HTTP port, and server RPC address if it is a server. */
    record Target(String node, int httpPort, String serverAddress) {
        boolean isServer() {
            return serverAddress != null;
        }
    }

    private ReadyCheck() {
    }

    /** Polls until ready; false if {@code timeout} passed first. */
    static boolean await(List<Target> agents, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (isReady(agents)) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    static boolean isReady(List<Target> agents) throws InterruptedException {
        Set<String> servers = new HashSet<>();
        Set<String> serverNodes = new HashSet<>();
        Set<String> nodes = new HashSet<>();
        for (Target t : agents) {
            nodes.add(t.node());
            if (t.isServer()) {
                servers.add(t.serverAddress());
                serverNodes.add(t.node());
            }
        }
        String agreed = null;
        for (Target t : agents) {
            try {
                JsonNode leaderAnswer = get(t, "/v1/status/leader");
                String leader = leaderAnswer.isTextual() ? leaderAnswer.asText() : "";
                if (leader.isEmpty() || (agreed != null && !agreed.equals(leader))) {
                    return false;
                }
                agreed = leader;
                if (t.isServer() && !texts(get(t, "/v1/status/peers")).containsAll(servers)) {
                    return false;
                }
                Set<String> alive = new HashSet<>();
                for (JsonNode m : get(t, "/v1/agent/members")) {
                    if (m.path("Status").asInt() == ALIVE) {
                        alive.add(m.path("Name").asText());
                    }
                }
                if (!alive.containsAll(nodes)) {
                    return false;
                }
            } catch (IOException notYet) {
                return false;
            }
        }
        return catalogComplete(agents, nodes) && dnsAgrees(agents, serverNodes) && usable(agents);
    }

    private static boolean catalogComplete(List<Target> agents, Set<String> nodes) throws InterruptedException {
        Target server = agents.stream().filter(Target::isServer).findFirst().orElseThrow();
        try {
            return texts(get(server, "/v1/catalog/nodes"), "Node").containsAll(nodes);
        } catch (IOException notYet) {
            return false;
        }
    }

    /**
     * Every server's own (stale) copy of the catalog has the {@code consul} service passing on
     * every server, so that an SRV query for {@code consul.service.<domain>} answers all of them
     * whichever server serves it. (It implies that every server's {@code consul} service is
     * registered: a follower's copy is never ahead of the leader's.)
     */
    private static boolean dnsAgrees(List<Target> agents, Set<String> servers) throws InterruptedException {
        try {
            for (Target t : agents) {
                if (t.isServer() && !texts(get(t, "/v1/health/service/consul?passing&stale"), "Node", "Node")
                        .containsAll(servers)) {
                    return false;
                }
            }
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** A consistent read of a key nobody writes, through the application agent, reaches a leader (404 counts). */
    private static boolean usable(List<Target> agents) throws InterruptedException {
        Target front = agents.stream().filter(t -> !t.isServer()).findFirst().orElse(agents.get(0));
        try {
            int status = status(front, "/v1/kv/consul-embedded-leader-probe?consistent");
            return status == 200 || status == 404;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static int status(Target agent, String path) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + agent.httpPort() + path);
        return PROBES.send(HttpRequest.newBuilder(uri).timeout(PROBE_ANSWER).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** The JSON answer of a GET; an IOException for any answer but 200, as "not ready yet". */
    private static JsonNode get(Target agent, String path) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + agent.httpPort() + path);
        HttpResponse<String> response = PROBES.send(HttpRequest.newBuilder(uri).timeout(PROBE_ANSWER).GET().build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (response.statusCode() != 200) {
            throw new IOException("GET " + uri + " answered HTTP " + response.statusCode());
        }
        return MAPPER.readTree(response.body());
    }

    /** The texts of an array's elements, or of the value at {@code path} (field names) in each. */
    private static Set<String> texts(JsonNode array, String... path) {
        Set<String> texts = new HashSet<>();
        for (JsonNode e : array) {
            JsonNode value = e;
            for (String field : path) {
                value = value.path(field);
            }
            texts.add(value.asText());
        }
        return texts;
    }
}
