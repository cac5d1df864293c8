package io.github.consulembedded.internal.agent;

import io.github.consulembedded.AgentPorts;
import io.github.consulembedded.AgentRole;
import io.github.consulembedded.ConsulTls;
import io.github.consulembedded.Timing;
import io.github.consulembedded.internal.security.GossipKeys;

import io.github.consulembedded.internal.json.Json;
import io.github.consulembedded.internal.json.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How to run one Consul agent: its role, names, addresses, ports, data dir and extra config.
 * Immutable; make one with {@link #server()} or {@link #client()} and change a copy with
 * {@link #newBuilder()}. Defaults follow the original deployment ({@code dc1},
 * {@code cluster.local}, UI on) but bind to loopback only.
 */
public final class AgentConfig {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

    private final AgentRole role;
    private final String node;
    private final String datacenter;
    private final String domain;
    private final int bootstrapExpect;
    private final List<String> retryJoin;
    private final List<String> retryJoinWan;
    private final String primaryDatacenter;
    private final Duration retryInterval;
    private final String bindAddress;
    private final String clientAddress;
    private final String advertiseAddress;
    private final List<String> recursors;
    private final boolean ui;
    private final Path dataDir;
    private final AgentPorts ports;
    private final ObjectNode extraConfig;
    private final Timing timing;
    private final boolean devMode;
    private final Duration startTimeout;
    private final Duration stopTimeout;
    private final String logLevel;
    private final String encryptKey;
    private final String aclMasterToken;
    private final ConsulTls tls;
    private final boolean httpWithTls;

    private AgentConfig(Builder b) {
        this.role = b.role;
        this.node = b.node;
        this.datacenter = b.datacenter;
        this.domain = b.domain;
        this.bootstrapExpect = b.bootstrapExpect;
        this.retryJoin = List.copyOf(b.retryJoin);
        this.retryJoinWan = List.copyOf(b.retryJoinWan);
        this.primaryDatacenter = b.primaryDatacenter == null ? b.datacenter : b.primaryDatacenter;
        this.retryInterval = b.retryInterval;
        this.bindAddress = b.bindAddress;
        this.clientAddress = b.clientAddress;
        this.advertiseAddress = b.advertiseAddress;
        this.recursors = List.copyOf(b.recursors);
        this.ui = b.ui;
        this.dataDir = b.dataDir;
        this.ports = b.ports;
        this.extraConfig = b.extraConfig == null ? null : b.extraConfig.deepCopy();
        this.timing = b.timing;
        this.devMode = b.devMode;
        this.startTimeout = b.startTimeout;
        this.stopTimeout = b.stopTimeout;
        this.logLevel = b.logLevel;
        this.encryptKey = b.encryptKey;
        this.aclMasterToken = b.aclMasterToken;
        this.tls = b.tls;
        this.httpWithTls = b.httpWithTls;
    }

    /** A one-node server by default ({@code -bootstrap-expect=1}), named {@code consul-server-1}. */
    public static Builder server() {
        return new Builder(AgentRole.SERVER, "consul-server-1");
    }

    /** A client agent named {@code consul-client-1}; give it servers to join with {@link Builder#retryJoin}. */
    public static Builder client() {
        return new Builder(AgentRole.CLIENT, "consul-client-1");
    }

    public Builder newBuilder() {
        return new Builder(this);
    }

    public AgentRole role() {
        return role;
    }

    public boolean isServer() {
        return role == AgentRole.SERVER;
    }

    public String node() {
        return node;
    }

    public String datacenter() {
        return datacenter;
    }

    public String domain() {
        return domain;
    }

    /** The servers' {@code -bootstrap-expect}; 0 for clients. */
    public int bootstrapExpect() {
        return bootstrapExpect;
    }

    /** Serf LAN addresses ({@code host:port}) to join, retried every {@link #retryInterval()}. */
    public List<String> retryJoin() {
        return retryJoin;
    }

    /** Serf WAN addresses ({@code host:port}) of other datacenters' servers to join; servers only. */
    public List<String> retryJoinWan() {
        return retryJoinWan;
    }

    /** The datacenter that holds the ACLs ({@code primary_datacenter}); this agent's own by default. */
    public String primaryDatacenter() {
        return primaryDatacenter;
    }

    public Duration retryInterval() {
        return retryInterval;
    }

    public String bindAddress() {
        return bindAddress;
    }

    public String clientAddress() {
        return clientAddress;
    }

    /** The advertised address: as set, or the bind address, or 127.0.0.1 when binding all interfaces. */
    public String advertiseAddress() {
        if (advertiseAddress != null) {
            return advertiseAddress;
        }
        return "0.0.0.0".equals(bindAddress) ? "127.0.0.1" : bindAddress;
    }

    public List<String> recursors() {
        return recursors;
    }

    public boolean ui() {
        return ui;
    }

    /** A data dir that is kept; empty means a temporary one, deleted when the agent is closed. */
    public Optional<Path> dataDir() {
        return Optional.ofNullable(dataDir);
    }

    /** Fixed ports; empty means free ones are chosen at start. */
    public Optional<AgentPorts> ports() {
        return Optional.ofNullable(ports);
    }

    /** Whether there is any extra config to merge over the generated one. */
    public boolean hasExtraConfig() {
        return extraConfig != null && extraConfig.size() > 0;
    }

    public ObjectNode extraConfig() {
        return extraConfig == null ? Json.object() : extraConfig.deepCopy();
    }

    public Timing timing() {
        return timing;
    }

    /** Whether this server runs in Consul's {@code -dev} mode (in memory, leader in ~0.1 s). */
    public boolean devMode() {
        return devMode;
    }

    public Duration startTimeout() {
        return startTimeout;
    }

    /** How long a graceful stop may take before the agent is killed. */
    public Duration stopTimeout() {
        return stopTimeout;
    }

    public String logLevel() {
        return logLevel;
    }

    /** The gossip encryption key, if gossip is encrypted. */
    public Optional<String> encryptKey() {
        return Optional.ofNullable(encryptKey);
    }

    /** The ACL master token, if ACLs are on (default deny); the library's own calls use it. */
    public Optional<String> aclMasterToken() {
        return Optional.ofNullable(aclMasterToken);
    }

    /** The TLS files, if TLS is on (HTTPS API, verified RPC). */
    public Optional<ConsulTls> tls() {
        return Optional.ofNullable(tls);
    }

    /** Whether the plain HTTP port stays open beside HTTPS when TLS is on. */
    public boolean httpWithTls() {
        return httpWithTls;
    }

    @Override
    public String toString() {
        return "AgentConfig{" + role.label() + " " + node + ", dc=" + datacenter + ", domain=" + domain
                + (isServer() ? ", bootstrapExpect=" + bootstrapExpect : "") + (devMode ? ", dev" : "")
                + ", retryJoin=" + retryJoin + ", bind=" + bindAddress + ", client=" + clientAddress
                + ", ports=" + (ports == null ? "auto" : ports) + ", dataDir=" + (dataDir == null ? "temp" : dataDir) + "}";
    }

    /** Builds an {@link AgentConfig}; {@link #build()} checks every value and names the bad one. */
    public static final class Builder {
        private AgentRole role;
        private String node;
        private String datacenter = "dc1";
        private String domain = "cluster.local";
        private int bootstrapExpect;
        private List<String> retryJoin = new ArrayList<>();
        private List<String> retryJoinWan = new ArrayList<>();
        private String primaryDatacenter;
        private Duration retryInterval = Duration.ofMillis(200);
        private String bindAddress = "127.0.0.1";
        private String clientAddress = "127.0.0.1";
        private String advertiseAddress;
        private List<String> recursors = new ArrayList<>();
        private boolean ui = true;
        private Path dataDir;
        private AgentPorts ports;
        /** {@code null} for none. */
        private ObjectNode extraConfig;
        private Timing timing = Timing.FAST;
        private boolean devMode;
        private Duration startTimeout = Duration.ofSeconds(60);
        private Duration stopTimeout = Duration.ofSeconds(10);
        private String logLevel = "INFO";
        private String encryptKey;
        private String aclMasterToken;
        private ConsulTls tls;
        private boolean httpWithTls;

        private Builder(AgentRole role, String node) {
            this.role = role;
            this.node = node;
            this.bootstrapExpect = role == AgentRole.SERVER ? 1 : 0;
        }

        private Builder(AgentConfig c) {
            this.role = c.role;
            this.node = c.node;
            this.datacenter = c.datacenter;
            this.domain = c.domain;
            this.bootstrapExpect = c.bootstrapExpect;
            this.retryJoin = new ArrayList<>(c.retryJoin);
            this.retryJoinWan = new ArrayList<>(c.retryJoinWan);
            this.primaryDatacenter = c.primaryDatacenter;
            this.retryInterval = c.retryInterval;
            this.bindAddress = c.bindAddress;
            this.clientAddress = c.clientAddress;
            this.advertiseAddress = c.advertiseAddress;
            this.recursors = new ArrayList<>(c.recursors);
            this.ui = c.ui;
            this.dataDir = c.dataDir;
            this.ports = c.ports;
            this.extraConfig = c.extraConfig == null ? null : c.extraConfig.deepCopy();
            this.timing = c.timing;
            this.devMode = c.devMode;
            this.startTimeout = c.startTimeout;
            this.stopTimeout = c.stopTimeout;
            this.logLevel = c.logLevel;
            this.encryptKey = c.encryptKey;
            this.aclMasterToken = c.aclMasterToken;
            this.tls = c.tls;
            this.httpWithTls = c.httpWithTls;
        }

        public Builder node(String node) {
            this.node = node;
            return this;
        }

        public Builder datacenter(String datacenter) {
            this.datacenter = datacenter;
            return this;
        }

        public Builder domain(String domain) {
            this.domain = domain;
            return this;
        }

        /** For servers: how many servers must be up before the first election. */
        public Builder bootstrapExpect(int bootstrapExpect) {
            this.bootstrapExpect = bootstrapExpect;
            return this;
        }

        public Builder retryJoin(List<String> addresses) {
            this.retryJoin = new ArrayList<>(Objects.requireNonNull(addresses, "retryJoin"));
            return this;
        }

        public Builder retryJoinWan(List<String> addresses) {
            this.retryJoinWan = new ArrayList<>(addresses);
            return this;
        }

        public Builder primaryDatacenter(String primaryDatacenter) {
            this.primaryDatacenter = primaryDatacenter;
            return this;
        }

        public Builder retryInterval(Duration retryInterval) {
            this.retryInterval = retryInterval;
            return this;
        }

        public Builder bindAddress(String bindAddress) {
            this.bindAddress = bindAddress;
            return this;
        }

        public Builder clientAddress(String clientAddress) {
            this.clientAddress = clientAddress;
            return this;
        }

        public Builder advertiseAddress(String advertiseAddress) {
            this.advertiseAddress = advertiseAddress;
            return this;
        }

        /** Upstream DNS servers for names outside the Consul domain; none by default. */
        public Builder recursors(List<String> recursors) {
            this.recursors = new ArrayList<>(Objects.requireNonNull(recursors, "recursors"));
            return this;
        }

        public Builder ui(boolean ui) {
            this.ui = ui;
            return this;
        }

        /** A data dir to use and keep; {@code null} (the default) means a temporary one. */
        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir == null ? null : dataDir.toAbsolutePath();
            return this;
        }

        /** Fixed ports; {@code null} (the default) means free ones are chosen at start. */
        public Builder ports(AgentPorts ports) {
            this.ports = ports;
            return this;
        }

        /** Extra agent config as a JSON object, merged over the generated config. */
        public Builder extraConfig(String json) {
            this.extraConfig = Json.parseObject("extraConfig", Objects.requireNonNull(json, "extraConfig"));
            return this;
        }

        /** Extra agent config as nested maps, merged over the generated config. */
        public Builder extraConfig(Map<String, ?> config) {
            this.extraConfig = Json.fromMap("extraConfig", Objects.requireNonNull(config, "extraConfig"));
            return this;
        }

        public Builder timing(Timing timing) {
            this.timing = timing;
            return this;
        }

        /** Runs a server in {@code -dev} mode: in memory, a leader in ~0.1 s; servers alone only. */
        public Builder devMode(boolean devMode) {
            this.devMode = devMode;
            return this;
        }

        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
            return this;
        }

        public Builder stopTimeout(Duration stopTimeout) {
            this.stopTimeout = stopTimeout;
            return this;
        }

        /** Consul's {@code -log-level}: trace, debug, info, warn or err. */
        public Builder logLevel(String logLevel) {
            this.logLevel = logLevel;
            return this;
        }

        /** Encrypts gossip with this key (base64 of 16, 24 or 32 bytes); every agent needs the same one. */
        public Builder encryptKey(String key) {
            this.encryptKey = key;
            return this;
        }

        /**
         * Turns on ACLs (the 1.4 system) with default deny and this master token, which also serves
         * as the agent token so that agents can register themselves, and for the library's calls.
         */
        public Builder aclMasterToken(String token) {
            this.aclMasterToken = token;
            return this;
        }

        /** Turns on TLS: HTTPS API, and RPC that verifies both ends against the CA. */
        public Builder tls(ConsulTls tls) {
            this.tls = tls;
            return this;
        }

        /** Keeps the plain HTTP port open beside HTTPS; off by default. */
        public Builder httpWithTls(boolean httpWithTls) {
            this.httpWithTls = httpWithTls;
            return this;
        }

        public AgentConfig build() {
            requireName("node", node);
            requireName("datacenter", datacenter);
            if (domain == null || domain.isBlank() || domain.startsWith(".") || domain.contains(" ")) {
                throw new IllegalArgumentException("domain must be a DNS domain such as cluster.local, was '" + domain + "'");
            }
            Objects.requireNonNull(role, "role");
            if (role == AgentRole.SERVER && bootstrapExpect < 1) {
                throw new IllegalArgumentException("bootstrapExpect must be >= 1 for a server, was " + bootstrapExpect);
            }
            if (role == AgentRole.CLIENT && bootstrapExpect != 0) {
                throw new IllegalArgumentException("bootstrapExpect applies to servers only, was " + bootstrapExpect
                        + " for client " + node);
            }
            if (devMode && role != AgentRole.SERVER) {
                throw new IllegalArgumentException("devMode applies to a server only, node " + node + " is a client");
            }
            if (devMode && (bootstrapExpect != 1 || !retryJoin.isEmpty())) {
                throw new IllegalArgumentException("devMode runs a single server: bootstrapExpect must be 1 (was "
                        + bootstrapExpect + ") and retryJoin empty (was " + retryJoin + ")");
            }
            if (devMode && dataDir != null) {
                throw new IllegalArgumentException("devMode keeps everything in memory, so it takes no dataDir (was "
                        + dataDir + ")");
            }
            for (String address : retryJoin) {
                if (address == null || address.isBlank()) {
                    throw new IllegalArgumentException("retryJoin must not contain blank addresses, was " + retryJoin);
                }
            }
            for (String recursor : recursors) {
                if (recursor == null || recursor.isBlank()) {
                    throw new IllegalArgumentException("recursors must not contain blank entries, was " + recursors);
                }
            }
            requireAddress("bindAddress", bindAddress);
            requireAddress("clientAddress", clientAddress);
            if (advertiseAddress != null) {
                requireAddress("advertiseAddress", advertiseAddress);
            }
            requirePositive("retryInterval", retryInterval);
            requirePositive("startTimeout", startTimeout);
            requirePositive("stopTimeout", stopTimeout);
            Objects.requireNonNull(timing, "timing");
            if (logLevel == null || !List.of("trace", "debug", "info", "warn", "err").contains(logLevel.toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException("logLevel must be one of trace, debug, info, warn, err, was '" + logLevel + "'");
            }
            if (encryptKey != null) {
                encryptKey = GossipKeys.validate(encryptKey);
            }
            if (aclMasterToken != null && (aclMasterToken.isBlank() || aclMasterToken.contains(" "))) {
                throw new IllegalArgumentException("aclMasterToken must be a non-blank token such as a UUID, was '"
                        + aclMasterToken + "'");
            }
            if (ports != null && tls != null && ports.https() == -1) {
                throw new IllegalArgumentException("TLS needs an https port, but the fixed ports disable it: " + ports);
            }
            if (ports != null && tls == null && ports.http() == -1) {
                throw new IllegalArgumentException("without TLS the agent needs an http port, but the fixed ports disable it: " + ports);
            }
            return new AgentConfig(this);
        }

        private static void requireName(String what, String value) {
            if (value == null || !NAME.matcher(value).matches()) {
                throw new IllegalArgumentException(what + " must be letters, digits, '-' or '_', was '" + value + "'");
            }
        }

        private static void requireAddress(String what, String value) {
            if (value == null || value.isBlank() || value.contains(" ")) {
                throw new IllegalArgumentException(what + " must be an IP address, was '" + value + "'");
            }
        }

        private static void requirePositive(String what, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(what + " must be a positive duration, was " + value);
            }
        }
    }
}
