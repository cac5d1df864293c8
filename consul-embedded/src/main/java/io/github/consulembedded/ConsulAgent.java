package io.github.consulembedded;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.consulembedded.internal.AgentProcess;
import io.github.consulembedded.internal.Durations;
import io.github.consulembedded.internal.FileTree;
import io.github.consulembedded.internal.HttpClients;
import io.github.consulembedded.internal.Json;
import io.github.consulembedded.internal.JvmShutdown;
import io.github.consulembedded.internal.LogBuffer;
import io.github.consulembedded.internal.Poll;
import io.github.consulembedded.internal.PortAllocator;
import io.github.consulembedded.internal.WorkArea;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Consul agent, server or client, as a managed subprocess. {@link #start} returns
 * once the agent answers HTTP (and, for a one-node server, has elected itself); {@link #close()}
 * stops it gracefully, kills it if it does not stop in time, and removes its temporary files.
 */
public final class ConsulAgent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsulAgent.class);
    private static final int LOG_LINES = 500;
    private static final int QUOTED_LINES = 50;
    private static final int BIND_ATTEMPTS = 3;

    private final ConsulBinary binary;
    private final LogBuffer log = new LogBuffer(LOG_LINES);
    private final Object lifecycle = new Object();
    private final Path folder;
    private final Path dataDir;
    private final boolean temporaryDataDir;
    private final boolean fixedPorts;

    private volatile AgentConfig config;
    private volatile AgentPorts ports;
    private volatile PortAllocator.Reservation reservation;
    private volatile AgentProcess process;
    private volatile boolean stopRequested;
    private volatile boolean launching;
    private volatile boolean killRequested;
    private volatile boolean closed;
    private volatile String token;
    private volatile Consumer<ConsulAgent> unexpectedExitListener;

    private ConsulAgent(ConsulBinary binary, AgentConfig config) {
        this.binary = binary;
        this.config = config;
        this.token = config.aclMasterToken().orElse(null);
        WorkArea work = WorkArea.get();
        this.folder = work.newFolder("agent-" + config.node());
        this.temporaryDataDir = config.dataDir().isEmpty();
        this.dataDir = config.dataDir().orElse(folder.resolve("data"));
        this.fixedPorts = config.ports().isPresent();
        try {
            if (!config.devMode()) {
                Files.createDirectories(dataDir);
            }
            if (fixedPorts) {
                this.ports = config.ports().get();
                this.reservation = work.ports().reserve(ports.asList(), reservationHost(config));
            } else {
                reserveFreshPorts(work);
            }
        } catch (IOException e) {
            FileTree.deleteQuietly(folder);
            throw new UncheckedIOException("cannot create the data dir " + dataDir + " for node " + config.node(), e);
        } catch (IllegalStateException e) {
            FileTree.deleteQuietly(folder);
            throw new ConsulEmbeddedException("cannot use the ports " + config.ports().orElseThrow() + " of node "
                    + config.node() + ": " + e.getMessage() + ". Choose other ports, or leave them out to get free ones", e);
        }
        JvmShutdown.register(this);
    }

    /** Starts an agent with the binary from {@link ConsulBinary#resolve()}. */
    public static ConsulAgent start(AgentConfig config) {
        return start(ConsulBinary.resolve(), config);
    }

    /**
     * Starts an agent and waits until it is ready: its HTTP API answers and, for a server that
     * bootstraps alone, it reports itself as leader.
     *
     * @throws AgentStartException with the exit code, last output and data dir when it fails
     */
    public static ConsulAgent start(ConsulBinary binary, AgentConfig config) {
        ConsulAgent agent = prepare(binary, config);
        try {
            agent.launch();
            if (agent.config.isServer() && agent.config.bootstrapExpect() == 1) {
                agent.awaitLeader(config.startTimeout());
            }
            return agent;
        } catch (RuntimeException e) {
            agent.closeQuietly(e);
            throw e;
        }
    }

    /** Reserves ports and folders without starting; the cluster fills in retry-join, then launches. */
    static ConsulAgent prepare(ConsulBinary binary, AgentConfig config) {
        return new ConsulAgent(binary, config);
    }

    void setRetryJoin(List<String> addresses) {
        this.config = config.newBuilder().retryJoin(addresses).build();
    }

    void setToken(String token) {
        this.token = token;
    }

    void onUnexpectedExit(Consumer<ConsulAgent> listener) {
        this.unexpectedExitListener = listener;
    }

    public String node() {
        return config.node();
    }

    public AgentRole role() {
        return config.role();
    }

    public boolean isServer() {
        return config.isServer();
    }

    /** The config the agent runs with (retry-join as the cluster filled it in). */
    public AgentConfig config() {
        return config;
    }

    public ConsulBinary binary() {
        return binary;
    }

    public AgentPorts ports() {
        return ports;
    }

    /** The API address: {@code http://127.0.0.1:<http>}, or {@code https://127.0.0.1:<https>} with TLS. */
    public URI httpAddress() {
        if (config.tls().isPresent()) {
            return URI.create("https://" + hostFor(config.clientAddress()) + ":" + ports.https());
        }
        return URI.create("http://" + hostFor(config.clientAddress()) + ":" + ports.http());
    }

    /** The DNS server (UDP and TCP). */
    public InetSocketAddress dnsAddress() {
        return new InetSocketAddress(hostFor(config.clientAddress()), ports.dns());
    }

    /** The LAN gossip address other agents join: {@code host:port}. */
    public String serfLanAddress() {
        return config.advertiseAddress() + ":" + ports.serfLan();
    }

    /** The server RPC address as raft knows it: {@code host:port}. */
    public String serverAddress() {
        return config.advertiseAddress() + ":" + ports.server();
    }

    /** The Consul web UI, served by every agent. */
    public URI uiAddress() {
        return httpAddress().resolve("/ui/");
    }

    /** The data dir: temporary (removed on close) unless the config named one. */
    public Path dataDir() {
        return dataDir;
    }

    public boolean hasTemporaryDataDir() {
        return temporaryDataDir;
    }

    /** The OS pid of the running agent, or -1 when it is not running. */
    public long pid() {
        AgentProcess p = process;
        return p != null && p.isAlive() ? p.pid() : -1;
    }

    public boolean isRunning() {
        AgentProcess p = process;
        return p != null && p.isAlive();
    }

    public boolean isClosed() {
        return closed;
    }

    /** An HTTP helper for this agent (with the cluster's ACL token, if any). */
    public ConsulHttp http() {
        ConsulHttp http = new ConsulHttp(httpAddress()).withClient(httpClient());
        String t = token;
        return t == null ? http : http.withToken(t);
    }

    /** The ACL token the library uses for this agent, if ACLs are on. */
    public Optional<String> aclToken() {
        return Optional.ofNullable(token);
    }

    /**
     * The OkHttp client for this agent's API. With TLS it trusts the cluster's CA and presents
     * this agent's own certificate, since agents verify incoming connections.
     */
    public okhttp3.OkHttpClient httpClient() {
        return config.tls().map(t -> HttpClients.mutualTls(t.caFile(), t.certFile(), t.keyFile()))
                .orElse(HttpClients.agents());
    }

    ConsulHttp probe() {
        return http().withClient(HttpClients.probes(httpClient()));
    }

    /** The newest {@code max} lines the agent printed, across restarts. */
    public List<String> recentLog(int max) {
        return log.last(max);
    }

    /**
     * Starts the process (again) with this agent's config, data dir and ports, and waits until
     * its HTTP API answers. Retries with new ports if a chosen port was taken in the meantime.
     */
    void launch() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("agent " + node() + " is closed");
            }
            if (isRunning()) {
                return;
            }
            for (int attempt = 1; ; attempt++) {
                try {
                    launchOnce();
                    return;
                } catch (AgentStartException e) {
                    boolean portTaken = e.lastLines().stream().anyMatch(l -> l.contains("address already in use"));
                    if (!portTaken || fixedPorts || attempt >= BIND_ATTEMPTS) {
                        if (portTaken && fixedPorts) {
                            throw new AgentStartException(node(), "could not bind its fixed ports " + ports
                                    + ": one is in use by another process; choose other ports or leave them out",
                                    e.exitCode(), e.lastLines(), dataDir, e);
                        }
                        throw e;
                    }
                    LOG.info("Node {}: a port of {} was taken before consul could bind it; retrying with new ports",
                            node(), ports);
                    reservation.close();
                    reserveFreshPorts(WorkArea.get());
                }
            }
        }
    }

    private void launchOnce() {
        checkKeyring();
        List<String> command = command();
        AgentProcess started;
        try {
            writeConfigFile();
            stopRequested = false;
            killRequested = false;
            launching = true;
            started = AgentProcess.launch(node(), command, folder, log);
        } catch (IOException e) {
            launching = false;
            throw new AgentStartException(node(), "could not be started: " + e.getMessage(), -1,
                    log.last(QUOTED_LINES), dataDir, e);
        }
        process = started;
        LOG.debug("Started {} ({}) pid {}: {}", node(), role().label(), started.pid(), String.join(" ", command));
        started.exit().thenAccept(code -> exited(started, code));
        try {
            awaitHttp(started);
        } catch (RuntimeException e) {
            // A process that failed to start is reported by the exception, not to the supervisor.
            process = null;
            throw e;
        } finally {
            launching = false;
        }
    }

    private void awaitHttp(AgentProcess started) {
        try {
            Poll.until(config.startTimeout(), Duration.ofMillis(25), () -> {
                try {
                    probe().get("/v1/agent/self");
                } catch (ConsulHttpException e) {
                    // With ACLs the token resolves only once a leader exists; a 403 still proves HTTP is up.
                    if (e.status() != 403) {
                        throw e;
                    }
                }
                return Poll.Check.done(Boolean.TRUE);
            }, () -> started.exit().isDone()
                    ? Optional.of(new AgentStartException(node(), "exited during start", started.exit().join(),
                    log.last(QUOTED_LINES), dataDir, null))
                    : Optional.empty());
        } catch (Poll.TimeoutException e) {
            stopProcess(started, false);
            throw new AgentStartException(node(), "did not answer HTTP on " + httpAddress() + " within "
                    + Durations.format(config.startTimeout()) + ": " + e.lastReason(), -1, log.last(QUOTED_LINES), dataDir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopProcess(started, false);
            throw new AgentStartException(node(), "start was interrupted", -1, log.last(QUOTED_LINES), dataDir, e);
        }
    }

    /** Waits until this agent reports a non-empty leader; returns the leader's server address. */
    public String awaitLeader(Duration timeout) {
        try {
            return Poll.until(timeout, Duration.ofMillis(25), () -> {
                String leader = probe().leader();
                return leader.isEmpty() ? Poll.Check.notYet("no leader yet") : Poll.Check.done(leader);
            }, () -> isRunning() ? Optional.empty() : Optional.of(new AgentStartException(node(),
                    "exited while waiting for a leader", exitCodeOrMinusOne(), log.last(QUOTED_LINES), dataDir, null)));
        } catch (Poll.TimeoutException e) {
            throw new AgentStartException(node(), "reported no leader within " + Durations.format(timeout)
                    + ": " + e.lastReason(), -1, log.last(QUOTED_LINES), dataDir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConsulEmbeddedException("interrupted while waiting for a leader on " + node(), e);
        }
    }

    private int exitCodeOrMinusOne() {
        AgentProcess p = process;
        return p != null && p.exit().isDone() ? p.exit().join() : -1;
    }

    private void exited(AgentProcess which, int code) {
        if (which != process) {
            return;
        }
        if (stopRequested || closed || launching) {
            LOG.debug("Node {} pid {} stopped with code {}", node(), which.pid(), code);
            return;
        }
        if (killRequested) {
            killRequested = false;
            LOG.info("Consul agent {} (pid {}) was killed on request (code {})", node(), which.pid(), code);
        } else {
            LOG.warn("Consul agent {} (pid {}) exited unexpectedly with code {}", node(), which.pid(), code);
        }
        Consumer<ConsulAgent> listener = unexpectedExitListener;
        if (listener != null && !JvmShutdown.isShuttingDown()) {
            listener.accept(this);
        }
    }

    /**
     * Stops the agent gracefully without leaving: SIGTERM, then SIGKILL after the stop timeout.
     * A server stopped this way stays a raft peer and rejoins when restarted.
     */
    public void stop() {
        stop(false);
    }

    /**
     * Makes the agent leave the cluster for good ({@code /v1/agent/leave}), then stops it. A
     * server that leaves shrinks the raft quorum.
     */
    public void leave() {
        stop(true);
    }

    private void stop(boolean leave) {
        synchronized (lifecycle) {
            AgentProcess p = process;
            if (p == null || !p.isAlive()) {
                return;
            }
            stopProcess(p, leave);
        }
    }

    private void stopProcess(AgentProcess p, boolean leave) {
        stopRequested = true;
        long timeout = config.stopTimeout().toMillis();
        try {
            if (leave) {
                try {
                    http().put("/v1/agent/leave", null);
                } catch (ConsulEmbeddedException e) {
                    LOG.debug("Node {}: leave call failed ({}); terminating instead", node(), e.getMessage());
                }
                if (p.awaitExit(timeout)) {
                    return;
                }
            }
            p.terminate();
            if (!p.awaitExit(timeout)) {
                LOG.warn("Consul agent {} (pid {}) did not stop within {}; killing it", node(), p.pid(),
                        Durations.format(config.stopTimeout()));
                p.kill();
                p.awaitExit(5000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.kill();
        }
    }

    /** Sends SIGKILL, as a crash would, and waits until the process is gone. */
    public void kill() {
        AgentProcess p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        // Still a crash for the supervisor, but not worth a warning in the log: the caller asked for it.
        killRequested = true;
        p.kill();
        try {
            p.awaitExit(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops the agent if it runs (without leaving) and starts it again with the same data dir,
     * node id and ports, so that it rejoins as the same node. Returns once HTTP answers.
     */
    public void restart() {
        synchronized (lifecycle) {
            stop(false);
            launch();
        }
    }

    /** Stops the agent (clients leave, servers do not), frees its ports and removes temporary files. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            try {
                stop(role() == AgentRole.CLIENT);
            } finally {
                closed = true;
                PortAllocator.Reservation r = reservation;
                if (r != null) {
                    r.close();
                }
                if (!FileTree.deleteQuietly(folder)) {
                    LOG.warn("Could not remove {} of node {}", folder, node());
                }
                JvmShutdown.unregister(this);
            }
        }
    }

    private void closeQuietly(Throwable primary) {
        try {
            close();
        } catch (RuntimeException e) {
            primary.addSuppressed(e);
        }
    }

    private void reserveFreshPorts(WorkArea work) {
        boolean tls = config.tls().isPresent();
        PortAllocator.Reservation r = work.ports().allocate(tls ? 6 : 5, reservationHost(config));
        this.reservation = r;
        if (tls) {
            this.ports = new AgentPorts(config.httpWithTls() ? r.get(0) : -1, r.get(5), r.get(1), r.get(2), r.get(3), r.get(4));
        } else {
            this.ports = new AgentPorts(r.get(0), -1, r.get(1), r.get(2), r.get(3), r.get(4));
        }
    }

    /**
     * Consul ignores the configured key once the data dir holds a keyring ("LAN keyring exists
     * but -encrypt given, using keyring"): refuse rather than run with a key nobody asked for.
     */
    private void checkKeyring() {
        if (config.devMode()) {
            return;
        }
        List<String> stored = GossipKeys.storedKeys(dataDir);
        Optional<String> wanted = config.encryptKey();
        if (stored.isEmpty()) {
            return;
        }
        if (wanted.isEmpty()) {
            throw new ConsulEmbeddedException("the data dir " + dataDir + " of node " + node() + " holds a gossip keyring "
                    + "(serf/local.keyring), so Consul would encrypt gossip with its stored key although no key was "
                    + "configured. Configure the stored key (encryptKey / encrypt(key)), or use a new data dir");
        }
        if (!stored.contains(wanted.get())) {
            throw new ConsulEmbeddedException("the data dir " + dataDir + " of node " + node() + " holds a gossip keyring "
                    + "(serf/local.keyring) without the configured key; Consul would ignore the configured key and keep "
                    + "the stored one. Configure the stored key, or use a new data dir");
        }
    }

    private static String reservationHost(AgentConfig config) {
        return "0.0.0.0".equals(config.bindAddress()) || "0.0.0.0".equals(config.clientAddress())
                ? "0.0.0.0" : config.bindAddress();
    }

    private static String hostFor(String address) {
        return "0.0.0.0".equals(address) ? "127.0.0.1" : address;
    }

    private Path configFile() {
        return folder.resolve("config.json");
    }

    private void writeConfigFile() throws IOException {
        ObjectNode generated = Json.object();
        generated.put("disable_update_check", true);
        ObjectNode portsNode = generated.putObject("ports");
        portsNode.put("grpc", -1);
        portsNode.put("https", ports.https());
        portsNode.put("http", ports.http());
        if (config.timing().raftMultiplier() > 0) {
            generated.putObject("performance").put("raft_multiplier", config.timing().raftMultiplier());
        }
        config.encryptKey().ifPresent(key -> generated.put("encrypt", key));
        config.aclMasterToken().ifPresent(master -> {
            generated.put("primary_datacenter", config.datacenter());
            ObjectNode acl = generated.putObject("acl");
            acl.put("enabled", true);
            acl.put("default_policy", "deny");
            acl.put("down_policy", "extend-cache");
            ObjectNode tokens = acl.putObject("tokens");
            tokens.put("master", master);
            // The master token doubles as the agent token, so agents can register their own node.
            tokens.put("agent", master);
        });
        config.tls().ifPresent(tls -> {
            generated.put("ca_file", tls.caFile().toString());
            generated.put("cert_file", tls.certFile().toString());
            generated.put("key_file", tls.keyFile().toString());
            // Every connection, RPC and HTTPS alike, must present a certificate of the cluster's CA.
            generated.put("verify_incoming", true);
            generated.put("verify_outgoing", true);
            generated.put("verify_server_hostname", true);
        });
        ObjectNode merged = Json.merge(generated, config.extraConfig());
        Path tmp = folder.resolve("config.json.tmp");
        Files.writeString(tmp, Json.write(merged), StandardCharsets.UTF_8);
        Files.move(tmp, configFile(), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The agent's command line: the original deployment's flags, with this agent's ports. */
    List<String> command() {
        AgentConfig c = config;
        List<String> cmd = new ArrayList<>();
        cmd.add(binary.executable().toString());
        cmd.add("agent");
        if (c.devMode()) {
            cmd.add("-dev");
        } else {
            if (c.isServer()) {
                cmd.add("-server");
                cmd.add("-bootstrap-expect=" + c.bootstrapExpect());
            }
            cmd.add("-data-dir=" + dataDir);
        }
        for (String join : c.retryJoin()) {
            cmd.add("-retry-join=" + join);
        }
        if (!c.retryJoin().isEmpty()) {
            cmd.add("-retry-interval=" + Durations.consul(c.retryInterval()));
        }
        cmd.add("-node=" + c.node());
        cmd.add("-datacenter=" + c.datacenter());
        cmd.add("-domain=" + c.domain());
        for (String recursor : c.recursors()) {
            cmd.add("-recursor=" + recursor);
        }
        if (c.ui()) {
            cmd.add("-ui");
        }
        cmd.add("-disable-host-node-id");
        cmd.add("-client=" + c.clientAddress());
        cmd.add("-bind=" + c.bindAddress());
        cmd.add("-advertise=" + c.advertiseAddress());
        if (ports.http() != -1) {
            cmd.add("-http-port=" + ports.http());
        }
        cmd.add("-dns-port=" + ports.dns());
        cmd.add("-serf-lan-port=" + ports.serfLan());
        cmd.add("-serf-wan-port=" + ports.serfWan());
        cmd.add("-server-port=" + ports.server());
        cmd.add("-log-level=" + c.logLevel().toLowerCase(java.util.Locale.ROOT));
        cmd.add("-config-file=" + configFile());
        // The watchdog finds this JVM's agents by this flag: the pid file lives in the session folder.
        cmd.add("-pid-file=" + folder.resolve("consul.pid"));
        return cmd;
    }

    @Override
    public String toString() {
        return "ConsulAgent{" + node() + " " + role().label() + ", pid " + pid() + ", http " + httpAddress() + "}";
    }
}
