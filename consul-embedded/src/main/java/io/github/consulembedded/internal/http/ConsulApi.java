package io.github.consulembedded.internal.http;

import io.github.consulembedded.ConsulHttpException;
import io.github.consulembedded.ConsulMember;
import io.github.consulembedded.MemberStatus;
import io.github.consulembedded.ServiceRegistration;
import io.github.consulembedded.internal.json.Json;
import io.github.consulembedded.internal.json.JsonParseException;

import io.github.consulembedded.internal.json.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The library's client for one agent's HTTP API, in JSON-tree terms: what readiness, reset,
 * services and supervision need. The public {@code ConsulHttp} wraps it with plain types.
 */
public final class ConsulApi {
    private static final byte[] EMPTY = new byte[0];

    private final URI address;
    private final String token;
    private final HttpTransport client;

    /** A client for the agent at {@code address} (for example {@code http://127.0.0.1:8500}). */
    public ConsulApi(URI address) {
        this(address, null, HttpClients.agents());
    }

    public ConsulApi(URI address, String token, HttpTransport client) {
        if (address.getScheme() == null || address.getHost() == null
                || !(address.getScheme().equals("http") || address.getScheme().equals("https"))) {
            throw new IllegalArgumentException("not an http(s) address of an agent: " + address);
        }
        this.address = address;
        this.token = token;
        this.client = client;
    }

    /** The same agent, calling with an ACL token ({@code X-Consul-Token}). */
    public ConsulApi withToken(String token) {
        return new ConsulApi(address, token, client);
    }

    /** The same agent, through another transport (a TLS-trusting one, other timeouts). */
    public ConsulApi withClient(HttpTransport client) {
        return new ConsulApi(address, token, client);
    }

    /** The same agent, with {@code timeout} to connect and to answer. */
    public ConsulApi withTimeout(java.time.Duration timeout) {
        return new ConsulApi(address, token, client.withTimeouts(timeout, timeout));
    }

    public URI address() {
        return address;
    }

    /** The leader's server address as this agent knows it, or "" while there is none. */
    public String leader() {
        JsonNode node = get("/v1/status/leader");
        return node.isTextual() ? node.asText() : "";
    }

    /** The raft peers' server addresses ({@code host:port}). */
    public List<String> peers() {
        List<String> peers = new ArrayList<>();
        get("/v1/status/peers").forEach(p -> peers.add(p.asText()));
        return peers;
    }

