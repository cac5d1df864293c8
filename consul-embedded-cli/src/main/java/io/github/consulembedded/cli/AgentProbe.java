package io.github.consulembedded.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.consulembedded.ConsulAgent;
import io.github.consulembedded.ConsulTls;
import io.github.consulembedded.MemberStatus;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The two questions the command asks a server every round, leader and member statuses, over
 * the JDK's HTTP client with short timeouts, so that a server that hangs cannot stall a round.
 * With TLS it presents the cluster's client certificate, since agents verify incoming connections.
 */
final class AgentProbe {
    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(1);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client;

    /** A probe for a cluster with this TLS side, or none. */
    AgentProbe(Optional<ConsulTls> tls) {
        // Agents listen on loopback: no proxy. HTTP/1.1, as Consul's API speaks it.
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT).proxy(HttpClient.Builder.NO_PROXY);
        tls.ifPresent(t -> builder.sslContext(t.sslContext()));
        this.client = builder.build();
    }

    /**
     * Loads what a probe needs (the JDK's HTTP client and Jackson, about 0.3 s of class loading)
     * without asking anything, so that the first snapshot after the cluster is ready does not pay for it.
     */
    static void warmUp() {
        try {
            new AgentProbe(Optional.empty());
            JSON.readTree("[{\"Name\":\"warm-up\",\"Status\":1}]");
        } catch (IOException | RuntimeException e) {
            // Only a head start: the real probe reports its own failures.
        }
    }

    /** The leader's server address ({@code host:port}) as {@code agent} knows it, or "" while there is none. */
    String leader(ConsulAgent agent) throws IOException {
        JsonNode answer = get(agent, "/v1/status/leader");
        return answer.isTextual() ? answer.asText() : "";
    }

    /** The gossip status ("alive", "failed", "left", ...) of each LAN member {@code agent} sees, by node name. */
    Map<String, String> memberStatuses(ConsulAgent agent) throws IOException {
        Map<String, String> statuses = new HashMap<>();
        for (JsonNode member : get(agent, "/v1/agent/members")) {
            statuses.put(member.path("Name").asText(),
                    MemberStatus.fromCode(member.path("Status").asInt()).name().toLowerCase(Locale.ROOT));
        }
        return statuses;
    }

    private JsonNode get(ConsulAgent agent, String path) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(agent.httpAddress().resolve(path))
                .timeout(ANSWER_TIMEOUT).GET();
        agent.aclToken().ifPresent(token -> request.header("X-Consul-Token", token));
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while asking " + agent.node() + " for " + path);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("GET " + path + " on " + agent.node() + " answered HTTP " + response.statusCode()
                    + ": " + response.body().strip());
        }
        return JSON.readTree(response.body());
    }
}
