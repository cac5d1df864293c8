package io.github.consulembedded.benchmark;

import io.github.consulembedded.ConsulHttp;
import io.github.consulembedded.ConsulMember;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import okhttp3.OkHttpClient;

/**
 * The library's readiness definition for agents it did not start: every agent reports the same
 * non-empty leader, every server lists every server as a raft peer, every agent sees every node
 * alive, and the catalog (as a server answers) holds every node and lists every server under the
 * {@code consul} service. Polled every 50 ms, as {@code ConsulCluster.awaitReady} does.
 */
final class ReadyCheck {
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
            ConsulHttp http = new ConsulHttp(URI.create("http://127.0.0.1:" + t.httpPort())).withClient(PROBES);
            try {
                String leader = http.leader();
                if (leader.isEmpty() || (agreed != null && !agreed.equals(leader))) {
                    return false;
                }
                agreed = leader;
                if (t.isServer() && !http.peers().containsAll(servers)) {
                    return false;
                }
                Set<String> alive = new HashSet<>();
                for (ConsulMember m : http.members()) {
                    if (m.isAlive()) {
                        alive.add(m.name());
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
        ConsulHttp http = new ConsulHttp(URI.create("http://127.0.0.1:" + server.httpPort())).withClient(PROBES);
        try {
            Set<String> registered = new HashSet<>();
            http.get("/v1/catalog/nodes").forEach(n -> registered.add(n.path("Node").asText()));
            Set<String> consulNodes = new HashSet<>();
            http.get("/v1/catalog/service/consul").forEach(n -> consulNodes.add(n.path("Node").asText()));
            long serverCount = agents.stream().filter(Target::isServer).count();
            return registered.containsAll(nodes) && consulNodes.size() == serverCount;
        } catch (RuntimeException notYet) {
            return false;
        }
    }
}
