package io.github.consulembedded.benchmark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.consulembedded.ConsulAgent;
import io.github.consulembedded.ConsulHttp;
import io.github.consulembedded.ServiceRegistration;
import java.time.Duration;
import java.util.List;

/**
 * The state a test can leave behind, of every kind that {@code reset()} removes: 100 keys, 10
 * services with TTL checks on the agents that own them, 5 external services (catalog-only nodes),
 * 5 sessions each holding a lock on a key, 5 prepared queries and 5 intentions. Each write is
 * checked, so that a reset is never timed on a mix that Consul silently refused.
 */
final class FullMix {
    static final int KEYS = 100;
    static final int SERVICES = 10;
    static final int EXTERNAL = 5;
    static final int SESSIONS = 5;
    static final int QUERIES = 5;
    static final int INTENTIONS = 5;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FullMix() {
    }

    /** Keys and services only, the mix of the first reset scenario; services spread over {@code owners}. */
    static void keysAndServices(ConsulHttp any, List<ConsulAgent> owners) {
        for (int i = 0; i < KEYS; i++) {
            any.kvPut("bench/key-" + i, "value " + i);
        }
        for (int i = 0; i < SERVICES; i++) {
            owners.get(i % owners.size()).http().registerService(service(i));
        }
    }

    /** Everything: keys and services, then external services, sessions with locks, queries and intentions. */
    static void everything(ConsulHttp any, List<ConsulAgent> owners) {
        keysAndServices(any, owners);
        for (int i = 0; i < EXTERNAL; i++) {
            any.put("/v1/catalog/register", "{\"Node\":\"bench-external-" + i + "\",\"Address\":\"192.0.2." + (i + 1)
                    + "\",\"Service\":{\"Service\":\"bench-external-" + i + "\",\"Port\":443}}");
        }
        for (int i = 0; i < SESSIONS; i++) {
            // A session lives on an agent's node; the lock is the usual leader-election pattern.
            ConsulHttp owner = owners.get(i % owners.size()).http();
            String created = owner.put("/v1/session/create", "{\"Name\":\"bench-lock-" + i + "\",\"TTL\":\"60s\"}");
            String id = json(created).path("ID").asText();
            String acquired = owner.put("/v1/kv/bench/lock-" + i + "?acquire=" + id, "\"held by the benchmark\"");
            require(acquired.trim().equals("true"), "session " + id + " did not get lock " + i + ": " + acquired);
        }
        for (int i = 0; i < QUERIES; i++) {
            any.post("/v1/query", "{\"Name\":\"bench-query-" + i + "\",\"Service\":{\"Service\":\"bench-service-" + i
                    + "\"}}");
        }
        for (int i = 0; i < INTENTIONS; i++) {
            any.post("/v1/connect/intentions", "{\"SourceName\":\"bench-service-" + i
                    + "\",\"DestinationName\":\"bench-service-" + (i + 5) + "\",\"Action\":\"allow\"}");
        }
        requireCount(any, "/v1/session/list", SESSIONS, "sessions");
        requireCount(any, "/v1/query", QUERIES, "prepared queries");
        requireCount(any, "/v1/connect/intentions", INTENTIONS, "intentions");
    }

    static ServiceRegistration service(int i) {
        return ServiceRegistration.builder("bench-service-" + i).port(10000 + i).ttlCheck(Duration.ofMinutes(5)).build();
    }

    private static void requireCount(ConsulHttp http, String path, int expected, String what) {
        String answer = http.get(path);
        int found = json(answer).size();
        require(found == expected, "expected " + expected + " " + what + " before the reset, found " + found + ": " + answer);
    }

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Consul answered no JSON: " + text, e);
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
