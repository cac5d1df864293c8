package io.github.consulembedded.samples.spring.greeting;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The few Consul HTTP calls the tests make to check on the application, through the JDK's HTTP
 * client and Spring's Jackson: the health of a service's instances, an agent's own services, KV
 * writes and an agent reload. Calls carry the ACL token when one is given.
 */
final class ConsulApi {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI agent;
    private final String token;

    private ConsulApi(URI agent, String token) {
        this.agent = agent;
        this.token = token;
    }

    /** Talks to the agent at {@code httpAddress} without a token. */
    static ConsulApi of(URI httpAddress) {
        return new ConsulApi(httpAddress, null);
    }

    /** The same agent, with an ACL token on every call. */
    ConsulApi withToken(String aclToken) {
        return new ConsulApi(agent, aclToken);
    }

    /** Every instance of {@code service} in the catalog, with its node and checks ({@code /v1/health/service}). */
    List<JsonNode> healthOf(String service) {
        List<JsonNode> instances = new ArrayList<>();
        get("/v1/health/service/" + encode(service)).forEach(instances::add);
        return instances;
    }

    /** The catalog's entry for one instance, if it is there. */
    Optional<JsonNode> instance(String service, String instanceId) {
        return healthOf(service).stream().filter(i -> i.path("Service").path("ID").asString().equals(instanceId)).findFirst();
    }

    /** Whether this agent itself holds {@code instanceId}: the source that anti-entropy copies to the catalog. */
    boolean agentHasService(String instanceId) {
        return get("/v1/agent/services").has(instanceId);
    }

    /** Writes a KV value; answers the HTTP status, so a test can tell a refusal from success. */
    int kvPut(String key, String value) {
        return send(HttpRequest.newBuilder(agent.resolve("/v1/kv/" + key))
                .PUT(HttpRequest.BodyPublishers.ofString(value))).statusCode();
    }

    /** {@code PUT /v1/agent/reload}: the agent re-reads its configuration and re-syncs its services to the catalog. */
    void reload() {
        HttpResponse<String> response = send(HttpRequest.newBuilder(agent.resolve("/v1/agent/reload"))
                .PUT(HttpRequest.BodyPublishers.noBody()));
        if (response.statusCode() != 200) {
            throw new IllegalStateException("PUT /v1/agent/reload on " + agent + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private JsonNode get(String path) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(agent.resolve(path)).GET());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " on " + agent + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        if (token != null) {
            request.header("X-Consul-Token", token);
        }
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("Consul agent " + agent + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling " + agent, e);
        }
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8);
    }
}
