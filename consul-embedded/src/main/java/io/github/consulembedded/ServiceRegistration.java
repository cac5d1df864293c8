package io.github.consulembedded;

import io.github.consulembedded.internal.json.Json;
import io.github.consulembedded.internal.json.ObjectNode;
import io.github.consulembedded.internal.util.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A service to register through an agent's API, with at most one health check. Immutable; start
 * from {@link #builder(String)}.
 */
public final class ServiceRegistration {
    private final String id;
    private final String name;
    private final String address;
    private final int port;
    private final List<String> tags;
    private final Map<String, String> meta;
    private final String checkKind;
    private final String checkTarget;
    private final Duration checkInterval;
    private final Duration deregisterCriticalAfter;

    private ServiceRegistration(Builder b) {
        this.id = b.id == null ? b.name : b.id;
        this.name = b.name;
        this.address = b.address;
        this.port = b.port;
        this.tags = List.copyOf(b.tags);
        this.meta = Map.copyOf(b.meta);
        this.checkKind = b.checkKind;
        this.checkTarget = b.checkTarget;
        this.checkInterval = b.checkInterval;
        this.deregisterCriticalAfter = b.deregisterCriticalAfter;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String id() {
        return id;
    }

    public String name() {
        return name;
    }

    public Optional<String> address() {
        return Optional.ofNullable(address);
    }

    public int port() {
        return port;
    }

    public List<String> tags() {
        return tags;
    }

    public Map<String, String> meta() {
        return meta;
    }

    /** The body of {@code PUT /v1/agent/service/register}. */
    public String toJson() {
        ObjectNode body = Json.object();
        body.put("ID", id);
        body.put("Name", name);
        if (address != null) {
            body.put("Address", address);
        }
        if (port > 0) {
            body.put("Port", port);
        }
        if (!tags.isEmpty()) {
            tags.forEach(body.putArray("Tags")::add);
        }
        if (!meta.isEmpty()) {
            ObjectNode m = body.putObject("Meta");
            meta.forEach(m::put);
        }
        if (checkKind != null) {
            ObjectNode check = body.putObject("Check");
            if ("TTL".equals(checkKind)) {
                check.put("TTL", Durations.consul(checkInterval));
            } else {
                check.put(checkKind, checkTarget);
                check.put("Interval", Durations.consul(checkInterval));
            }
            if (deregisterCriticalAfter != null) {
                check.put("DeregisterCriticalServiceAfter", Durations.consul(deregisterCriticalAfter));
            }
        }
        return Json.write(body);
    }

    @Override
    public String toString() {
        return "ServiceRegistration{id=" + id + ", name=" + name + ", port=" + port + ", tags=" + tags + "}";
    }

    /** Builds a {@link ServiceRegistration}. */
    public static final class Builder {
        private String id;
        private final String name;
        private String address;
        private int port;
        private final List<String> tags = new ArrayList<>();
        private final Map<String, String> meta = new LinkedHashMap<>();
        private String checkKind;
        private String checkTarget;
        private Duration checkInterval;
        private Duration deregisterCriticalAfter;

        private Builder(String name) {
            this.name = name;
        }

        /** The service id; defaults to the name. */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder address(String address) {
            this.address = address;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder tags(String... tags) {
            this.tags.addAll(List.of(tags));
            return this;
        }

        public Builder meta(String key, String value) {
            this.meta.put(Objects.requireNonNull(key, "meta key"), Objects.requireNonNull(value, "meta value"));
            return this;
        }

        /** A TTL check that the application must pass within {@code ttl}. */
        public Builder ttlCheck(Duration ttl) {
            return check("TTL", null, ttl);
        }

        /** An HTTP check the agent runs every {@code interval}. */
        public Builder httpCheck(String url, Duration interval) {
            return check("HTTP", url, interval);
        }

        /** A TCP connect check ({@code host:port}) the agent runs every {@code interval}. */
        public Builder tcpCheck(String hostAndPort, Duration interval) {
            return check("TCP", hostAndPort, interval);
        }

        /** Consul removes the service once its check has been critical this long. */
        public Builder deregisterCriticalServiceAfter(Duration after) {
            this.deregisterCriticalAfter = after;
            return this;
        }

        private Builder check(String kind, String target, Duration interval) {
            this.checkKind = kind;
            this.checkTarget = target;
            this.checkInterval = interval;
            return this;
        }

        public ServiceRegistration build() {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("service name must not be blank, was '" + name + "'");
            }
            if (id != null && id.isBlank()) {
                throw new IllegalArgumentException("service id must not be blank when set, was '" + id + "'");
            }
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("service port must be 0-65535, was " + port);
            }
            if (checkKind != null && (checkInterval == null || checkInterval.isNegative() || checkInterval.isZero())) {
                throw new IllegalArgumentException("check interval must be a positive duration, was " + checkInterval);
            }
            if (checkKind != null && !"TTL".equals(checkKind) && (checkTarget == null || checkTarget.isBlank())) {
                throw new IllegalArgumentException(checkKind + " check target must not be blank");
            }
            if (deregisterCriticalAfter != null && checkKind == null) {
                throw new IllegalArgumentException("deregisterCriticalServiceAfter needs a check on service " + name);
            }
            return new ServiceRegistration(this);
        }
    }
}
