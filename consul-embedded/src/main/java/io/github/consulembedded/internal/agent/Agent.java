package io.github.consulembedded.internal.agent;

import io.github.consulembedded.AgentPorts;
import io.github.consulembedded.AgentRole;
import io.github.consulembedded.AgentStartException;
import io.github.consulembedded.ConsulBinary;
import io.github.consulembedded.ConsulEmbeddedException;
import io.github.consulembedded.ConsulHttpException;
import io.github.consulembedded.internal.http.ConsulApi;
import io.github.consulembedded.internal.http.HttpClients;
import io.github.consulembedded.internal.http.HttpTransport;
import io.github.consulembedded.internal.process.AgentOutput;
import io.github.consulembedded.internal.process.JvmShutdown;
import io.github.consulembedded.internal.process.LogBuffer;
import io.github.consulembedded.internal.process.ManagedProcess;
import io.github.consulembedded.internal.process.PortAllocator;
import io.github.consulembedded.internal.process.Signals;
import io.github.consulembedded.internal.security.KeyringGuard;
import io.github.consulembedded.internal.util.Durations;
import io.github.consulembedded.internal.util.Poll;
import io.github.consulembedded.internal.util.Wakeup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Consul agent's life as a managed subprocess: launch (until HTTP answers), stop, leave,
 * kill, freeze, thaw, restart and close, with an explicit {@link AgentState} that decides what an
 * exit of its process means. Its command line and config file come from {@link AgentCommandLine}
 * and {@link AgentConfigFile}; its folders and ports from {@link AgentResources}.
 */
