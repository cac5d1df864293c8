package io.github.consulembedded.internal.reuse;

import io.github.consulembedded.ClusterSpec;
import io.github.consulembedded.ConsulAgent;
import io.github.consulembedded.ConsulCluster;
import io.github.consulembedded.internal.json.Json;
import io.github.consulembedded.internal.json.JsonNode;
import io.github.consulembedded.internal.process.JvmShutdown;
import io.github.consulembedded.internal.util.Durations;
import io.github.consulembedded.internal.util.Parallel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keeper of a reused cluster: a small JVM of its own that starts the cluster of its entry's
 * request in its own work-area session (so its own watchdog, not the test JVM's, ends the agents
 * if it dies), publishes the cluster's {@link KeeperState}, applies the faults attached runs ask
 * for, and stops the cluster and removes the entry when no run was attached for the idle timeout
 * or when a stop is requested (a {@code stop} file, or SIGTERM).
 *
 * <p>Argument: the entry folder.
 */
public final class KeeperMain {
    private static final Logger LOG = LoggerFactory.getLogger(KeeperMain.class);
    /** The request that readies the cluster for a run that attaches. */
    static final String PREPARE = "prepare";
    private static final long POLL_MILLIS = 20;
    private static final long CHECK_MILLIS = 200;
    /** A healthy cluster is ready at the first look; one a previous run left in trouble gets this long to recover. */
    private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration FIRST_LOOK = Duration.ofMillis(1);

    private final ReuseEntry entry;
    private final ConsulCluster cluster;
    private final Duration idleTimeout;
    private KeeperState state;

    private KeeperMain(ReuseEntry entry, ConsulCluster cluster, Duration idleTimeout, KeeperState state) {
        this.entry = entry;
        this.cluster = cluster;
        this.idleTimeout = idleTimeout;
        this.state = state;
    }

    public static void main(String[] args) throws Exception {
        ReuseEntry entry = new ReuseEntry(Path.of(args[0]));
        entry.claimAsKeeper();
        JsonNode request = Json.read(entry.read(entry.requestFile()).orElseThrow());
        Duration idleTimeout = Duration.ofMillis(request.path("idleTimeoutMillis").asLong());
        long pid = ProcessHandle.current().pid();
        KeeperState state = new KeeperState(KeeperState.STARTING, pid, System.currentTimeMillis(), 0, 0,
                idleTimeout.toMillis(), "", null, null, null, null, List.of());
        entry.writeState(state);
        ConsulCluster cluster;
        try {
            ClusterSpec spec = SpecCodec.decode(request.path("spec"));
            String key = SpecKey.of(spec, spec.binary().orElseThrow());
            if (!key.equals(request.path("key").asText())) {
                throw new IllegalStateException("the spec read back differs from the one asked for (a field the "
                        + "reuse codec does not know?): asked " + request.path("key").asText() + ", read " + key);
            }
            cluster = ConsulCluster.start(spec);
        } catch (RuntimeException e) {
            LOG.error("The reused Consul cluster did not start", e);
            entry.writeState(new KeeperState(KeeperState.FAILED, pid, state.startedAtMillis(), 0, 0, idleTimeout.toMillis(),
                    "", null, null, null, String.valueOf(e.getMessage()), List.of()));
            System.exit(1);
            return;
        }
        // SIGTERM: the library's shutdown hook closes the cluster, then the entry goes.
        JvmShutdown.afterAll(entry::delete);
        state = new KeeperState(KeeperState.READY, pid, state.startedAtMillis(), System.currentTimeMillis(), 0,
                idleTimeout.toMillis(), cluster.spec().describe(), cluster.gossipKey().orElse(null),
                cluster.aclMasterToken().orElse(null),
                cluster.tls().map(t -> t.caFile().getParent().getParent().toString()).orElse(null), null, List.of());
        KeeperMain keeper = new KeeperMain(entry, cluster, idleTimeout, state);
        keeper.publish();
        LOG.info("Keeping the reused Consul cluster {} ({}) until {} idle", entry.id(), state.description(),
                Durations.format(idleTimeout));
        int code = 0;
        try {
            keeper.stop(keeper.serve());
        } catch (Throwable e) {
            // Whatever broke (classes removed by a clean build, say), the keeper must not linger:
            // exiting runs the shutdown hook that closes the cluster, and the watchdog ends the rest.
            LOG.error("The keeper of the reused Consul cluster {} failed; stopping it", entry.id(), e);
            code = 1;
        }
        System.exit(code);
    }

