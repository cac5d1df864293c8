package io.github.consulembedded.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The library's readiness definition for agents it did not start: every agent reports the same
 * non-empty leader, every server lists every server as a raft peer, every agent sees every node
 * alive, and the catalog (as a server answers) holds every node and lists every server under the
 * {@code consul} service. Polled every 50 ms, as {@code ConsulCluster.awaitReady} does.
 * It asks with its own OkHttp client: the library's is relocated inside its jar and not its API.
 */
final class ReadyCheck {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final OkHttpClient PROBES = new OkHttpClient.Builder()
            .proxy(java.net.Proxy.NO_PROXY)
            .connectTimeout(Duration.ofMillis(500))
            .readTimeout(Duration.ofSeconds(1))
            .retryOnConnectionFailure(false)
            .build();

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

    static boolean isReady(List<Target> agents) {
        Set<String> servers = new HashSet<>();
        Set<String> nodes = new HashSet<>();
        for (Target t : agents) {
            nodes.add(t.node());
            if (t.isServer()) {
                servers.add(t.serverAddress());
            }
        }
        String agreed = null;
        for (Target t : agents) {
            try {
                JsonNode leaderNode = get(t.httpPort(), "/v1/status/leader");
                String leader = leaderNode.isTextual() ? leaderNode.asText() : "";
                if (leader.isEmpty() || (agreed != null && !agreed.equals(leader))) {
                    return false;
                }
                agreed = leader;
                Set<String> peers = new HashSet<>();
                get(t.httpPort(), "/v1/status/peers").forEach(p -> peers.add(p.asText()));
                if (t.isServer() && !peers.containsAll(servers)) {
                    return false;
                }
                Set<String> alive = new HashSet<>();
                for (JsonNode m : get(t.httpPort(), "/v1/agent/members")) {
                    // Serf status 1 is alive.
                    if (m.path("Status").asInt() == 1) {
                        alive.add(m.path("Name").asText());
                    }
                }
                if (!alive.containsAll(nodes)) {
                    return false;
                }
            } catch (RuntimeException notYet) {
                return false;
            }
        }
        return catalogComplete(agents, nodes);
    }

    private static boolean catalogComplete(List<Target> agents, Set<String> nodes) {
        Target server = agents.stream().filter(Target::isServer).findFirst().orElseThrow();
        try {
            Set<String> registered = new HashSet<>();
            get(server.httpPort(), "/v1/catalog/nodes").forEach(n -> registered.add(n.path("Node").asText()));
            Set<String> consulNodes = new HashSet<>();
            get(server.httpPort(), "/v1/catalog/service/consul").forEach(n -> consulNodes.add(n.path("Node").asText()));
            long serverCount = agents.stream().filter(Target::isServer).count();
            return registered.containsAll(nodes) && consulNodes.size() == serverCount;
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    private static JsonNode get(int httpPort, String path) {
        Request request = new Request.Builder().url("http://127.0.0.1:" + httpPort + path).build();
        try (Response response = PROBES.newCall(request).execute()) {
            String body = response.body().string();
            if (!response.isSuccessful()) {
                throw new IllegalStateException("GET " + path + " on port " + httpPort + " answered HTTP " + response.code());
            }
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + path + " on port " + httpPort + " failed: " + e.getMessage(), e);
        }
    }
}