public final class Agent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    private static final int LOG_LINES = 500;
    private static final int QUOTED_LINES = 50;
    private static final int BIND_ATTEMPTS = 3;
    private static final long KILL_WAIT_MILLIS = 5000;
    private static final int CONNECT_CHECK_MILLIS = 500;

    private final ConsulBinary binary;
    private final AgentResources resources;
    private final LogBuffer log = new LogBuffer(LOG_LINES);
    private final Object lifecycle = new Object();

    private volatile AgentConfig config;
    private volatile AgentState state = AgentState.NEW;
    private volatile ManagedProcess process;
    private volatile String token;
    private volatile Consumer<Agent> crashListener;
    private final Wakeup output = new Wakeup();
    private volatile Runnable outputListener = () -> { };
    // Set for an agent that another process runs (a reused cluster's keeper): see AgentHost.
    private final AgentHost host;

    private Agent(ConsulBinary binary, AgentConfig config, AgentResources resources, AgentHost host) {
        this.binary = binary;
        this.config = config;
        this.resources = resources;
        this.token = config.aclMasterToken().orElse(null);
        this.host = host;
    }

    private Agent(ConsulBinary binary, AgentConfig config, AgentResources resources) {
        this(binary, config, resources, null);
    }

    /**
     * An agent that {@code host} runs and owns, with the config (fixed ports included) and data dir
     * it runs with: its pid and state are read from the host, and faults are applied there.
     */
    public static Agent hosted(ConsulBinary binary, AgentConfig config, Path dataDir, AgentHost host) {
        Agent agent = new Agent(binary, config, AgentResources.borrowed(config, dataDir), host);
        agent.state = AgentState.RUNNING;
        return agent;
    }

    /** Reserves the agent's folders and ports without starting it. */
    public static Agent prepare(ConsulBinary binary, AgentConfig config) {
        return new Agent(binary, config, AgentResources.allocate(config));
    }

    /** Like {@link #prepare(ConsulBinary, AgentConfig)}, with ports from {@code ports}. */
    static Agent prepare(ConsulBinary binary, AgentConfig config, PortAllocator ports) {
        return new Agent(binary, config, AgentResources.allocate(config, ports));
    }

    public void setRetryJoin(List<String> addresses) {
        this.config = config.newBuilder().retryJoin(addresses).build();
    }

    public void setRetryJoinWan(List<String> addresses) {
        this.config = config.newBuilder().retryJoinWan(addresses).build();
    }

    public void setToken(String token) {
        this.token = token;
    }

    /** Called (on a pump thread) after each line the agent prints: something may have changed. */
    public void onOutput(Runnable listener) {
        this.outputListener = listener;
    }

    /** Called (on a pump thread) when the process exits in a state where that is a crash. */
    public void onCrash(Consumer<Agent> listener) {
        this.crashListener = listener;
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

    public String datacenter() {
        return config.datacenter();
    }

    public AgentConfig config() {
        return config;
    }

    public ConsulBinary binary() {
        return binary;
    }

    public AgentPorts ports() {
        return resources.ports();
    }

    public AgentState state() {
        if (host != null && state != AgentState.CLOSED) {
            return isFrozen() ? AgentState.FROZEN : isRunning() ? AgentState.RUNNING : AgentState.STOPPED;
        }
        return state;
    }

    /** The API address: {@code http://127.0.0.1:<http>}, or {@code https://127.0.0.1:<https>} with TLS. */
    public URI httpAddress() {
        AgentPorts p = resources.ports();
        return config.tls().isPresent()
                ? URI.create("https://" + hostFor(config.clientAddress()) + ":" + p.https())
                : URI.create("http://" + hostFor(config.clientAddress()) + ":" + p.http());
    }

    public InetSocketAddress dnsAddress() {
        return new InetSocketAddress(hostFor(config.clientAddress()), resources.ports().dns());
    }

    public String serfLanAddress() {
        return config.advertiseAddress() + ":" + resources.ports().serfLan();
    }

    public String serfWanAddress() {
        return config.advertiseAddress() + ":" + resources.ports().serfWan();
    }

    public String serverAddress() {
        return config.advertiseAddress() + ":" + resources.ports().server();
    }

    public Path dataDir() {
        return resources.dataDir();
    }

    /** The OS pid of the running agent, or -1 when it is not running. */
    public long pid() {
        if (host != null) {
            return host.pid(node());
        }
        ManagedProcess p = process;
        return p != null && p.isAlive() ? p.pid() : -1;
    }

    public boolean isRunning() {
        if (host != null) {
            return host.pid(node()) > 0;
        }
        ManagedProcess p = process;
        return p != null && p.isAlive();
    }

    public boolean isFrozen() {
        if (host != null) {
            return host.isFrozen(node());
        }
        return state == AgentState.FROZEN;
    }

    public boolean isClosed() {
        return state == AgentState.CLOSED;
    }

    public Optional<String> aclToken() {
        return Optional.ofNullable(token);
    }

    /** The HTTP transport for this agent; with TLS it trusts the CA and presents the agent's certificate. */
    public HttpTransport httpClient() {
        return config.tls().map(t -> HttpClients.mutualTls(t.caFile(), t.clientCertFile(), t.clientKeyFile()))
                .orElse(HttpClients.agents());
    }

    /** This agent's HTTP API, with the library's ACL token if any. */
    public ConsulApi api() {
        return new ConsulApi(httpAddress(), token, httpClient());
    }

    /** The same API with short timeouts, for polling. */
    public ConsulApi probe() {
        return new ConsulApi(httpAddress(), token, HttpClients.probes(httpClient()));
    }

    /** The newest {@code max} lines the agent printed, across restarts. */
    public List<String> recentLog(int max) {
        return log.last(max);
    }

    /**
     * Starts the process (again) with this agent's config, data dir and ports, and waits until
     * its HTTP API answers. Retries with new ports if a chosen port was taken in the meantime.
     */
    public void launch() {
        if (host != null) {
            host.apply("start", node());
            return;
        }
        synchronized (lifecycle) {
            if (state == AgentState.CLOSED) {
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
                    if (!portTaken || resources.fixedPorts() || attempt >= BIND_ATTEMPTS) {
                        if (portTaken && resources.fixedPorts()) {
                            throw new AgentStartException(node(), "could not bind its fixed ports " + ports()
                                    + ": one is in use by another process; choose other ports or leave them out",
                                    e.exitCode(), e.lastLines(), dataDir(), e);
                        }
                        throw e;
                    }
                    LOG.info("Node {}: a port of {} was taken before consul could bind it; retrying with new ports",
                            node(), ports());
                    resources.reserveFreshPorts();
                }
            }
        }
    }

    private void launchOnce() {
        if (!config.devMode()) {
            KeyringGuard.check(node(), dataDir(), config.encryptKey());
        }
        List<String> command = AgentCommandLine.render(binary.executable(), config, dataDir(), ports(),
                resources.configFile(), resources.pidFile());
        ManagedProcess started;
        state = AgentState.LAUNCHING;
        try {
            AgentConfigFile.write(config, ports(), resources.configFile());
            started = ManagedProcess.start(ManagedProcess.Spec.of("consul-" + node(), command, resources.folder(),
                    new AgentOutput(node(), log, this::printed)));
        } catch (IOException e) {
            state = AgentState.STOPPED;
            throw new AgentStartException(node(), "could not be started: " + e.getMessage(), -1,
                    log.last(QUOTED_LINES), dataDir(), e);
        }
        process = started;
        LOG.debug("Started {} ({}) pid {}: {}", node(), role().label(), started.pid(), String.join(" ", command));
        started.exit().thenAccept(code -> exited(started, code));
        try {
            awaitHttp(started);
            state = AgentState.RUNNING;
        } catch (RuntimeException e) {
            // A process that failed to start is reported by the exception, not to the supervisor.
            process = null;
            state = AgentState.STOPPED;
            throw e;
        }
    }

    private void printed() {
        output.signal();
        outputListener.run();
    }

    /** Polls until the API answers, and at once when the agent prints something (such as that its HTTP server started). */
    private void awaitHttp(ManagedProcess started) {
        try {
            Poll.until(config.startTimeout(), Duration.ofMillis(25), output, () -> {
                if (!acceptsConnections()) {
                    return Poll.Check.notYet("nothing listens on " + httpAddress() + " yet");
                }
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
                    log.last(QUOTED_LINES), dataDir(), null))
                    : Optional.empty());
        } catch (Poll.TimeoutException e) {
            stopProcess(started, false);
            throw new AgentStartException(node(), "did not answer HTTP on " + httpAddress() + " within "
                    + Durations.format(config.startTimeout()) + ": " + e.lastReason(), -1, log.last(QUOTED_LINES), dataDir(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopProcess(started, false);
            throw new AgentStartException(node(), "start was interrupted", -1, log.last(QUOTED_LINES), dataDir(), e);
        }
    }

    /**
     * Whether the agent's API port accepts a TCP connection. Checked before each HTTP request
     * while the agent starts: a refused plain connect is cheap, whereas every refused
     * {@code HttpURLConnection} builds its exception again by reflection, work that would compete
     * with the starting agents for the CPU.
     */
    private boolean acceptsConnections() {
        URI api = httpAddress();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(api.getHost(), api.getPort()), CONNECT_CHECK_MILLIS);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /** Waits until this agent reports a non-empty leader; returns the leader's server address. */
    public String awaitLeader(Duration timeout) {
        try {
            return Poll.until(timeout, Duration.ofMillis(25), output, () -> {
                String leader = probe().leader();
                return leader.isEmpty() ? Poll.Check.notYet("no leader yet") : Poll.Check.done(leader);
            }, () -> isRunning() ? Optional.empty() : Optional.of(new AgentStartException(node(),
                    "exited while waiting for a leader", exitCodeOrMinusOne(), log.last(QUOTED_LINES), dataDir(), null)));
        } catch (Poll.TimeoutException e) {
            throw new AgentStartException(node(), "reported no leader within " + Durations.format(timeout)
                    + ": " + e.lastReason(), -1, log.last(QUOTED_LINES), dataDir(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConsulEmbeddedException("interrupted while waiting for a leader on " + node(), e);
        }
    }

    private int exitCodeOrMinusOne() {
        ManagedProcess p = process;
        return p != null && p.exit().isDone() ? p.exit().join() : -1;
    }

    private void exited(ManagedProcess which, int code) {
        if (which != process) {
            return;
        }
        AgentState was = state;
        if (was != AgentState.CLOSED && was != AgentState.LAUNCHING) {
            state = AgentState.STOPPED;
        }
        if (!was.exitIsCrash()) {
            LOG.debug("Node {} pid {} stopped with code {}", node(), which.pid(), code);
            return;
        }
        if (was == AgentState.KILLING) {
            LOG.info("Consul agent {} (pid {}) was killed on request (code {})", node(), which.pid(), code);
        } else {
            LOG.warn("Consul agent {} (pid {}) exited unexpectedly with code {}", node(), which.pid(), code);
        }
        Consumer<Agent> listener = crashListener;
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

    /** Makes the agent leave the cluster for good ({@code /v1/agent/leave}), then stops it. */
    public void leave() {
        stop(true);
    }

    private void stop(boolean leave) {
        if (host != null) {
            host.apply(leave ? "leave" : "stop", node());
            return;
        }
        synchronized (lifecycle) {
            ManagedProcess p = process;
            if (p == null || !p.isAlive()) {
                return;
            }
            stopProcess(p, leave);
        }
    }

    private void stopProcess(ManagedProcess p, boolean leave) {
        boolean frozen = state == AgentState.FROZEN;
        state = AgentState.STOPPING;
        if (frozen) {
            Signals.send(p.pid(), "CONT");
        }
        long timeout = config.stopTimeout().toMillis();
        try {
            if (leave) {
                try {
                    api().put("/v1/agent/leave", null);
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
                p.awaitExit(KILL_WAIT_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.kill();
        }
    }

    /** Sends SIGKILL, as a crash would, and waits until the process is gone. */
    public void kill() {
        if (host != null) {
            host.apply("kill", node());
            return;
        }
        ManagedProcess p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        // Still a crash for the supervisor, but not worth a warning in the log: the caller asked for it.
        state = AgentState.KILLING;
        p.kill();
        try {
            p.awaitExit(KILL_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGSTOP: the agent stays alive but silent, like a long GC pause or a partitioned host. */
    public void freeze() {
        if (host != null) {
            host.apply("freeze", node());
            return;
        }
        synchronized (lifecycle) {
            ManagedProcess p = process;
            if (p == null || !p.isAlive() || state != AgentState.RUNNING) {
                throw new IllegalStateException("cannot freeze " + node() + ": it is " + describeState());
            }
            Signals.send(p.pid(), "STOP");
            state = AgentState.FROZEN;
        }
    }

    /** SIGCONT: a frozen agent carries on where it stopped. */
    public void thaw() {
        if (host != null) {
            host.apply("thaw", node());
            return;
        }
        synchronized (lifecycle) {
            ManagedProcess p = process;
            if (state != AgentState.FROZEN || p == null) {
                return;
            }
            Signals.send(p.pid(), "CONT");
            state = AgentState.RUNNING;
        }
    }

    private String describeState() {
        return state.name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Stops the agent if it runs (without leaving) and starts it again with the same data dir,
     * node id and ports, so that it rejoins as the same node. Returns once HTTP answers.
     */
    public void restart() {
        if (host != null) {
            host.apply("restart", node());
            return;
        }
        synchronized (lifecycle) {
            stop(false);
            launch();
        }
    }

    /** Stops the agent (clients leave, servers do not), frees its ports and removes temporary files. */
    @Override
    public void close() {
        close(true);
    }

    /**
     * Closes the agent; {@code graceful} makes a client leave and a server stop with SIGTERM, while
     * without it the process is killed at once (for a cluster whose data is deleted anyway).
     */
    public void close(boolean graceful) {
        close(graceful, null);
    }

    /** Like {@link #close(boolean)}; a temporary data dir is moved to {@code keepDataIn/<node>} if that is given. */
    public void close(boolean graceful, Path keepDataIn) {
        synchronized (lifecycle) {
            if (state == AgentState.CLOSED) {
                return;
            }
            if (host != null) {
                // Closing one agent of a hosted cluster removes it there (a removed client).
                state = AgentState.CLOSED;
                host.apply("remove", node());
                return;
            }
            try {
                if (graceful) {
                    stop(role() == AgentRole.CLIENT);
                } else {
                    killForClose();
                }
            } finally {
                state = AgentState.CLOSED;
                if (keepDataIn != null) {
                    resources.keepDataDir(keepDataIn.resolve(node()));
                }
                resources.close();
            }
        }
    }

    private void killForClose() {
        ManagedProcess p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        state = AgentState.STOPPING;
        p.kill();
        try {
            p.awaitExit(KILL_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String hostFor(String address) {
        return "0.0.0.0".equals(address) ? "127.0.0.1" : address;
    }

    @Override
    public String toString() {
        return "Agent{" + node() + " " + role().label() + ", pid " + pid() + ", " + state + "}";
    }
}
