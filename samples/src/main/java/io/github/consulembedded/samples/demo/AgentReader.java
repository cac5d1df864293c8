package io.github.consulembedded.samples.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.consulembedded.ConsulMember;
import io.github.consulembedded.MemberStatus;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;

/**
 * The model's reads of agents' HTTP APIs, with the JDK's HTTP client and the demo's own timeouts:
 * short ones for the poll of agent-local endpoints, so that an agent that does not answer holds
 * up no round, and a long one for blocking queries, which Consul holds open for their wait.
 * An interrupt cancels a call in flight, which is how the model's {@code close()} ends its watchers.
 */
final class AgentReader {
    /** Agents listen on loopback: a connection that takes longer is not going to happen. */
    static final Duration QUICK_CONNECT = Duration.ofMillis(500);
    static final Duration QUICK_ANSWER = Duration.ofSeconds(1);
    static final Duration BLOCKING_CONNECT = Duration.ofSeconds(1);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<ClientKey, HttpClient> clients = new ConcurrentHashMap<>();

    /**
     * An answer of Consul.
     *
     * @param index the {@code X-Consul-Index} header, 0 without one
     * @param body the JSON answer; an empty array for a 404 (no such key or service) or no body
     */
    record Answer(long index, JsonNode body) {
    }

    /**
     * A blocking query: GET {@code path} with the given query parameters ("" as a value for a
     * flag such as {@code keys}), waiting up to {@code timeout} for the answer.
     */
    Answer blocking(AgentHandle agent, String path, Map<String, String> params, Duration timeout)
            throws IOException, InterruptedException {
        return get(agent, path, params, BLOCKING_CONNECT, timeout);
    }

    /** A quick GET of an endpoint that answers at once; returns the JSON answer. */
    JsonNode quick(AgentHandle agent, String path, Map<String, String> params) throws IOException, InterruptedException {
        return get(agent, path, params, QUICK_CONNECT, QUICK_ANSWER).body();
    }

    /** The leader's server address as the agent knows it, or "" while there is none. */
    String leader(AgentHandle agent) throws IOException, InterruptedException {
        JsonNode leader = quick(agent, "/v1/status/leader", Map.of());
        return leader.isTextual() ? leader.asText() : "";
    }

    /** The raft peers' server addresses ({@code host:port}), as a server knows them. */
    List<String> peers(AgentHandle agent) throws IOException, InterruptedException {
        List<String> peers = new ArrayList<>();
        quick(agent, "/v1/status/peers", Map.of()).forEach(p -> peers.add(p.asText()));
        return peers;
    }

    /** The LAN members the agent sees. */
    List<ConsulMember> members(AgentHandle agent) throws IOException, InterruptedException {
        List<ConsulMember> members = new ArrayList<>();
        for (JsonNode m : quick(agent, "/v1/agent/members", Map.of())) {
            Map<String, String> tags = new HashMap<>();
            Iterator<Map.Entry<String, JsonNode>> it = m.path("Tags").fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> tag = it.next();
                tags.put(tag.getKey(), tag.getValue().asText());
            }
            members.add(new ConsulMember(m.path("Name").asText(), m.path("Addr").asText(), m.path("Port").asInt(),
                    MemberStatus.fromCode(m.path("Status").asInt()), tags.getOrDefault("role", ""), Map.copyOf(tags)));
        }
        return members;
    }

    private Answer get(AgentHandle agent, String path, Map<String, String> params, Duration connect, Duration timeout)
            throws IOException, InterruptedException {
        URI uri = uri(agent, path, params);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(timeout).GET();
        agent.token().ifPresent(t -> request.header("X-Consul-Token", t));
        HttpResponse<String> response = client(agent.sslContext(), connect).send(request.build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        long index = parseIndex(response.headers().firstValue("X-Consul-Index").orElse(null));
        String text = response.body() == null ? "" : response.body();
        if (response.statusCode() == 404) {
            return new Answer(index, MAPPER.createArrayNode());
        }
        if (response.statusCode() / 100 != 2) {
            throw new IOException("GET " + uri + " answered HTTP " + response.statusCode() + ": " + text.trim());
        }
        return new Answer(index, text.isBlank() ? MAPPER.createArrayNode() : MAPPER.readTree(text));
    }

    private static URI uri(AgentHandle agent, String path, Map<String, String> params) {
        StringJoiner query = new StringJoiner("&");
        params.forEach((k, v) -> query.add(v.isEmpty() ? encode(k) : encode(k) + "=" + encode(v)));
        return agent.httpAddress().resolve(params.isEmpty() ? path : path + "?" + query);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static long parseIndex(String header) {
        try {
            return header == null ? 0 : Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** One client per TLS context and connect timeout: a client keeps its connections to the agents open. */
    private HttpClient client(Optional<SSLContext> tls, Duration connect) {
        return clients.computeIfAbsent(new ClientKey(tls, connect), key -> {
            HttpClient.Builder builder = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .proxy(HttpClient.Builder.NO_PROXY)
                    .connectTimeout(connect);
            tls.ifPresent(builder::sslContext);
            return builder.build();
        });
    }

    private record ClientKey(Optional<SSLContext> tls, Duration connect) {
    }
}