    /** Serves requests until the cluster is to stop; returns why. */
    private String serve() throws InterruptedException {
        long nextCheck = 0;
        try (RequestWatch watch = RequestWatch.on(entry.commands())) {
            while (true) {
                for (KeeperChannel.Request request : KeeperChannel.take(entry)) {
                    handle(request);
                }
                if (Files.exists(entry.stopFile())) {
                    return "a stop was requested";
                }
                if (!entry.exists()) {
                    return "its entry was removed";
                }
                long now = System.currentTimeMillis();
                if (now >= nextCheck) {
                    nextCheck = now + CHECK_MILLIS;
                    publish();
                    Optional<String> idle = checkIdle(now);
                    if (idle.isPresent()) {
                        return idle.get();
                    }
                }
                watch.await(POLL_MILLIS);
            }
        }
    }

    /** Takes the lock to see whether a run is attached; keeps it (so that none can attach) when it is time to stop. */
    private Optional<String> checkIdle(long now) {
        Optional<ReuseLock> lock = ReuseLock.acquire(entry.lockFile(), Duration.ZERO);
        if (lock.isEmpty()) {
            if (state.idleSinceMillis() != 0) {
                state = state.withIdleSince(0);
                entry.writeState(state);
            }
            return Optional.empty();
        }
        if (state.idleSinceMillis() == 0) {
            state = state.withIdleSince(now);
            entry.writeState(state);
            // A run that died attached left its mark; the free lock says it is gone.
            entry.attachedFile().toFile().delete();
        }
        if (now - state.idleSinceMillis() >= idleTimeout.toMillis()) {
            // The lock stays held until the process exits: no run may attach to a cluster that is stopping.
            return Optional.of("it was idle for " + Durations.format(idleTimeout));
        }
        lock.get().close();
        return Optional.empty();
    }

    private void handle(KeeperChannel.Request request) {
        try {
            String value = null;
            switch (request.operation()) {
                case "kill" -> cluster.kill(cluster.agent(request.node()));
                case "stop" -> cluster.stop(cluster.agent(request.node()));
                case "restart", "start" -> cluster.restart(cluster.agent(request.node()));
                case "freeze" -> cluster.freeze(cluster.agent(request.node()));
                case "thaw" -> cluster.thaw(cluster.agent(request.node()));
                case "remove" -> cluster.removeClient(cluster.agent(request.node()));
                case "add-client" -> value = cluster.addClient().node();
                case PREPARE -> prepare();
                default -> throw new IllegalArgumentException("unknown operation '" + request.operation() + "'");
            }
            publish();
            KeeperChannel.answer(entry, request, value);
        } catch (RuntimeException e) {
            LOG.warn("{} {} failed", request.operation(), request.node(), e);
            publish();
            KeeperChannel.fail(entry, request, String.valueOf(e.getMessage()));
        }
    }

    /**
     * Readies the cluster for a run that attaches: thaws the agents a previous run left frozen,
     * starts those it left stopped, and resets the cluster once it is ready. A healthy cluster
     * (the usual case) is ready at the first look, which goes alongside the reset; one that a
     * previous run left in trouble gets time to recover, then is reset again.
     */
    private void prepare() {
        long began = System.nanoTime();
        for (ConsulAgent agent : cluster.agents()) {
            if (agent.isFrozen()) {
                cluster.thaw(agent);
            } else if (!agent.isRunning()) {
                cluster.restart(agent);
            }
        }
        try {
            Parallel.run(List.of(() -> cluster.awaitReady(FIRST_LOOK), cluster::reset));
        } catch (RuntimeException notReadyAtOnce) {
            LOG.info("The reused cluster was not ready at once ({}); waiting up to {} for it, then resetting it again",
                    String.valueOf(notReadyAtOnce.getMessage()).lines().findFirst().orElse(""), Durations.format(HEALTH_TIMEOUT));
            cluster.awaitReady(HEALTH_TIMEOUT);
            cluster.reset();
        }
        LOG.info("Prepared the cluster for a run in {} ms", (System.nanoTime() - began) / 1_000_000);
    }

    /** Writes the agents' current pids and states when they changed (after restarts by the supervisor, say). */
    private void publish() {
        List<KeeperState.Node> nodes = new ArrayList<>();
        for (ConsulAgent agent : cluster.agents()) {
            nodes.add(new KeeperState.Node(agent.node(), agent.role(), agent.pid(), agent.isFrozen(), agent.ports(),
                    agent.dataDir().toString()));
        }
        if (!nodes.equals(state.agents()) || !entry.stateFile().toFile().exists()) {
            state = state.withAgents(nodes);
            if (entry.exists()) {
                entry.writeState(state);
            }
        }
    }

    private void stop(String reason) {
        LOG.info("Stopping the reused Consul cluster {}: {}", entry.id(), reason);
        if (entry.exists()) {
            entry.writeState(state.withPhase(KeeperState.STOPPING));
        }
        try {
            cluster.close();
        } finally {
            entry.delete();
        }
    }
}
