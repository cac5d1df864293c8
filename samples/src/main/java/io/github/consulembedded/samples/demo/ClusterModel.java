package io.github.consulembedded.samples.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.consulembedded.ClusterEvent;
import io.github.consulembedded.ConsulMember;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The demo's state, without any Swing: it follows a cluster through Consul's HTTP API and
 * publishes an immutable {@link ClusterSnapshot} to its listeners whenever something changes.
 * Services, health and KV come from blocking queries ({@code ?index=}, answered as soon as the
 * data changes) to the primary datacenter; each datacenter's leader, raft peers and members, and
 * the pids, from a cheap poll of agent-local endpoints, because Consul 1.4 has no blocking query
 * for them; restarts from supervisor events.
 */
public final class ClusterModel implements AutoCloseable {
    /** How often the leader, peers, members and pids are polled by default. */
    public static final Duration DEFAULT_POLL = Duration.ofMillis(250);
    /** How long one blocking query may wait on the server by default. */
    public static final Duration DEFAULT_BLOCKING_WAIT = Duration.ofSeconds(5);
    private static final int MAX_EVENTS = 60;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final ClusterControl control;
    private final Duration pollEvery;
    private final Duration blockingWait;
    private final List<Consumer<ClusterSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private final AgentReader reader = new AgentReader();
    private final Object wake = new Object();
    private final List<Thread> watchers = new ArrayList<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-model-poll");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean closed;

    // Everything below is guarded by "this".
    private List<AgentHandle> handles = List.of();
    private List<String> datacenters = List.of();
    // By datacenter: each has its own raft cluster and LAN gossip pool.
    private final Map<String, String> leaders = new HashMap<>();
    private final Map<String, String> lastLeaders = new HashMap<>();
    private final Map<String, Long> leaderLostAt = new HashMap<>();
    private final Map<String, List<String>> peers = new HashMap<>();
    private final Map<String, Map<String, ConsulMember>> members = new HashMap<>();
    private final Set<String> restarting = new HashSet<>();
    private List<String> kvKeys = List.of();
    private Map<String, List<String[]>> instances = Map.of();
    private List<String[]> checks = List.of();
    private final Deque<String> events = new ArrayDeque<>();
    private final Map<String, AgentStatus> lastStatus = new HashMap<>();
    private ClusterSnapshot current = ClusterSnapshot.EMPTY;

    public ClusterModel(ClusterControl control) {
        this(control, DEFAULT_POLL, DEFAULT_BLOCKING_WAIT);
    }

    /** A model polling every {@code pollEvery} and letting blocking queries wait up to {@code blockingWait}. */
    public ClusterModel(ClusterControl control, Duration pollEvery, Duration blockingWait) {
        this.control = control;
        this.pollEvery = pollEvery;
        this.blockingWait = blockingWait;
    }

    /** Starts following the cluster: one poll right away, then the poll loop and the blocking queries. */
    public synchronized void start() {
        control.onEvent(this::supervisorEvent);
        pollOnce();
        poller.scheduleWithFixedDelay(this::pollQuietly, pollEvery.toMillis(), pollEvery.toMillis(), TimeUnit.MILLISECONDS);
        watch("demo-watch-catalog", "/v1/catalog/services", Map.of(), this::catalogChanged);
        watch("demo-watch-health", "/v1/health/state/any", Map.of(), this::healthChanged);
        watch("demo-watch-kv", "/v1/kv/", Map.of("keys", ""), this::kvChanged);
    }

    public ClusterControl control() {
        return control;
    }

    /** The newest snapshot. */
    public synchronized ClusterSnapshot snapshot() {
        return current;
    }

    /** Receives every new snapshot, on a model thread: return quickly (Swing views hand it to the EDT). */
    public void addListener(Consumer<ClusterSnapshot> listener) {
        listeners.add(listener);
    }

    /**
     * Waits until a snapshot satisfies {@code condition} and returns it.
     *
     * @throws IllegalStateException if none does within {@code timeout}, naming the last snapshot
     */
    public synchronized ClusterSnapshot await(Predicate<ClusterSnapshot> condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.test(current)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("no snapshot satisfied the condition within " + timeout.toMillis()
                        + " ms; the last was " + current);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return current;
    }

    /** Adds a line to the snapshot's events (the demo's actions, for example). */
    public void note(String event) {
        synchronized (this) {
            addEvent(event);
        }
        publish();
    }

    /** Polls right away instead of at the next tick (after an action). */
    public void refreshNow() {
        if (!closed) {
            poller.execute(this::pollQuietly);
        }
    }

