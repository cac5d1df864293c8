package io.github.consulembedded;

import io.github.consulembedded.internal.http.ConsulApi;
import io.github.consulembedded.internal.http.HttpClients;
import io.github.consulembedded.internal.json.Json;
import io.github.consulembedded.internal.json.JsonNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A small client for one agent's HTTP API: what tests need most (leader, peers, members, KV,
 * services, the catalog) plus raw {@link #get}/{@link #put}/{@link #post}/{@link #delete} that
 * take and return JSON text. Not a full Consul client; use your favourite one against
 * {@link #address()} for the rest.
 */
public final class ConsulHttp {
    private final ConsulApi api;

    /** A client for the agent at {@code address} (for example {@code http://127.0.0.1:8500}). */
    public ConsulHttp(URI address) {
        this(new ConsulApi(Objects.requireNonNull(address, "address")));
    }

    ConsulHttp(ConsulApi api) {
        this.api = api;
    }

    /** The same agent, calling with an ACL token ({@code X-Consul-Token}). */
    public ConsulHttp withToken(String token) {
        return new ConsulHttp(api.withToken(token));
    }

    /** The same agent over HTTPS, trusting the cluster's CA and presenting its client certificate. */
    public ConsulHttp withTls(ConsulTls tls) {
        return new ConsulHttp(api.withClient(HttpClients.mutualTls(tls.caFile(), tls.clientCertFile(), tls.clientKeyFile())));
    }

    /**
     * The same agent, with calls that fail once {@code timeout} passes without a connection or an
     * answer (by default 2 s to connect and 10 s to answer): for probing agents that may be frozen.
     */
    public ConsulHttp withTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero() || timeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("timeout must be positive and at most " + Integer.MAX_VALUE + " ms, was "
                    + timeout);
        }
        return new ConsulHttp(api.withTimeout(timeout));
    }

    public URI address() {
        return api.address();
    }

    /** The leader's server address as this agent knows it, or "" while there is none. */
    public String leader() {
        return api.leader();
    }

    /** The raft peers' server addresses ({@code host:port}). */
    public List<String> peers() {
        return api.peers();
    }

    /** The LAN members this agent sees. */
    public List<ConsulMember> members() {
        return api.members();
    }

    public void kvPut(String key, String value) {
        api.kvPut(key, value);
    }

    /** The value of {@code key}, or empty if there is none. */
    public Optional<String> kvGet(String key) {
        return api.kvGet(key);
    }

    /** Every key under {@code prefix} ("" for all). */
    public List<String> kvKeys(String prefix) {
        return api.kvKeys(prefix);
    }

    public void kvDelete(String key) {
        api.kvDelete(key);
    }

    /** Deletes every key of the datacenter. */
    public void kvDeleteAll() {
        api.kvDeleteAll();
    }

    /** Registers a service on this agent (which then owns it and keeps it in the catalog). */
    public void registerService(ServiceRegistration service) {
        api.registerService(service);
    }

    /** Deregisters a service that this agent owns. */
    public void deregisterService(String serviceId) {
        api.deregisterService(serviceId);
    }

    /** The services this agent owns: service id to service name. */
    public Map<String, String> agentServices() {
        Map<String, String> services = new LinkedHashMap<>();
        api.agentServices().forEach((id, service) -> services.put(id, service.path("Service").asText()));
        return services;
    }

    /** The names of the services in the catalog, {@code consul} included. */
    public List<String> catalogServices() {
        List<String> names = new ArrayList<>();
        api.get("/v1/catalog/services").fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The nodes on which the catalog lists an instance of {@code service}, in the catalog's order. */
    public List<String> catalogServiceNodes(String service) {
        List<String> nodes = new ArrayList<>();
        for (JsonNode entry : api.get("/v1/catalog/service/" + ConsulApi.encodeSegment(service))) {
            nodes.add(entry.path("Node").asText());
        }
        return nodes;
    }

    /** GET {@code path} (with its query) and return the answer's JSON text ("" for none). */
    public String get(String path) {
        return text(api.get(path));
    }

    /** PUT the JSON text {@code body} ({@code null} for none) and return the answer's JSON text. Sent once. */
    public String put(String path, String body) {
        return text(api.put(path, body));
    }

    /** POST the JSON text {@code body} and return the answer's JSON text. Sent once. */
    public String post(String path, String body) {
        return text(api.post(path, body));
    }

    /** DELETE {@code path} and return the answer's JSON text. */
    public String delete(String path) {
        return text(api.delete(path));
    }

    private static String text(JsonNode node) {
        return node.isMissingNode() ? "" : Json.write(node);
    }

    @Override
    public String toString() {
        return "ConsulHttp{" + api.address() + "}";
    }
}