    /** The LAN members this agent sees. */
    public List<ConsulMember> members() {
        List<ConsulMember> members = new ArrayList<>();
        for (JsonNode m : get("/v1/agent/members")) {
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

    public void kvPut(String key, String value) {
        JsonNode ok = send("PUT", "/v1/kv/" + encodeKey(key), value.getBytes(StandardCharsets.UTF_8), true);
        if (!ok.asBoolean(false)) {
            throw new ConsulHttpException("PUT " + url("/v1/kv/" + encodeKey(key)) + " answered " + ok, 200);
        }
    }

    /** The value of {@code key}, or empty if there is none. */
    public Optional<String> kvGet(String key) {
        Optional<JsonNode> entries = getIfPresent("/v1/kv/" + encodeKey(key));
        if (entries.isEmpty() || entries.get().isEmpty()) {
            return Optional.empty();
        }
        JsonNode value = entries.get().get(0).path("Value");
        if (value.isNull() || value.isMissingNode()) {
            return Optional.of("");
        }
        return Optional.of(new String(Base64.getDecoder().decode(value.asText()), StandardCharsets.UTF_8));
    }

    /** Every key under {@code prefix} ("" for all). */
    public List<String> kvKeys(String prefix) {
        List<String> keys = new ArrayList<>();
        getIfPresent("/v1/kv/" + encodeKey(prefix) + "?keys").ifPresent(k -> k.forEach(n -> keys.add(n.asText())));
        return keys;
    }

    public void kvDelete(String key) {
        delete("/v1/kv/" + encodeKey(key));
    }

    /** Deletes every key of the datacenter. */
    public void kvDeleteAll() {
        delete("/v1/kv/?recurse");
    }

    /** Registers a service on this agent (which then owns it and keeps it in the catalog). */
    public void registerService(ServiceRegistration service) {
        send("PUT", "/v1/agent/service/register", jsonBody(service.toJson()), true);
    }

    /** Deregisters a service that this agent owns. */
    public void deregisterService(String serviceId) {
        send("PUT", "/v1/agent/service/deregister/" + encodeSegment(serviceId), EMPTY, true);
    }

    /** The services this agent owns, by id. */
    public Map<String, JsonNode> agentServices() {
        Map<String, JsonNode> services = new HashMap<>();
        get("/v1/agent/services").fields().forEachRemaining(e -> services.put(e.getKey(), e.getValue()));
        return services;
    }

    /** GET {@code path} (with query) and parse the JSON answer; repeated once on a stale RPC connection. */
    public JsonNode get(String path) {
        return send("GET", path, null, true);
    }

    /** PUT {@code body} as JSON ({@code null} for none) and parse the answer, if any; sent once. */
    public JsonNode put(String path, Object body) {
        return send("PUT", path, jsonBody(body), false);
    }

    /** POST {@code body} as JSON and parse the answer; sent once. */
    public JsonNode post(String path, Object body) {
        return send("POST", path, jsonBody(body), false);
    }

    /** DELETE {@code path}; repeated once on a stale RPC connection, as deleting twice is harmless. */
    public JsonNode delete(String path) {
        return send("DELETE", path, null, true);
    }

    private static byte[] jsonBody(Object body) {
        if (body == null) {
            return EMPTY;
        }
        if (body instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        return writeJson(body);
    }

    public Optional<JsonNode> getIfPresent(String path) {
        try {
            return Optional.of(send("GET", path, null, true));
        } catch (ConsulHttpException e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Sends once and, for an idempotent call, once more when the agent answers that its pooled
     * RPC connection to a server had died ("stream closed", EOF): after a server restarts, the
     * first call through a stale connection fails that way and the next opens a new one.
     */
    private JsonNode send(String method, String path, byte[] body, boolean idempotent) {
        try {
            return sendOnce(method, path, body);
        } catch (ConsulHttpException e) {
            if (!idempotent || !isStaleRpcConnection(e)) {
                throw e;
            }
            return sendOnce(method, path, body);
        }
    }

    private JsonNode sendOnce(String method, String path, byte[] body) {
        URI url = url(path);
        HttpTransport.Answer answer;
        try {
            answer = client.send(method, url, headers(body), body);
        } catch (IOException e) {
            throw new ConsulHttpException(method + " " + url + " failed: " + e, e);
        }
        return parse(method, url, answer);
    }

    public static boolean isStaleRpcConnection(ConsulHttpException e) {
        String message = e.getMessage();
        return e.status() == 500 && message != null && message.contains("rpc error")
                && (message.contains("stream closed") || message.contains("EOF") || message.contains("connection reset"));
    }

    private Map<String, String> headers(byte[] body) {
        Map<String, String> headers = new HashMap<>();
        if (token != null) {
            headers.put("X-Consul-Token", token);
        }
        if (body != null && body.length > 0) {
            headers.put("Content-Type", "application/json");
        }
        return headers;
    }

    private URI url(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("not a valid API path (it must start with '/'): " + path);
        }
        try {
            return URI.create(address.getScheme() + "://" + address.getRawAuthority() + escapeIllegal(path));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a valid API path: " + path, e);
        }
    }

    /** Percent-encodes what may not stand in a URI as it is (spaces, non-ASCII), as browsers and HTTP clients do. */
    private static String escapeIllegal(String path) {
        StringBuilder out = null;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            boolean legal = c < 0x7f && c > 0x20 && "\"<>\\^`{|}".indexOf(c) < 0;
            if (legal) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(path.substring(0, i));
            }
            int end = Character.isHighSurrogate(c) && i + 1 < path.length() ? i + 2 : i + 1;
            for (byte b : path.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
            i = end - 1;
        }
        return out == null ? path : out.toString();
    }

    private static JsonNode parse(String method, URI url, HttpTransport.Answer answer) {
        String text = answer.body();
        if (!answer.isSuccessful()) {
            throw new ConsulHttpException(method + " " + url + " answered HTTP " + answer.status() + ": " + text.trim(),
                    answer.status());
        }
        if (text.isBlank()) {
            return Json.missing();
        }
        try {
            return Json.read(text);
        } catch (JsonParseException e) {
            // Some endpoints answer plain text (for example "true" is JSON, but an error page is not).
            return Json.text(text);
        }
    }

    private static byte[] writeJson(Object body) {
        try {
            return Json.bytes(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot write request body as JSON: " + body, e);
        }
    }

    private static String encodeKey(String key) {
        List<String> parts = new ArrayList<>();
        for (String part : key.split("/", -1)) {
            parts.add(encodeSegment(part));
        }
        return String.join("/", parts);
    }

    public static String encodeSegment(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return "ConsulApi{" + address + "}";
    }
}
