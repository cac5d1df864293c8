package io.github.consulembedded;

import io.github.consulembedded.internal.json.Json;
import io.github.consulembedded.internal.security.GossipKeys;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Everything that makes up a cluster, as one immutable value: topology, names, timing, security,
 * binary and persistence. The core builder ({@link ConsulCluster#builder()}), the JUnit annotation
 * and the local cluster command all map onto it, each agent's config is derived from it, and two
 * equal specs describe interchangeable clusters. Built through {@link Builder}, which validates
 * every value and names the field and the value in its message.
 *
 * @param servers number of servers, each with {@code -bootstrap-expect} of this number
 * @param clients number of client agents
 * @param datacenter the (first, primary) datacenter's name
 * @param datacenters every datacenter, the primary first: each a full cluster of {@code servers} servers and
 *        {@code clients} clients, its servers joined to the other datacenters' over WAN
 * @param domain the DNS domain: services resolve as {@code <name>.service.<domain>}
 * @param recursors upstream DNS servers ({@code HOST[:PORT]}); none by default
 * @param ui whether agents serve the web UI
 * @param timing raft and gossip timing
 * @param supervise whether agents that exit unexpectedly are restarted
 * @param devModeForSingleServer whether 1 server, 0 clients and no data root may run in Consul's dev mode
 * @param dataRoot a folder that keeps the cluster between runs, or empty for temporary folders
 * @param binary an explicit, already resolved binary, or empty to resolve one with {@code binarySettings}
 * @param binarySettings where to get the binary from when none is given
 * @param readyTimeout how long start, restarts and the await methods wait by default
 * @param extraConfig extra agent config for every agent, a JSON object
 * @param extraConfigByNode extra agent config per node name, merged over {@code extraConfig}
 * @param encrypt whether gossip is encrypted
 * @param gossipKey the gossip key; empty with {@code encrypt} for a generated one
 * @param acl whether ACLs are on (default deny)
 * @param aclMasterToken the ACL master token; empty with {@code acl} for a generated one
 * @param tls whether agents use TLS with a generated CA, HTTPS and verification both ways
 * @param httpWithTls whether the plain HTTP port stays open beside HTTPS
 * @param bindAll whether agents bind to 0.0.0.0 instead of loopback
 * @param reuse whether the cluster may outlive this JVM to be reused by the next run with an equal spec
 */
public record ClusterSpec(int servers, int clients, String datacenter, List<String> datacenters, String domain,
        List<String> recursors, boolean ui,
        Timing timing, boolean supervise, boolean devModeForSingleServer, Optional<Path> dataRoot,
        Optional<ConsulBinary> binary, BinarySettings binarySettings, Duration readyTimeout, String extraConfig,
        Map<String, String> extraConfigByNode, boolean encrypt, Optional<String> gossipKey, boolean acl,
        Optional<String> aclMasterToken, boolean tls, boolean httpWithTls, boolean bindAll, boolean reuse) {

    /** Servers by default: the smallest cluster that survives losing one. */
    public static final int DEFAULT_SERVERS = 3;
    /**
     * Clients by default in code: none, so a plain cluster is just its servers. The JUnit
     * annotation defaults to 1 (tests register services on clients) and the local cluster command
     * to 3 (a production-like cluster for a developer).
     */
    public static final int DEFAULT_CLIENTS = 0;
    public static final String DEFAULT_DATACENTER = "dc1";
    public static final String DEFAULT_DOMAIN = "cluster.local";
    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofSeconds(60);

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
    private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\\.?");

    /** Validates every value; see {@link Builder#build()}. */
    public ClusterSpec {
        if (servers < 1) {
            throw invalid("servers must be >= 1", servers);
        }
        if (clients < 0) {
            throw invalid("clients must be >= 0", clients);
        }
        requireName("datacenter", datacenter);
        datacenters = List.copyOf(Objects.requireNonNull(datacenters, "datacenters"));
        if (datacenters.isEmpty()) {
            datacenters = List.of(datacenter);
        }
        for (String dc : datacenters) {
            requireName("datacenters", dc);
        }
        if (!datacenters.get(0).equals(datacenter)) {
            throw invalid("datacenter must be the first of datacenters " + datacenters, quoted(datacenter));
        }
        if (datacenters.stream().distinct().count() != datacenters.size()) {
            throw invalid("datacenters must be distinct", datacenters);
        }
        if (domain == null || !DOMAIN.matcher(domain).matches()) {
            throw invalid("domain must be a DNS domain such as cluster.local", quoted(domain));
        }
        recursors = List.copyOf(Objects.requireNonNull(recursors, "recursors"));
        for (String recursor : recursors) {
            if (recursor == null || recursor.isBlank() || recursor.contains(" ")) {
                throw invalid("recursors must be HOST[:PORT] entries", recursors);
            }
        }
        Objects.requireNonNull(timing, "timing");
        Objects.requireNonNull(dataRoot, "dataRoot");
        dataRoot = dataRoot.map(Path::toAbsolutePath);
        if (dataRoot.isPresent() && Files.exists(dataRoot.get()) && !Files.isDirectory(dataRoot.get())) {
            throw invalid("dataRoot must be a folder", "the file " + dataRoot.get());
        }
        Objects.requireNonNull(binary, "binary");
        Objects.requireNonNull(binarySettings, "binarySettings");
        if (readyTimeout == null || readyTimeout.isNegative() || readyTimeout.isZero()) {
            throw invalid("readyTimeout must be a positive duration", readyTimeout);
        }
        extraConfig = canonicalJson("extraConfig", extraConfig);
        Map<String, String> byNode = new TreeMap<>();
        for (Map.Entry<String, String> e : Objects.requireNonNull(extraConfigByNode, "extraConfigByNode").entrySet()) {
            if (!isNodeOf(e.getKey(), servers, clients, datacenters)) {
                throw new IllegalArgumentException("extraConfig names node '" + e.getKey() + "', which is not one of "
                        + serverNode(1) + ".." + servers + (clients > 0 ? " or " + clientNode(1) + ".." + clients : "")
                        + (datacenters.size() > 1 ? " (with -<datacenter> after the secondary datacenters' nodes)" : ""));
            }
            byNode.put(e.getKey(), canonicalJson("extraConfig of " + e.getKey(), e.getValue()));
        }
        extraConfigByNode = Map.copyOf(byNode);
        Objects.requireNonNull(gossipKey, "gossipKey");
        if (gossipKey.isPresent()) {
            if (!encrypt) {
                throw new IllegalArgumentException("gossipKey is set but encrypt is off");
            }
            gossipKey = Optional.of(GossipKeys.validate(gossipKey.get()));
        }
        Objects.requireNonNull(aclMasterToken, "aclMasterToken");
        if (aclMasterToken.isPresent()) {
            if (!acl) {
                throw new IllegalArgumentException("aclMasterToken is set but acl is off");
            }
            String token = aclMasterToken.get();
            if (token.isBlank() || token.contains(" ")) {
                throw invalid("aclMasterToken must be a non-blank token such as a UUID", quoted(token));
            }
        }
        if (httpWithTls && !tls) {
            throw new IllegalArgumentException("httpWithTls is set but tls is off");
        }
        if (reuse && dataRoot.isPresent()) {
            throw new IllegalArgumentException("reuse is set but so is dataRoot: a persistent cluster is already kept across runs");
        }
    }

    /** A builder with every default: 3 servers, no clients, {@code dc1}, {@code cluster.local}, {@link Timing#FAST}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from this spec. */
    public Builder newBuilder() {
        return new Builder(this);
    }

    /** The node name of server {@code index} (1-based) of the first datacenter: {@code consul-server-<index>}. */
    public static String serverNode(int index) {
        return "consul-server-" + index;
    }

    /** The node name of client {@code index} (1-based) of the first datacenter: {@code consul-client-<index>}. */
    public static String clientNode(int index) {
        return "consul-client-" + index;
    }

    /**
     * The node name of server {@code index} of {@code datacenter}: the first datacenter's nodes have
     * plain names, the others' end in {@code -<datacenter>}, so that names are unique across datacenters.
     */
    public String serverNode(String datacenter, int index) {
        return serverNode(index) + suffix(datacenter);
    }

    /** The node name of client {@code index} of {@code datacenter}; see {@link #serverNode(String, int)}. */
    public String clientNode(String datacenter, int index) {
        return clientNode(index) + suffix(datacenter);
    }

    private String suffix(String dc) {
        return dc.equals(datacenter) ? "" : "-" + dc;
    }

    /** Whether the cluster federates several datacenters over WAN. */
    public boolean federated() {
        return datacenters.size() > 1;
    }

    /** The node names of the servers of the first datacenter, in order. */
    public List<String> serverNodes() {
        return serverNodes(datacenter);
    }

    /** The node names of the clients the first datacenter starts with, in order. */
    public List<String> clientNodes() {
        return clientNodes(datacenter);
    }

    /** The node names of the servers of {@code dc}, in order. */
    public List<String> serverNodes(String dc) {
        List<String> nodes = new ArrayList<>();
        for (int i = 1; i <= servers; i++) {
            nodes.add(serverNode(dc, i));
        }
        return nodes;
    }

    /** The node names of the clients {@code dc} starts with, in order. */
    public List<String> clientNodes(String dc) {
        List<String> nodes = new ArrayList<>();
        for (int i = 1; i <= clients; i++) {
            nodes.add(clientNode(dc, i));
        }
        return nodes;
    }

    /** Whether the cluster runs as a single server in Consul's dev mode (ready in ~0.1 s). */
    public boolean devMode() {
        return servers == 1 && clients == 0 && dataRoot.isEmpty() && devModeForSingleServer && datacenters.size() == 1;
    }

    /**
     * Equal when every component is equal, as for any record. Written out because a record's
     * generated {@code equals} and {@code hashCode} bootstrap method handles on first use, which
     * costs a fresh JVM (a test run attaching to a reused cluster keys its cluster by the spec)
     * milliseconds before its first test; the components are read through the record's accessors,
     * so a component added later takes part without anything to update.
     */
    @Override
    public final boolean equals(Object o) {
        return this == o || (o instanceof ClusterSpec other && Arrays.equals(componentValues(), other.componentValues()));
    }

    @Override
    public final int hashCode() {
        return Arrays.hashCode(componentValues());
    }

    private Object[] componentValues() {
        Method[] accessors = Accessors.ALL;
        Object[] values = new Object[accessors.length];
        for (int i = 0; i < accessors.length; i++) {
            try {
                values[i] = accessors[i].invoke(this);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read " + accessors[i].getName() + " of a ClusterSpec", e);
            }
        }
        return values;
    }

    /** The accessors of every component, in declaration order. */
    private static final class Accessors {
        static final Method[] ALL = accessors();

        private static Method[] accessors() {
            RecordComponent[] components = ClusterSpec.class.getRecordComponents();
            Method[] accessors = new Method[components.length];
            for (int i = 0; i < components.length; i++) {
                accessors[i] = components[i].getAccessor();
            }
            return accessors;
        }
    }

    /** A short description for logs and messages, e.g. {@code 3 servers, 2 clients, dc1}. */
    public String describe() {
        return servers + (servers == 1 ? " server, " : " servers, ") + clients + (clients == 1 ? " client" : " clients")
                + ", " + String.join("+", datacenters) + (encrypt ? ", encrypt" : "") + (acl ? ", acl" : "") + (tls ? ", tls" : "")
                + (timing == Timing.FAST ? "" : ", timing " + timing);
    }

    private static boolean isNodeOf(String node, int servers, int clients, List<String> datacenters) {
        for (int d = 0; d < datacenters.size(); d++) {
            String suffix = d == 0 ? "" : "-" + datacenters.get(d);
            for (int i = 1; i <= servers; i++) {
                if (node.equals(serverNode(i) + suffix)) {
                    return true;
                }
            }
            for (int i = 1; i <= clients; i++) {
                if (node.equals(clientNode(i) + suffix)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String canonicalJson(String what, String json) {
        return Json.canonical(what, json);
    }

    private static void requireName(String field, String value) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw invalid(field + " must be letters, digits, '-' or '_'", quoted(value));
        }
    }

    private static IllegalArgumentException invalid(String rule, Object value) {
        return new IllegalArgumentException(rule + ", was " + value);
    }

    private static String quoted(String value) {
        return value == null ? "null" : "'" + value + "'";
    }

    /**
     * Collects a {@link ClusterSpec}; {@link #build()} validates it, {@link #start()} also starts
     * the cluster. Listeners are not part of the spec: only {@link #start()} uses them.
     */
    public static final class Builder {
        private int servers = DEFAULT_SERVERS;
        private int clients = DEFAULT_CLIENTS;
        private List<String> datacenters = List.of(DEFAULT_DATACENTER);
        private String domain = DEFAULT_DOMAIN;
        private List<String> recursors = List.of();
        private boolean ui = true;
        private Timing timing = Timing.FAST;
        private boolean supervise = true;
        private boolean devModeForSingleServer = true;
        private Path dataRoot;
        private ConsulBinary binary;
        private BinarySettings binarySettings;
        private Duration readyTimeout = DEFAULT_READY_TIMEOUT;
        private String extraConfig = "{}";
        private final Map<String, String> extraConfigByNode = new LinkedHashMap<>();
        private boolean encrypt;
        private String gossipKey;
        private boolean acl;
        private String aclMasterToken;
        private boolean tls;
        private boolean httpWithTls;
        private boolean bindAll;
        private boolean reuse;
        private final List<ClusterListener> listeners = new ArrayList<>();

        private Builder() {
        }

        private Builder(ClusterSpec s) {
            servers = s.servers;
            clients = s.clients;
            datacenters = s.datacenters;
            domain = s.domain;
            recursors = s.recursors;
            ui = s.ui;
            timing = s.timing;
            supervise = s.supervise;
            devModeForSingleServer = s.devModeForSingleServer;
            dataRoot = s.dataRoot.orElse(null);
            binary = s.binary.orElse(null);
            binarySettings = s.binarySettings;
            readyTimeout = s.readyTimeout;
            extraConfig = s.extraConfig;
            extraConfigByNode.putAll(s.extraConfigByNode);
            encrypt = s.encrypt;
            gossipKey = s.gossipKey.orElse(null);
            acl = s.acl;
            aclMasterToken = s.aclMasterToken.orElse(null);
            tls = s.tls;
            httpWithTls = s.httpWithTls;
            bindAll = s.bindAll;
            reuse = s.reuse;
        }

        /** Number of servers, {@code -bootstrap-expect} included; 3 by default. An even count gets a warning. */
        public Builder servers(int servers) {
            this.servers = servers;
            return this;
        }

        /** Number of client agents; 0 by default. */
        public Builder clients(int clients) {
            this.clients = clients;
            return this;
        }

        /** The datacenter name; {@code dc1} by default. */
        public Builder datacenter(String datacenter) {
            this.datacenters = java.util.Collections.singletonList(datacenter);
            return this;
        }

        /**
         * Several datacenters, federated over WAN; the first is the primary (the ACL authority).
         * Each is a full cluster of {@code servers} servers and {@code clients} clients.
         */
        public Builder datacenters(String... datacenters) {
            this.datacenters = java.util.Arrays.asList(datacenters.clone());
            return this;
        }

        /** The DNS domain; {@code cluster.local} by default. */
        public Builder domain(String domain) {
            this.domain = domain;
            return this;
        }

        /** Upstream DNS servers; none by default, so a local cluster sends no DNS off the machine. */
        public Builder recursors(String... recursors) {
            this.recursors = List.of(recursors);
            return this;
        }

        /** Upstream DNS servers, as a list. */
        public Builder recursors(List<String> recursors) {
            this.recursors = List.copyOf(recursors);
            return this;
        }

        /** Whether agents serve the web UI; on by default. */
        public Builder ui(boolean ui) {
            this.ui = ui;
            return this;
        }

        /** Raft and gossip timing; {@link Timing#FAST} by default. */
        public Builder timing(Timing timing) {
            this.timing = timing;
            return this;
        }

        /** Restart agents that exit unexpectedly (on by default); off for tests that want a node to stay dead. */
        public Builder supervise(boolean supervise) {
            this.supervise = supervise;
            return this;
        }

        /**
         * Whether a 1-server, 0-client cluster without a data folder may use Consul's dev mode
         * (leader in ~0.1 s instead of ~1-2 s). On by default.
         */
        public Builder devModeForSingleServer(boolean allowed) {
            this.devModeForSingleServer = allowed;
            return this;
        }

        /**
         * A folder that keeps the cluster: each node's data dir ({@code <folder>/<node>}) and its
         * ports. Close and start again with the same folder and KV, services and node ids survive.
         */
        public Builder dataRoot(Path dataRoot) {
            this.dataRoot = dataRoot;
            return this;
        }

        /** The binary to run; by default it is resolved with {@link #binarySettings(BinarySettings)}. */
        public Builder binary(ConsulBinary binary) {
            this.binary = binary;
            return this;
        }

        /** Where to get the binary from when none is given; by default {@link BinarySettings#defaults()}. */
        public Builder binarySettings(BinarySettings binarySettings) {
            this.binarySettings = binarySettings;
            return this;
        }

        /** How long start, restarts and the await methods wait by default; 60 s. */
        public Builder readyTimeout(Duration readyTimeout) {
            this.readyTimeout = readyTimeout;
            return this;
        }

        /** Extra agent config (a JSON object) for every agent. */
        public Builder extraConfig(String json) {
            this.extraConfig = json;
            return this;
        }

        /** Extra agent config (a JSON object) for one node, merged over the config for all. */
        public Builder extraConfig(String node, String json) {
            this.extraConfigByNode.put(Objects.requireNonNull(node, "node"), json);
            return this;
        }

        /**
         * Encrypts gossip with a new key (16 random bytes from SecureRandom), the same on every
         * agent, clients included. A persistent cluster reuses the key its data dirs keep.
         */
        public Builder encrypt() {
            this.encrypt = true;
            this.gossipKey = null;
            return this;
        }

        /** Encrypts gossip with the given key ({@code consul keygen} output) on every agent. */
        public Builder encrypt(String key) {
            this.encrypt = true;
            this.gossipKey = Objects.requireNonNull(key, "key");
            return this;
        }

        /** Turns ACLs on (default deny) with a generated master token, which also serves as the agents' token. */
        public Builder acl() {
            this.acl = true;
            this.aclMasterToken = null;
            return this;
        }

        /** Turns ACLs on with the given master token. */
        public Builder acl(String masterToken) {
            if (masterToken == null || masterToken.isBlank()) {
                throw new IllegalArgumentException("acl master token must not be blank, was '" + masterToken + "'");
            }
            this.acl = true;
            this.aclMasterToken = masterToken;
            return this;
        }

        /**
         * Turns TLS on: a generated CA and a certificate per agent, HTTPS instead of HTTP, and
         * every connection (RPC and HTTPS) verified both ways against the CA.
         */
        public Builder tls() {
            this.tls = true;
            return this;
        }

        /** With TLS, keeps the plain HTTP port open too (off by default). */
        public Builder httpWithTls(boolean httpWithTls) {
            this.httpWithTls = httpWithTls;
            return this;
        }

        /** Binds every agent to all interfaces (0.0.0.0) instead of loopback only; logs a warning. */
        public Builder bindAll() {
            this.bindAll = true;
            return this;
        }

        /**
         * Lets the cluster outlive this JVM so that the next run with an equal spec attaches to it
         * at once instead of starting one (off by default, and off where {@code CI=true} unless
         * {@code consul.embedded.reuse=force}). See "Reusing a cluster across runs" in the README.
         */
        public Builder reuse(boolean reuse) {
            this.reuse = reuse;
            return this;
        }

        /** A listener for the cluster's events from the start on; not part of the spec. */
        public Builder listener(ClusterListener listener) {
            this.listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Validates and returns the spec.
         *
         * @throws IllegalArgumentException naming the field and its value, e.g. "servers must be >= 1, was 0"
         */
        public ClusterSpec build() {
            String first = datacenters.isEmpty() ? null : datacenters.get(0);
            return new ClusterSpec(servers, clients, first, datacenters, domain, recursors, ui, timing, supervise,
                    devModeForSingleServer, Optional.ofNullable(dataRoot), Optional.ofNullable(binary),
                    binarySettings != null ? binarySettings : BinarySettings.defaults(), readyTimeout, extraConfig,
                    extraConfigByNode, encrypt, Optional.ofNullable(gossipKey), acl, Optional.ofNullable(aclMasterToken),
                    tls, httpWithTls, bindAll, reuse);
        }

        /**
         * Builds the spec, resolves the binary, starts every agent in parallel and waits until the
         * cluster is ready. On failure every agent is stopped and the exception carries the diagnosis.
         */
        public ConsulCluster start() {
            return ConsulCluster.start(build(), listeners);
        }
    }
}