    // ---------------------------------------------------------------- poll: leaders, peers, members, pids

    private void pollQuietly() {
        try {
            pollOnce();
        } catch (RuntimeException e) {
            note("poll failed: " + e.getMessage());
        }
    }

    private void pollOnce() {
        if (closed) {
            return;
        }
        List<AgentHandle> agents = control.agents();
        List<String> names = control.datacenters();
        Map<String, DatacenterPoll> polls = new LinkedHashMap<>();
        for (String dc : names) {
            try {
                polls.put(dc, pollDatacenter(agents.stream().filter(a -> a.datacenter().equals(dc)).toList()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // closing
                return;
            }
        }
        synchronized (this) {
            handles = agents;
            datacenters = names;
            polls.forEach((dc, poll) -> {
                leaders.put(dc, poll.leader());
                if (poll.members() != null) {
                    members.put(dc, poll.members());
                }
                if (poll.peers() != null) {
                    peers.put(dc, poll.peers());
                }
                noteLeaderChange(dc, names.size() > 1);
            });
        }
        publish();
    }

    /**
     * What one poll round learned of a datacenter.
     *
     * @param leader the leader's node, or "" for none
     * @param members the LAN members, or {@code null} when no agent answered
     * @param peers the raft peers, or {@code null} when no server answered
     */
    private record DatacenterPoll(String leader, Map<String, ConsulMember> members, List<String> peers) {
    }

    /** Asks the running servers of one datacenter for its leader, and one of its agents for members and peers. */
    private DatacenterPoll pollDatacenter(List<AgentHandle> agents) throws InterruptedException {
        Map<String, Integer> votes = new LinkedHashMap<>();
        List<AgentHandle> claimants = new ArrayList<>();
        for (AgentHandle server : agents) {
            if (server.server() && server.running()) {
                try {
                    String address = reader.leader(server);
                    if (!address.isEmpty()) {
                        votes.merge(address, 1, Integer::sum);
                        if (address.equals(server.serverAddress())) {
                            claimants.add(server);
                        }
                    }
                } catch (IOException e) {
                    // Not answering (yet): it has no say.
                }
            }
        }
        // Followers keep naming a dead leader until their heartbeat times out, and a restarted old
        // leader has the same address: only a server that says it is the leader itself counts.
        String leaderNode = claimants.stream().max(Comparator.comparing(c -> votes.getOrDefault(c.serverAddress(), 0)))
                .map(AgentHandle::node).orElse("");
        List<AgentHandle> sources = new ArrayList<>();
        agents.stream().filter(a -> a.node().equals(leaderNode)).forEach(sources::add);
        agents.stream().filter(a -> a.server() && a.running() && !a.node().equals(leaderNode)).forEach(sources::add);
        agents.stream().filter(a -> !a.server() && a.running()).forEach(sources::add);
        for (AgentHandle source : sources) {
            try {
                Map<String, ConsulMember> seen = new LinkedHashMap<>();
                reader.members(source).forEach(m -> seen.put(m.name(), m));
                return new DatacenterPoll(leaderNode, seen, source.server() ? reader.peers(source) : null);
            } catch (IOException e) {
                // Try the next agent.
            }
        }
        return new DatacenterPoll(leaderNode, null, null);
    }

    /** Notes a change of {@code dc}'s leader; the datacenter is named only when there are several. */
    private void noteLeaderChange(String dc, boolean federated) {
        String leader = leaders.getOrDefault(dc, "");
        String lastLeader = lastLeaders.getOrDefault(dc, "");
        if (leader.equals(lastLeader)) {
            return;
        }
        String where = federated ? dc + ": " : "";
        if (leader.isEmpty()) {
            addEvent(where + "leader " + lastLeader + " lost; waiting for an election");
            leaderLostAt.put(dc, System.nanoTime());
        } else if (leaderLostAt.containsKey(dc)) {
            addEvent(where + leader + " elected leader (" + (System.nanoTime() - leaderLostAt.remove(dc)) / 1_000_000
                    + " ms without one)");
        } else {
            addEvent(where + leader + " is the leader");
        }
        lastLeaders.put(dc, leader);
    }

    private void supervisorEvent(ClusterEvent event) {
        synchronized (this) {
            switch (event.type()) {
                case AGENT_RESTARTING, AGENT_RESTART_FAILED -> restarting.add(event.node());
                case AGENT_RECOVERED, SUPERVISION_GAVE_UP -> restarting.remove(event.node());
                default -> { }
            }
            addEvent(event.toString());
            // The supervisor may already have a new process; take its pid now rather than at the next tick.
            handles = control.agents();
        }
        publish();
    }

    // ---------------------------------------------------------------- blocking queries

    private void watch(String threadName, String path, Map<String, String> params, JsonHandler onChange) {
        Thread t = new Thread(() -> watchLoop(path, params, onChange), threadName);
        t.setDaemon(true);
        watchers.add(t);
        t.start();
    }

    private void watchLoop(String path, Map<String, String> params, JsonHandler onChange) {
        long index = 0;
        String sticky = "";
        String avoid = "";
        while (!closed) {
            Optional<AgentHandle> agent = pickQueryAgent(sticky, avoid);
            if (agent.isEmpty()) {
                pause();
                continue;
            }
            if (!agent.get().node().equals(sticky)) {
                index = 0;
                sticky = agent.get().node();
            }
            try {
                long before = index;
                AgentReader.Answer answer = blockingGet(agent.get(), path, params, index);
                // Consul's rules: start over if the index goes backwards, and never block on 0 in a loop.
                index = answer.index() < before ? 0 : Math.max(1, answer.index());
                if (before == 0 || answer.index() != before) {
                    onChange.accept(answer.body());
                    publish();
                }
                avoid = "";
            } catch (InterruptedException e) {
                return; // close() interrupts the watchers, which also cancels their calls in flight
            } catch (IOException | RuntimeException e) {
                if (closed) {
                    return;
                }
                avoid = sticky;
                sticky = "";
                index = 0;
                pause();
            }
        }
    }

    /**
     * The agent to ask, of the primary datacenter (whose catalog and KV the demo shows): the one
     * asked before while it runs, else a running client, else a running server.
     */
    private Optional<AgentHandle> pickQueryAgent(String sticky, String avoid) {
        String primary = control.datacenters().get(0);
        List<AgentHandle> running = control.agents().stream()
                .filter(a -> a.running() && a.datacenter().equals(primary)).toList();
        Optional<AgentHandle> same = running.stream().filter(a -> a.node().equals(sticky)).findFirst();
        if (same.isPresent()) {
            return same;
        }
        return running.stream().filter(a -> !a.node().equals(avoid))
                .min(Comparator.comparing(AgentHandle::server))
                .or(() -> running.stream().findFirst());
    }

    /** What a watcher does with a changed answer; it may read more, as the catalog's does. */
    @FunctionalInterface
    private interface JsonHandler {
        void accept(JsonNode answer) throws IOException, InterruptedException;
    }

    private AgentReader.Answer blockingGet(AgentHandle agent, String path, Map<String, String> params, long index)
            throws IOException, InterruptedException {
        Map<String, String> query = new LinkedHashMap<>(params);
        // Stale reads are served by any server without the leader, so the demo keeps updating during an election.
        query.put("stale", "");
        query.put("index", Long.toString(index));
        query.put("wait", blockingWait.toSeconds() + "s");
        // Consul adds up to wait/16 of jitter; the call's timeout must outlast the wait.
        return reader.blocking(agent, path, query, blockingWait.plusSeconds(10));
    }

    private void catalogChanged(JsonNode services) throws IOException, InterruptedException {
        Map<String, List<String[]>> byName = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(names::add);
        Optional<AgentHandle> agent = pickQueryAgent("", "");
        for (String name : names) {
            List<String[]> found = new ArrayList<>();
            if (agent.isPresent()) {
                for (JsonNode entry : reader.quick(agent.get(), "/v1/catalog/service/"
                        + URLEncoder.encode(name, StandardCharsets.UTF_8), Map.of("stale", ""))) {
                    found.add(new String[] {entry.path("ServiceID").asText(), entry.path("Node").asText()});
                }
            }
            byName.put(name, found);
        }
        synchronized (this) {
            instances = byName;
        }
    }

    private void healthChanged(JsonNode all) {
        List<String[]> found = new ArrayList<>();
        for (JsonNode check : all) {
            found.add(new String[] {check.path("Node").asText(), check.path("ServiceID").asText(), check.path("Status").asText()});
        }
        synchronized (this) {
            checks = found;
        }
    }

    private void kvChanged(JsonNode keys) {
        List<String> found = new ArrayList<>();
        keys.forEach(k -> found.add(k.asText()));
        found.sort(null);
        synchronized (this) {
            kvKeys = found;
        }
    }

    // ---------------------------------------------------------------- snapshot

    private void publish() {
        ClusterSnapshot next;
        synchronized (this) {
            next = build();
            if (next.equals(current)) {
                return;
            }
            current = next;
            notifyAll();
            for (Consumer<ClusterSnapshot> listener : listeners) {
                listener.accept(next);
            }
        }
    }

    private ClusterSnapshot build() {
        List<ClusterSnapshot.Agent> agents = new ArrayList<>();
        Set<String> known = new HashSet<>();
        for (AgentHandle h : handles) {
            known.add(h.node());
            ConsulMember member = members.getOrDefault(h.datacenter(), Map.of()).get(h.node());
            String gossip = member == null ? "unknown" : member.status().name().toLowerCase(java.util.Locale.ROOT);
            agents.add(new ClusterSnapshot.Agent(h.node(), h.datacenter(), h.server(), h.pid(), status(h, gossip), gossip,
                    h.node().equals(leaders.getOrDefault(h.datacenter(), ""))));
        }
        for (String dc : datacenters) {
            for (ConsulMember m : members.getOrDefault(dc, Map.of()).values()) {
                if (!known.contains(m.name())) {
                    String gossip = m.status().name().toLowerCase(java.util.Locale.ROOT);
                    AgentStatus status = switch (m.status()) {
                        case ALIVE -> AgentStatus.ALIVE;
                        case LEFT, LEAVING -> AgentStatus.LEFT;
                        default -> AgentStatus.FAILED;
                    };
                    agents.add(new ClusterSnapshot.Agent(m.name(), dc, m.isServer(), -1, status, gossip, false));
                }
            }
        }
        for (ClusterSnapshot.Agent a : agents) {
            AgentStatus before = lastStatus.put(a.node(), a.status());
            if (before != null && before != a.status()) {
                addEvent(a.node() + ": " + before.name().toLowerCase(java.util.Locale.ROOT) + " -> "
                        + a.status().name().toLowerCase(java.util.Locale.ROOT) + (a.pid() > 0 ? " (pid " + a.pid() + ")" : ""));
            }
        }
        List<ClusterSnapshot.Service> services = new ArrayList<>();
        instances.forEach((name, list) -> {
            for (String[] instance : list) {
                services.add(new ClusterSnapshot.Service(name, instance[0], instance[1], health(instance[1], instance[0])));
            }
        });
        services.sort(Comparator.comparing(ClusterSnapshot.Service::name).thenComparing(ClusterSnapshot.Service::id)
                .thenComparing(ClusterSnapshot.Service::node));
        List<ClusterSnapshot.Datacenter> byDatacenter = new ArrayList<>();
        for (String dc : datacenters) {
            byDatacenter.add(new ClusterSnapshot.Datacenter(dc, leaders.getOrDefault(dc, ""), peers.getOrDefault(dc, List.of())));
        }
        return new ClusterSnapshot(agents, byDatacenter, services, kvKeys, List.copyOf(events));
    }

    private AgentStatus status(AgentHandle h, String gossip) {
        if (restarting.contains(h.node())) {
            return AgentStatus.RESTARTING;
        }
        if (!h.running()) {
            return "left".equals(gossip) || "leaving".equals(gossip) ? AgentStatus.LEFT : AgentStatus.FAILED;
        }
        return switch (gossip) {
            case "alive" -> AgentStatus.ALIVE;
            case "left", "leaving" -> AgentStatus.LEFT;
            default -> AgentStatus.JOINING;
        };
    }

    /** The worst status of the instance's own checks and its node's checks; "passing" without checks. */
    private String health(String node, String serviceId) {
        int worst = 0;
        for (String[] check : checks) {
            if (check[0].equals(node) && (check[1].isEmpty() || check[1].equals(serviceId))) {
                worst = Math.max(worst, switch (check[2]) {
                    case "passing" -> 0;
                    case "warning" -> 1;
                    default -> 2;
                });
            }
        }
        return switch (worst) {
            case 0 -> "passing";
            case 1 -> "warning";
            default -> "critical";
        };
    }

    private void addEvent(String event) {
        events.addLast(LocalTime.now().format(CLOCK) + "  " + event);
        while (events.size() > MAX_EVENTS) {
            events.removeFirst();
        }
    }

    // ---------------------------------------------------------------- clients and lifecycle

    private void pause() {
        synchronized (wake) {
            if (!closed) {
                try {
                    wake.wait(pollEvery.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Stops following the cluster (the cluster itself is the control's to close). Idempotent. */
    @Override
    public void close() {
        closed = true;
        poller.shutdownNow();
        watchers.forEach(Thread::interrupt);
        synchronized (wake) {
            wake.notifyAll();
        }
        for (Thread t : watchers) {
            try {
                t.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
