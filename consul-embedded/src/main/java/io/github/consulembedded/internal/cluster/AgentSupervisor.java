package io.github.consulembedded.internal.cluster;

import io.github.consulembedded.ClusterEvent;
import io.github.consulembedded.internal.agent.Agent;
import io.github.consulembedded.ConsulEmbeddedException;
import io.github.consulembedded.ConsulMember;

import io.github.consulembedded.internal.process.JvmShutdown;
import io.github.consulembedded.internal.util.Poll;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Restarts agents of a cluster that exit without being asked to, with the same data dir, node
 * id and ports, backing off between attempts and giving up after {@link #MAX_RESTARTS} restarts
 * within {@link #WINDOW}. A restart counts as recovered only once the agent is a live member
 * again; after a server recovers, clients that lost every server are joined to it.
 */
final class AgentSupervisor implements AutoCloseable {
    static final int MAX_RESTARTS = 5;
    static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    /**
     * A crashed server comes back only after raft had time to notice, as under an orchestrator:
     * otherwise a killed leader returns within ~0.1 s, before its followers time out, and quietly
     * leads again instead of the cluster electing another server.
     */
    private static final Duration FIRST_SERVER_BACKOFF = Duration.ofSeconds(3);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final Duration RECOVERY_TIMEOUT = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(AgentSupervisor.class);

    private final Cluster cluster;
    private final Map<String, Deque<Instant>> restarts = new HashMap<>();
    private final Set<Agent> recovering = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService executor;
    private volatile boolean closed;

    AgentSupervisor(Cluster cluster) {
        this.cluster = cluster;
        // Several threads, so that one agent's slow recovery does not hold up another's restart.
        this.executor = Executors.newScheduledThreadPool(4, r -> {
            Thread t = new Thread(r, "consul-embedded-supervisor");
            t.setDaemon(true);
            return t;
        });
    }

    void watch(Agent agent) {
        agent.onCrash(this::exited);
    }

    private void exited(Agent agent) {
        if (closed || JvmShutdown.isShuttingDown()) {
            return;
        }
        recovering.add(agent);
        emit(ClusterEvent.Type.AGENT_EXITED, agent, "");
        schedule(agent);
    }

    /** Agents that crashed and are being brought back (not yet live members again, not given up on). */
    Set<Agent> recovering() {
        return Set.copyOf(recovering);
    }

    private synchronized void schedule(Agent agent) {
        if (closed) {
            return;
        }
        Deque<Instant> recent = restarts.computeIfAbsent(agent.node(), n -> new ArrayDeque<>());
        Instant now = Instant.now();
        while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(WINDOW))) {
            recent.removeFirst();
        }
        if (recent.size() >= MAX_RESTARTS) {
            recovering.remove(agent);
            emit(ClusterEvent.Type.SUPERVISION_GAVE_UP, agent, recent.size() + " restarts within "
                    + WINDOW.toSeconds() + " s; the agent stays down until restarted by hand");
            return;
        }
        recent.addLast(now);
        int attempt = recent.size();
        long first = (agent.isServer() ? FIRST_SERVER_BACKOFF : FIRST_BACKOFF).toMillis();
        long delay = Math.min(Math.max(MAX_BACKOFF.toMillis(), first), first << (attempt - 1));
        executor.schedule(() -> restart(agent, attempt), delay, TimeUnit.MILLISECONDS);
    }

    private void restart(Agent agent, int attempt) {
        if (closed || agent.isClosed() || JvmShutdown.isShuttingDown() || agent.isRunning() || agent.isFrozen()) {
            recovering.remove(agent);
            return;
        }
        emit(ClusterEvent.Type.AGENT_RESTARTING, agent, "attempt " + attempt);
        try {
            agent.launch();
        } catch (RuntimeException e) {
            if (closed || agent.isClosed()) {
                return;
            }
            emit(ClusterEvent.Type.AGENT_RESTART_FAILED, agent, firstLine(e.getMessage()));
            schedule(agent);
            return;
        }
        try {
            awaitAliveMember(agent);
            recovering.remove(agent);
            emit(ClusterEvent.Type.AGENT_RECOVERED, agent, "pid " + agent.pid());
            if (agent.isServer()) {
                rejoinLostClients(agent);
            }
        } catch (Poll.TimeoutException e) {
            recovering.remove(agent);
            emit(ClusterEvent.Type.AGENT_RESTART_FAILED, agent, "running but not a live member after "
                    + RECOVERY_TIMEOUT.toSeconds() + " s: " + e.lastReason());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitAliveMember(Agent agent) throws Poll.TimeoutException, InterruptedException {
        Poll.until(RECOVERY_TIMEOUT, Duration.ofMillis(100), () -> {
            for (Agent other : cluster.agents().inDatacenter(agent.datacenter())) {
                if (other != agent && other.isRunning() && !other.isFrozen() && other.isServer()) {
                    boolean alive = other.probe().members().stream()
                            .anyMatch(m -> m.name().equals(agent.node()) && m.isAlive());
                    return alive ? Poll.Check.done(true)
                            : Poll.Check.notYet(other.node() + " does not see " + agent.node() + " alive");
                }
            }
            // No other server runs to vouch for it: the agent counts as back once it runs and answers HTTP.
            return agent.isRunning() ? Poll.Check.done(true) : Poll.Check.notYet("not running");
        }, () -> closed ? Optional.of(new IllegalStateException("cluster closed")) : Optional.empty());
    }

    private void rejoinLostClients(Agent server) {
        List<ConsulMember> seen;
        try {
            seen = server.api().members();
        } catch (ConsulEmbeddedException e) {
            return;
        }
        for (Agent client : cluster.agents().clients()) {
            if (!client.datacenter().equals(server.datacenter()) || !client.isRunning() || client.isFrozen()) {
                continue;
            }
            boolean alive = seen.stream().anyMatch(m -> m.name().equals(client.node()) && m.isAlive());
            if (!alive) {
                try {
                    client.api().put("/v1/agent/join/" + server.serfLanAddress(), null);
                    emit(ClusterEvent.Type.CLIENT_REJOINED, client, "joined " + server.node() + " at " + server.serfLanAddress());
                } catch (ConsulEmbeddedException e) {
                    LOG.warn("Could not rejoin client {} to {}: {}", client.node(), server.node(), e.getMessage());
                }
            }
        }
    }

    private void emit(ClusterEvent.Type type, Agent agent, String detail) {
        cluster.events().emit(type, agent, detail);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    @Override
    public void close() {
        closed = true;
        executor.shutdownNow();
    }
}
