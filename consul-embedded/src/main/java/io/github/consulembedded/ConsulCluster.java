package io.github.consulembedded;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.consulembedded.internal.Durations;
import io.github.consulembedded.internal.Json;
import io.github.consulembedded.internal.JvmShutdown;
import io.github.consulembedded.internal.Poll;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Consul cluster on this machine: {@code servers} servers with
 * {@code -bootstrap-expect=servers} and {@code clients} client agents, all retry-joining every
 * server, each on its own loopback ports. {@link Builder#start()} returns when the cluster is
 * ready: every agent reports the same leader, every server is a raft peer and every member is
 * alive. Close it to make the clients leave and stop the servers.
 *
 * <pre>{@code
 * try (ConsulCluster cluster = ConsulCluster.builder().servers(3).clients(3).start()) {
 *     cluster.client(0).http().kvPut("greeting", "hello");
 * }
 * }</pre>
 */
public final class ConsulCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsulCluster.class);
    private static final int DIAGNOSIS_LOG_LINES = 15;

    private final Builder settings;
    private final ConsulBinary binary;
    private final List<ConsulAgent> servers = new CopyOnWriteArrayList<>();
    private final List<ConsulAgent> clients = new CopyOnWriteArrayList<>();
    private final AgentSupervisor supervisor;
    private final List<ClusterListener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger nextClient = new AtomicInteger();
    private final AtomicInteger roundRobin = new AtomicInteger();
    private final Object lifecycle = new Object();
    private volatile boolean closed;
    private ClusterSecurity security;

    private ConsulCluster(Builder settings, ConsulBinary binary) {
        this.settings = settings;
        this.binary = binary;
        this.listeners.addAll(settings.listeners);
        this.supervisor = settings.supervise ? new AgentSupervisor(this) : null;
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- start

    private void start() {
        Optional<ClusterLayout> layout = settings.dataRoot == null ? Optional.empty() : ClusterLayout.read(settings.dataRoot);
        if (layout.isPresent() && layout.get().servers() != settings.servers) {
            throw new ConsulEmbeddedException("the data folder " + settings.dataRoot + " holds a cluster of "
                    + layout.get().servers() + " servers, but " + settings.servers + " were asked for; raft cannot "
                    + "change that by restarting. Ask for " + layout.get().servers() + " servers, or use a new folder");
        }
        boolean dev = settings.servers == 1 && settings.clients == 0 && settings.dataRoot == null && settings.devModeAllowed;
        security = ClusterSecurity.prepare(new ClusterSecurity.Request(settings.encrypt, settings.gossipKey, settings.acl,
                settings.aclMasterToken, settings.tls, settings.httpWithTls, settings.bindAll), binary, settings.dataRoot,
                settings.datacenter, settings.domain);
        for (int i = 1; i <= settings.servers; i++) {
            servers.add(ConsulAgent.prepare(binary, agentConfig(AgentRole.SERVER, "consul-server-" + i, layout, dev)
                    .bootstrapExpect(settings.servers).build()));
        }
        for (int i = 1; i <= settings.clients; i++) {
            clients.add(ConsulAgent.prepare(binary, agentConfig(AgentRole.CLIENT, "consul-client-" + i, layout, false).build()));
        }
        nextClient.set(settings.clients + 1);
        // The cluster closes its agents in order (clients leave first), so it alone is closed at JVM exit.
        JvmShutdown.register(this);
        agents().forEach(JvmShutdown::unregister);
        List<String> join = serverJoinAddresses();
        if (!dev) {
            for (ConsulAgent agent : agents()) {
                agent.setRetryJoin(join);
            }
        }
        long began = System.nanoTime();
        launchAll(agents());
        awaitReady(settings.readyTimeout);
        LOG.info("Consul cluster ready in {}: {} server(s), {} client(s), leader {}", Durations.format(
                Duration.ofNanos(System.nanoTime() - began)), servers.size(), clients.size(), leader().node());
        if (settings.dataRoot != null) {
            Map<String, AgentPorts> ports = new LinkedHashMap<>();
            agents().forEach(a -> ports.put(a.node(), a.ports()));
            new ClusterLayout(settings.servers, ports).write(settings.dataRoot);
        }
        if (supervisor != null) {
            agents().forEach(supervisor::watch);
        }
    }

    private AgentConfig.Builder agentConfig(AgentRole role, String node, Optional<ClusterLayout> layout, boolean dev) {
        AgentConfig.Builder b = (role == AgentRole.SERVER ? AgentConfig.server() : AgentConfig.client()).node(node)
                .datacenter(settings.datacenter)
                .domain(settings.domain)
                .recursors(settings.recursors)
                .ui(settings.ui)
                .timing(settings.timing)
                .devMode(dev)
                .startTimeout(settings.readyTimeout);
        JsonNode merged = Json.merge(Json.merge(Json.object(), settings.extraConfig), settings.extraConfigByNode.getOrDefault(node, Json.object()));
        if (merged.size() > 0) {
            b.extraConfig(Json.write(merged));
        }
        if (settings.dataRoot != null) {
            b.dataDir(settings.dataRoot.resolve(node));
        }
        layout.flatMap(l -> l.portsOf(node)).ifPresent(b::ports);
        security.applyTo(b, node, role == AgentRole.SERVER);
        return b;
    }

    /** The gossip encryption key every agent uses, if gossip is encrypted. */
    public Optional<String> gossipKey() {
        return security.gossipKey();
    }

    /** The ACL master token, if ACLs are on; the library's own calls use it. */
    public Optional<String> aclMasterToken() {
        return security.aclMasterToken();
    }

    /** The cluster's TLS material, if TLS is on. */
    public Optional<ConsulTls> tls() {
        return security.tls();
    }

    private List<String> serverJoinAddresses() {
        List<String> join = new ArrayList<>();
        servers.forEach(s -> join.add(s.serfLanAddress()));
        return join;
    }

    /** Launches agents in parallel, each until its HTTP API answers; closes everything on failure. */
    private void launchAll(List<ConsulAgent> toLaunch) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, toLaunch.size()), r -> {
            Thread t = new Thread(r, "consul-embedded-launch");
            t.setDaemon(true);
            return t;
        });
        try {
            List<CompletableFuture<Void>> launches = new ArrayList<>();
            for (ConsulAgent agent : toLaunch) {
                launches.add(CompletableFuture.runAsync(() -> {
                    agent.launch();
                    emit(ClusterEvent.Type.AGENT_STARTED, agent, "pid " + agent.pid());
                }, pool));
            }
            RuntimeException failure = null;
            for (CompletableFuture<Void> launch : launches) {
                try {
                    launch.join();
                } catch (java.util.concurrent.CompletionException e) {
                    RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : new ConsulEmbeddedException(e.getMessage(), e);
                    if (failure == null) {
                        failure = cause;
                    } else {
                        failure.addSuppressed(cause);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- accessors

    /** Every agent: servers first, then clients. */
    public List<ConsulAgent> agents() {
        List<ConsulAgent> all = new ArrayList<>(servers);
        all.addAll(clients);
        return List.copyOf(all);
    }

    public List<ConsulAgent> servers() {
        return List.copyOf(servers);
    }

    public List<ConsulAgent> clients() {
        return List.copyOf(clients);
    }

    /** The server at {@code index} (0-based): {@code consul-server-(index+1)}. */
    public ConsulAgent server(int index) {
        return servers.get(index);
    }

    /** The client at {@code index} (0-based): {@code consul-client-(index+1)} at first. */
    public ConsulAgent client(int index) {
        return clients.get(index);
    }

    /** The agent with this node name. */
    public ConsulAgent agent(String node) {
        for (ConsulAgent agent : agents()) {
            if (agent.node().equals(node)) {
                return agent;
            }
        }
        throw new IllegalArgumentException("no agent named '" + node + "' in this cluster; nodes are "
                + agents().stream().map(ConsulAgent::node).toList());
    }

    /**
     * The agent to hand to applications: the first running client when there are clients (as
     * applications talk to their local client agent), else the first running server.
     */
    public ConsulAgent applicationAgent() {
        for (ConsulAgent client : clients) {
            if (client.isRunning()) {
                return client;
            }
        }
        for (ConsulAgent server : servers) {
            if (server.isRunning()) {
                return server;
            }
        }
        throw new IllegalStateException("no agent of this cluster is running");
    }

    /** The HTTP address of {@link #applicationAgent()}. */
    public URI httpAddress() {
        return applicationAgent().httpAddress();
    }

    /** An HTTP helper for {@link #applicationAgent()}. */
    public ConsulHttp http() {
        return applicationAgent().http();
    }

    public String datacenter() {
        return settings.datacenter;
    }

    public String domain() {
        return settings.domain;
    }

    public ConsulBinary binary() {
        return binary;
    }

    /** The persistent data folder, if the cluster was given one. */
    public Optional<Path> dataRoot() {
        return Optional.ofNullable(settings.dataRoot);
    }

    /** Whether the single server runs in Consul's dev mode (a 1-server, 0-client, non-persistent cluster). */
    public boolean isDevMode() {
        return servers.size() == 1 && servers.get(0).config().devMode();
    }

    /** The current leader as the running servers see it, without waiting. */
    public ConsulAgent leader() {
        for (ConsulAgent server : servers) {
            if (server.isRunning()) {
                try {
                    String address = server.http().leader();
                    if (!address.isEmpty()) {
                        return serverAt(address);
                    }
                } catch (ConsulEmbeddedException e) {
                    // Try the next server.
                }
            }
        }
        throw new IllegalStateException("the cluster has no leader right now; use awaitLeader() to wait for one");
    }

    private ConsulAgent serverAt(String address) {
        for (ConsulAgent server : servers) {
            if (server.serverAddress().equals(address)) {
                return server;
            }
        }
        throw new IllegalStateException("leader " + address + " is not a server of this cluster");
    }

    /** Adds a listener for the cluster's events (agents started, restarts, recoveries, give-ups). */
    public void addListener(ClusterListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    void emit(ClusterEvent.Type type, ConsulAgent agent, String detail) {
        ClusterEvent event = new ClusterEvent(type, agent.node(), detail, java.time.Instant.now());
        if (type == ClusterEvent.Type.SUPERVISION_GAVE_UP || type == ClusterEvent.Type.AGENT_RESTART_FAILED) {
            LOG.warn("{}", event);
        } else if (type == ClusterEvent.Type.AGENT_STARTED) {
            LOG.debug("{}", event);
        } else {
            LOG.info("{}", event);
        }
        for (ClusterListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("Cluster listener {} failed on {}", listener, event, e);
            }
        }
    }

    public boolean isSupervised() {
        return supervisor != null;
    }

    // ---------------------------------------------------------------- waiting

    /** Waits until the whole topology is ready; see the class comment. */
    public void awaitReady(Duration timeout) {
        List<ConsulAgent> agents = agents();
        await("the Consul cluster (" + servers.size() + " servers, " + clients.size() + " clients) to be ready", timeout,
                Duration.ofMillis(50), () -> {
                    List<String> problems = TopologyView.observe(agents).problems();
                    return problems.isEmpty() ? Poll.Check.done(Boolean.TRUE) : Poll.Check.notYet(String.join("; ", problems));
                });
    }

    /** Waits until every running agent reports the same leader; returns it. */
    public ConsulAgent awaitLeader() {
        return awaitLeader(settings.readyTimeout);
    }

    public ConsulAgent awaitLeader(Duration timeout) {
        return awaitLeaderOtherThan(null, timeout);
    }

    /** Waits until the running agents agree on a leader other than {@code old}; returns it. */
    public ConsulAgent awaitLeaderChange(ConsulAgent old) {
        return awaitLeaderChange(old, settings.readyTimeout);
    }

    public ConsulAgent awaitLeaderChange(ConsulAgent old, Duration timeout) {
        return awaitLeaderOtherThan(Objects.requireNonNull(old, "old"), timeout);
    }

    private ConsulAgent awaitLeaderOtherThan(ConsulAgent old, Duration timeout) {
        return await(old == null ? "a leader" : "a leader other than " + old.node(), timeout, Duration.ofMillis(25), () -> {
            List<ConsulAgent> running = agents().stream().filter(ConsulAgent::isRunning).toList();
            String leader = TopologyView.observe(running).agreedLeader();
            if (leader.isEmpty()) {
                return Poll.Check.notYet("running agents do not agree on a leader");
            }
            if (old != null && leader.equals(old.serverAddress())) {
                return Poll.Check.notYet("leader is still " + old.node());
            }
            return Poll.Check.done(serverAt(leader));
        });
    }

    /** Waits until every running server sees exactly {@code count} alive members. */
    public void awaitMembers(int count) {
        awaitMembers(count, settings.readyTimeout);
    }

    public void awaitMembers(int count, Duration timeout) {
        await(count + " alive members", timeout, Duration.ofMillis(50), () -> {
            List<ConsulAgent> running = servers.stream().filter(ConsulAgent::isRunning).toList();
            if (running.isEmpty()) {
                return Poll.Check.notYet("no server is running");
            }
            TopologyView view = TopologyView.observe(running);
            for (ConsulAgent server : running) {
                int alive = view.aliveMembersSeenBy(server);
                if (alive != count) {
                    return Poll.Check.notYet(server.node() + " sees " + alive + " alive members");
                }
            }
            return Poll.Check.done(Boolean.TRUE);
        });
    }

    /** Polls {@code check}; on timeout the exception explains, agent by agent, what is missing. */
    private <T> T await(String what, Duration timeout, Duration interval, java.util.concurrent.Callable<Poll.Check<T>> check) {
        try {
            return Poll.until(timeout, interval, check, Optional::empty);
        } catch (Poll.TimeoutException e) {
            throw new ClusterNotReadyException("timed out after " + Durations.format(timeout) + " waiting for " + what
                    + ": " + e.lastReason() + "\n" + TopologyView.observe(agents()).diagnosis(DIAGNOSIS_LOG_LINES), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConsulEmbeddedException("interrupted while waiting for " + what, e);
        }
    }

    // ---------------------------------------------------------------- faults

    /** SIGKILL, as a crash would. A supervised cluster restarts the agent. */
    public void kill(ConsulAgent agent) {
        own(agent).kill();
    }

    /** Graceful stop without leaving (a server stays a raft peer); the supervisor leaves it stopped. */
    public void stop(ConsulAgent agent) {
        own(agent).stop();
    }

    /** Stops (if running) and starts the agent with the same data dir, node id and ports. */
    public void restart(ConsulAgent agent) {
        own(agent).restart();
    }

    /** Starts one more client agent that joins the servers; returns once it is a live member. */
    public ConsulAgent addClient() {
        synchronized (lifecycle) {
            requireOpen();
            String node = "consul-client-" + nextClient.getAndIncrement();
            ConsulAgent client = ConsulAgent.prepare(binary,
                    agentConfig(AgentRole.CLIENT, node, Optional.empty(), false).retryJoin(serverJoinAddresses()).build());
            clients.add(client);
            JvmShutdown.unregister(client);
            try {
                client.launch();
                awaitMembers(runningCount(), settings.readyTimeout);
            } catch (RuntimeException e) {
                clients.remove(client);
                client.close();
                throw e;
            }
            if (supervisor != null) {
                supervisor.watch(client);
            }
            return client;
        }
    }

    /** Makes a client leave the cluster for good and removes it. */
    public void removeClient(ConsulAgent client) {
        synchronized (lifecycle) {
            if (!clients.contains(client)) {
                throw new IllegalArgumentException(client.node() + " is not a client of this cluster");
            }
            client.close();
            clients.remove(client);
        }
    }

    private int runningCount() {
        return (int) agents().stream().filter(ConsulAgent::isRunning).count();
    }

    private ConsulAgent own(ConsulAgent agent) {
        if (!servers.contains(agent) && !clients.contains(agent)) {
            throw new IllegalArgumentException(agent.node() + " does not belong to this cluster");
        }
        return agent;
    }

    // ---------------------------------------------------------------- services and reset

    /**
     * Registers a service on a client agent (round robin over the running clients), as
     * applications do: never on a server, whose writes all go through the leader.
     *
     * @return the agent that owns the service
     * @throws IllegalStateException if the cluster has no running client
     */
    public ConsulAgent registerService(ServiceRegistration service) {
        List<ConsulAgent> running = clients.stream().filter(ConsulAgent::isRunning).toList();
        if (running.isEmpty()) {
            throw new IllegalStateException("the cluster has no running client agent to register " + service.id()
                    + " on; add clients, or name an agent with registerService(agent, service)");
        }
        ConsulAgent owner = running.get(Math.floorMod(roundRobin.getAndIncrement(), running.size()));
        owner.http().registerService(service);
        return owner;
    }

    /** Registers a service on the given agent, a server included. */
    public ConsulAgent registerService(ConsulAgent agent, ServiceRegistration service) {
        own(agent).http().registerService(service);
        return agent;
    }

    /**
     * Deregisters a service where it sticks: through the agent API of every agent that owns it
     * (deregistering through another agent or the catalog is undone by anti-entropy), then waits
     * until the catalog no longer lists it.
     *
     * @return the nodes it was deregistered from (empty if no agent had it)
     */
    public List<String> deregisterService(String serviceId) {
        List<String> owners = new ArrayList<>();
        for (ConsulAgent agent : agents()) {
            if (agent.isRunning() && agent.http().agentServices().containsKey(serviceId)) {
                agent.http().deregisterService(serviceId);
                owners.add(agent.node());
            }
        }
        awaitCatalog("service " + serviceId + " to leave the catalog", () -> catalogServiceIds().contains(serviceId));
        return owners;
    }

    /**
     * Test isolation: deletes every KV entry and deregisters every service and check except
     * Consul's own on every agent, then waits until the catalog shows only {@code consul}. The
     * agents keep running.
     */
    public void reset() {
        ConsulHttp any = applicationAgent().http();
        any.kvDeleteAll();
        for (ConsulAgent agent : agents()) {
            if (!agent.isRunning()) {
                continue;
            }
            ConsulHttp http = agent.http();
            for (String id : http.agentServices().keySet()) {
                if (!"consul".equals(id)) {
                    http.deregisterService(id);
                }
            }
            http.get("/v1/agent/checks").fieldNames().forEachRemaining(checkId -> {
                if (!"serfHealth".equals(checkId)) {
                    http.put("/v1/agent/check/deregister/" + checkId, null);
                }
            });
        }
        awaitCatalog("the catalog to hold only the consul service", () -> catalogServiceNames().stream().anyMatch(n -> !"consul".equals(n)));
    }

    private List<String> catalogServiceNames() {
        List<String> names = new ArrayList<>();
        http().get("/v1/catalog/services").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private List<String> catalogServiceIds() {
        List<String> ids = new ArrayList<>();
        for (String name : catalogServiceNames()) {
            for (JsonNode entry : http().get("/v1/catalog/service/" + name)) {
                ids.add(entry.path("ServiceID").asText());
            }
        }
        return ids;
    }

    private void awaitCatalog(String what, java.util.function.BooleanSupplier stillDirty) {
        await(what, Duration.ofSeconds(10), Duration.ofMillis(5), () -> stillDirty.getAsBoolean()
                ? Poll.Check.notYet("waiting for " + what) : Poll.Check.done(Boolean.TRUE));
    }

    // ---------------------------------------------------------------- close

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the cluster is closed");
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Makes the clients leave, then stops the servers (without leaving, so a persistent cluster
     * comes back), and removes temporary folders. Idempotent; failures of single agents are
     * attached as suppressed exceptions.
     */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            if (supervisor != null) {
                supervisor.close();
            }
            RuntimeException failure = closeAll(clients(), null);
            failure = closeAll(servers(), failure);
            if (security != null) {
                security.close();
            }
            JvmShutdown.unregister(this);
            if (failure != null) {
                throw failure;
            }
        }
    }

    private static RuntimeException closeAll(List<ConsulAgent> agents, RuntimeException failure) {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (ConsulAgent agent : agents) {
            closing.add(CompletableFuture.runAsync(agent::close, r -> {
                Thread t = new Thread(r, "consul-embedded-close-" + agent.node());
                t.setDaemon(true);
                t.start();
            }));
        }
        for (CompletableFuture<Void> c : closing) {
            try {
                c.join();
            } catch (java.util.concurrent.CompletionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : new ConsulEmbeddedException(e.getMessage(), e);
                if (failure == null) {
                    failure = new ConsulEmbeddedException("closing the Consul cluster failed", cause);
                } else {
                    failure.addSuppressed(cause);
                }
            }
        }
        return failure;
    }

    @Override
    public String toString() {
        return "ConsulCluster{" + servers.size() + " servers, " + clients.size() + " clients, dc=" + settings.datacenter + "}";
    }

    // ---------------------------------------------------------------- builder

    /** Configures and starts a {@link ConsulCluster}. */
    public static final class Builder {
        private int servers = 3;
        private int clients;
        private String datacenter = "dc1";
        private String domain = "cluster.local";
        private List<String> recursors = List.of();
        private boolean ui = true;
        private Timing timing = Timing.FAST;
        private boolean supervise = true;
        private boolean devModeAllowed = true;
        private Path dataRoot;
        private ConsulBinary binary;
        private BinarySettings binarySettings;
        private Duration readyTimeout = Duration.ofSeconds(60);
        private com.fasterxml.jackson.databind.node.ObjectNode extraConfig = Json.object();
        private final Map<String, com.fasterxml.jackson.databind.node.ObjectNode> extraConfigByNode = new HashMap<>();
        private final List<ClusterListener> listeners = new ArrayList<>();
        private boolean encrypt;
        private String gossipKey;
        private boolean acl;
        private String aclMasterToken;
        private boolean tls;
        private boolean httpWithTls;
        private boolean bindAll;

        private Builder() {
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
            this.gossipKey = GossipKeys.validate(key);
            return this;
        }

        /**
         * Turns ACLs on (default deny) with a generated master token, which also serves as the
         * agents' token; the library's own calls use it. See {@link ConsulCluster#aclMasterToken()}.
         */
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
         * Turns TLS on: a generated CA and a certificate per agent, HTTPS instead of HTTP, and every
         * connection (RPC and HTTPS) verified both ways against the CA. {@link ConsulCluster#tls()}
         * hands out the CA and a client certificate for your own calls.
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

        /**
         * Binds every agent to all interfaces (0.0.0.0), as the original deployment did, instead of
         * loopback only. Logs a warning: the cluster becomes reachable from the network.
         */
        public Builder bindAll() {
            this.bindAll = true;
            return this;
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

        public Builder datacenter(String datacenter) {
            this.datacenter = datacenter;
            return this;
        }

        public Builder domain(String domain) {
            this.domain = domain;
            return this;
        }

        /** Upstream DNS servers; none by default, so a local cluster sends no DNS off the machine. */
        public Builder recursors(String... recursors) {
            this.recursors = List.of(recursors);
            return this;
        }

        public Builder ui(boolean ui) {
            this.ui = ui;
            return this;
        }

        public Builder timing(Timing timing) {
            this.timing = Objects.requireNonNull(timing, "timing");
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
            this.devModeAllowed = allowed;
            return this;
        }

        /**
         * A folder that keeps the cluster: each node's data dir ({@code <folder>/<node>}) and its
         * ports. Close and start again with the same folder and KV, services and node ids survive.
         */
        public Builder dataRoot(Path dataRoot) {
            this.dataRoot = dataRoot == null ? null : dataRoot.toAbsolutePath();
            return this;
        }

        /** The binary to run; by default {@link ConsulBinary#resolve(BinarySettings)}. */
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
            this.extraConfig = Json.parseObject("extraConfig", json);
            return this;
        }

        /** Extra agent config (a JSON object) for one node, merged over the config for all. */
        public Builder extraConfig(String node, String json) {
            this.extraConfigByNode.put(Objects.requireNonNull(node, "node"), Json.parseObject("extraConfig of " + node, json));
            return this;
        }

        /** A listener for the cluster's events, from the start on (agents started, supervisor actions). */
        public Builder listener(ClusterListener listener) {
            this.listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        private void validate() {
            if (servers < 1) {
                throw new IllegalArgumentException("servers must be >= 1, was " + servers);
            }
            if (clients < 0) {
                throw new IllegalArgumentException("clients must be >= 0, was " + clients);
            }
            if (readyTimeout == null || readyTimeout.isNegative() || readyTimeout.isZero()) {
                throw new IllegalArgumentException("readyTimeout must be a positive duration, was " + readyTimeout);
            }
            for (String node : extraConfigByNode.keySet()) {
                if (!isNodeOfTopology(node)) {
                    throw new IllegalArgumentException("extraConfig names node '" + node + "', which is not one of consul-server-1.."
                            + servers + (clients > 0 ? " or consul-client-1.." + clients : ""));
                }
            }
            // Builds a sample config so that bad names, domains and recursors fail here, naming the value.
            AgentConfig.server().datacenter(datacenter).domain(domain).recursors(recursors).timing(timing).build();
            if (servers % 2 == 0) {
                LOG.warn("servers is {}: an even number of servers tolerates no more failures than {} and risks split votes",
                        servers, servers - 1);
            }
            if (dataRoot != null && Files.exists(dataRoot) && !Files.isDirectory(dataRoot)) {
                throw new IllegalArgumentException("dataRoot must be a folder, was the file " + dataRoot);
            }
        }

        private boolean isNodeOfTopology(String node) {
            for (int i = 1; i <= servers; i++) {
                if (node.equals("consul-server-" + i)) {
                    return true;
                }
            }
            for (int i = 1; i <= clients; i++) {
                if (node.equals("consul-client-" + i)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Resolves the binary, starts every agent in parallel and waits until the cluster is
         * ready. On failure every agent is stopped and the exception carries the diagnosis.
         */
        public ConsulCluster start() {
            validate();
            ConsulBinary b = binary != null ? binary
                    : ConsulBinary.resolve(binarySettings != null ? binarySettings : BinarySettings.defaults());
            ConsulCluster cluster = new ConsulCluster(copy(), b);
            try {
                cluster.start();
                return cluster;
            } catch (RuntimeException e) {
                try {
                    cluster.close();
                } catch (RuntimeException closing) {
                    e.addSuppressed(closing);
                }
                throw e;
            }
        }

        private Builder copy() {
            Builder c = new Builder();
            c.servers = servers;
            c.clients = clients;
            c.datacenter = datacenter;
            c.domain = domain;
            c.recursors = List.copyOf(recursors);
            c.ui = ui;
            c.timing = timing;
            c.supervise = supervise;
            c.devModeAllowed = devModeAllowed;
            c.dataRoot = dataRoot;
            c.binary = binary;
            c.binarySettings = binarySettings;
            c.readyTimeout = readyTimeout;
            c.extraConfig = extraConfig.deepCopy();
            extraConfigByNode.forEach((k, v) -> c.extraConfigByNode.put(k, v.deepCopy()));
            c.listeners.addAll(listeners);
            c.encrypt = encrypt;
            c.gossipKey = gossipKey;
            c.acl = acl;
            c.aclMasterToken = aclMasterToken;
            c.tls = tls;
            c.httpWithTls = httpWithTls;
            c.bindAll = bindAll;
            return c;
        }
    }
}
