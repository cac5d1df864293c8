package io.github.consulembedded;

import io.github.consulembedded.internal.agent.Agent;
import io.github.consulembedded.internal.cluster.Cluster;
import io.github.consulembedded.internal.cluster.ClusterAwaits;
import io.github.consulembedded.internal.cluster.ClusterLauncher;
import io.github.consulembedded.internal.cluster.ClusterReset;
import io.github.consulembedded.internal.cluster.ClusterShutdown;
import io.github.consulembedded.internal.cluster.Faults;
import io.github.consulembedded.internal.cluster.HostedClusters;
import io.github.consulembedded.internal.reuse.ReuseAttach;
import io.github.consulembedded.internal.cluster.ServiceRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Objects;
import java.util.Optional;

/**
 * A real Consul cluster on this machine: {@code servers} servers with
 * {@code -bootstrap-expect=servers} and {@code clients} client agents, all retry-joining every
 * server, each on its own loopback ports. {@code start()} returns when the cluster is ready:
 * every agent reports the same leader, every server is a raft peer, every member is alive, every
 * node is in the catalog and DNS answers every server. {@link #close()} tears it down.
 *
 * <pre>{@code
 * try (ConsulCluster cluster = ConsulCluster.builder().servers(3).clients(3).start()) {
 *     cluster.client(0).http().kvPut("greeting", "hello");
 * }
 * }</pre>
 */
public final class ConsulCluster implements AutoCloseable {
    private final Cluster cluster;
    private final ServiceRegistry services = new ServiceRegistry();
    // One handle per agent, so that callers may compare agents by identity too.
    private final Map<Agent, ConsulAgent> handles = new ConcurrentHashMap<>();

    private ConsulCluster(Cluster cluster) {
        this.cluster = cluster;
    }

    /** A builder of the cluster's {@link ClusterSpec}, with every default; {@code start()} starts it. */
    public static ClusterSpec.Builder builder() {
        return ClusterSpec.builder();
    }

    /** Starts the cluster {@code spec} describes and waits until it is ready. */
    public static ConsulCluster start(ClusterSpec spec) {
        return start(spec, List.of());
    }

    /** Starts the cluster with listeners that see its events from the start on. */
    public static ConsulCluster start(ClusterSpec spec, List<ClusterListener> listeners) {
        if (Objects.requireNonNull(spec, "spec").reuse() && ReuseAttach.allowedHere()) {
            return new ConsulCluster(ReuseAttach.startOrAttach(spec, List.copyOf(listeners)));
        }
        return new ConsulCluster(ClusterLauncher.start(Objects.requireNonNull(spec, "spec"), List.copyOf(listeners)));
    }

    /** What this cluster was started from. */
    public ClusterSpec spec() {
        return cluster.spec();
    }

    // ---------------------------------------------------------------- topology

    /** Every agent: servers first, then clients (with several datacenters, the primary's first). */
    public List<ConsulAgent> agents() {
        return wrap(cluster.agents().all());
    }

    /** Every server, of every datacenter. */
    public List<ConsulAgent> servers() {
        return wrap(cluster.agents().servers());
    }

    /** Every client, of every datacenter. */
    public List<ConsulAgent> clients() {
        return wrap(cluster.agents().clients());
    }

    /** The server at {@code index} (0-based) of the first datacenter: {@code consul-server-(index+1)}. */
    public ConsulAgent server(int index) {
        return servers(datacenter()).get(index);
    }

    /** The client at {@code index} (0-based) of the first datacenter: {@code consul-client-(index+1)} at first. */
    public ConsulAgent client(int index) {
        return clients(datacenter()).get(index);
    }

    /** The datacenters, the primary (first) one first; one unless the spec federates several. */
    public List<String> datacenters() {
        return cluster.spec().datacenters();
    }

    /** The agents of one datacenter: its servers, then its clients. */
    public List<ConsulAgent> agents(String datacenter) {
        return wrap(cluster.agents().inDatacenter(known(datacenter)));
    }

    /** The servers of one datacenter. */
    public List<ConsulAgent> servers(String datacenter) {
        return wrap(cluster.agents().inDatacenter(known(datacenter)).stream().filter(Agent::isServer).toList());
    }

    /** The clients of one datacenter. */
    public List<ConsulAgent> clients(String datacenter) {
        return wrap(cluster.agents().inDatacenter(known(datacenter)).stream().filter(a -> !a.isServer()).toList());
    }

    /** The agent applications of {@code datacenter} talk to: its first running client, else its first running server. */
    public ConsulAgent applicationAgent(String datacenter) {
        return handle(cluster.agents().applicationAgent(known(datacenter)));
    }

    /** The current leader of {@code datacenter}, without waiting. */
    public ConsulAgent leader(String datacenter) {
        return handle(ClusterAwaits.currentLeader(cluster, known(datacenter)));
    }

    /** Waits for a usable leader of {@code datacenter}; see {@link #awaitLeader()}. */
    public ConsulAgent awaitLeader(String datacenter, Duration timeout) {
        return handle(ClusterAwaits.awaitLeader(cluster, known(datacenter), null, timeout));
    }

    private String known(String datacenter) {
        if (!cluster.spec().datacenters().contains(datacenter)) {
            throw new IllegalArgumentException("no datacenter '" + datacenter + "' in this cluster; its datacenters are "
                    + cluster.spec().datacenters());
        }
        return datacenter;
    }

    /** The agent with this node name. */
    public ConsulAgent agent(String node) {
        return handle(cluster.agents().byNode(node));
    }

    /**
     * The agent to hand to applications: the first running client when there are clients (as
     * applications talk to their local client agent), else the first running server.
     */
    public ConsulAgent applicationAgent() {
        return handle(cluster.agents().applicationAgent(datacenter()));
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
        return cluster.spec().datacenter();
    }

    public String domain() {
        return cluster.spec().domain();
    }

    public ConsulBinary binary() {
        return cluster.binary();
    }

    /** The persistent data folder, if the cluster was given one. */
    public Optional<Path> dataRoot() {
        return cluster.spec().dataRoot();
    }

    /** Whether the single server runs in Consul's dev mode (a 1-server, 0-client, non-persistent cluster). */
    public boolean isDevMode() {
        return cluster.isDevMode();
    }

    /**
     * Whether this is a reused cluster that a keeper process runs and that outlives this JVM:
     * {@link #close()} then only lets go of it. See {@link ClusterSpec.Builder#reuse(boolean)}.
     */
    public boolean isReused() {
        return cluster.host() != null;
    }

    public boolean isSupervised() {
        return cluster.isSupervised();
    }

    /** The gossip encryption key every agent uses, if gossip is encrypted. */
    public Optional<String> gossipKey() {
        return cluster.security().gossipKey();
    }

    /** The ACL master token, if ACLs are on; the library's own calls use it. */
    public Optional<String> aclMasterToken() {
        return cluster.security().aclMasterToken();
    }

    /** The cluster's TLS material, if TLS is on. */
    public Optional<ConsulTls> tls() {
        return cluster.security().tls();
    }

    /** The current leader (of the first datacenter) as the running servers see it, without waiting. */
    public ConsulAgent leader() {
        return handle(ClusterAwaits.currentLeader(cluster, datacenter()));
    }

    /** Adds a listener for the cluster's events (agents started, restarts, recoveries, give-ups). */
    public void addListener(ClusterListener listener) {
        cluster.events().add(listener);
    }

    // ---------------------------------------------------------------- waiting

    /** Waits until the whole topology is ready; see the class comment. */
    public void awaitReady(Duration timeout) {
        ClusterAwaits.awaitReady(cluster, timeout);
    }

    /**
     * Waits for a leader that applications can use and returns it: a running server of this
     * cluster that every running agent names, once every agent has given up on the servers that
     * are down and a read through every agent reaches it.
     */
    public ConsulAgent awaitLeader() {
        return awaitLeader(cluster.spec().readyTimeout());
    }

    public ConsulAgent awaitLeader(Duration timeout) {
        return handle(ClusterAwaits.awaitLeader(cluster, datacenter(), null, timeout));
    }

    /** Like {@link #awaitLeader()}, for a leader other than {@code old}. */
    public ConsulAgent awaitLeaderChange(ConsulAgent old) {
        return awaitLeaderChange(old, cluster.spec().readyTimeout());
    }

    public ConsulAgent awaitLeaderChange(ConsulAgent old, Duration timeout) {
        Agent previous = own(Objects.requireNonNull(old, "old"));
        return handle(ClusterAwaits.awaitLeader(cluster, previous.datacenter(), previous, timeout));
    }

    /** Waits until every running server (of the first datacenter) sees exactly {@code count} alive members. */
    public void awaitMembers(int count) {
        awaitMembers(count, cluster.spec().readyTimeout());
    }

    public void awaitMembers(int count, Duration timeout) {
        ClusterAwaits.awaitMembers(cluster, datacenter(), count, timeout);
    }

    // ---------------------------------------------------------------- faults

    /** SIGKILL, as a crash would. A supervised cluster restarts the agent. */
    public void kill(ConsulAgent agent) {
        Faults.kill(cluster, own(agent));
    }

    /** Graceful stop without leaving (a server stays a raft peer); the supervisor leaves it stopped. */
    public void stop(ConsulAgent agent) {
        Faults.stop(cluster, own(agent));
    }

    /** Stops (if running) and starts the agent with the same data dir, node id and ports. */
    public void restart(ConsulAgent agent) {
        Faults.restart(cluster, own(agent));
    }

    /**
     * SIGSTOP: the agent stays alive but silent, as in a long GC pause or behind a partition. Its
     * peers soon see it as failed; the supervisor leaves it alone. {@link #thaw} resumes it.
     */
    public void freeze(ConsulAgent agent) {
        Faults.freeze(cluster, own(agent));
    }

    /** SIGCONT: a frozen agent resumes and rejoins (a frozen leader comes back as a follower). */
    public void thaw(ConsulAgent agent) {
        Faults.thaw(cluster, own(agent));
    }

    /** Starts one more client agent that joins the servers; returns once it is a live member. */
    public ConsulAgent addClient() {
        return handle(cluster.host() != null ? HostedClusters.addClient(cluster) : ClusterLauncher.addClient(cluster));
    }

    /** Makes a client leave the cluster for good and removes it. */
    public void removeClient(ConsulAgent client) {
        Faults.removeClient(cluster, own(client));
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
        return handle(services.register(cluster, service));
    }

    /** Registers a service on the given agent, a server included. */
    public ConsulAgent registerService(ConsulAgent agent, ServiceRegistration service) {
        return handle(services.register(cluster, own(agent), service));
    }

    /**
     * Deregisters a service where it sticks: through the agent API of every agent that owns it
     * (deregistering through another agent or the catalog is undone by anti-entropy), then waits
     * until the catalog no longer lists it.
     *
     * @return the nodes it was deregistered from (empty if no agent had it)
     */
    public List<String> deregisterService(String serviceId) {
        return services.deregister(cluster, serviceId);
    }

    /**
     * Makes the cluster as good as new for the next test: removes sessions (and their locks), KV,
     * prepared queries, intentions, every agent's services and checks but Consul's own,
     * catalog-only nodes, services and checks, and, with ACLs, the tokens and policies that tests
     * created. The agents keep running.
     *
     * @throws ConsulEmbeddedException naming whatever could not be removed
     */
    public void reset() {
        cluster.requireOpen();
        ClusterReset.reset(cluster);
    }

    // ---------------------------------------------------------------- close

    public boolean isClosed() {
        return cluster.isClosed();
    }

    /**
     * Keeps the agents' temporary data dirs for a post-mortem: on {@link #close()} each is moved to
     * {@code folder/<node>} instead of being deleted. A persistent cluster keeps its data dirs anyway.
     */
    public void keepDataDirsOnClose(Path folder) {
        cluster.keepDataDirsIn(Objects.requireNonNull(folder, "folder").toAbsolutePath());
    }

    /**
     * Stops the cluster and removes temporary folders. A temporary cluster is torn down at once
     * (agents killed together); a persistent one ({@code dataRoot}) makes its clients leave and
     * stops its servers without leaving, so it comes back. A reused cluster ({@link #isReused()})
     * keeps running: closing only lets go of it for the next run. Idempotent; failures of single
     * agents are attached as suppressed exceptions.
     */
    @Override
    public void close() {
        ClusterShutdown.close(cluster);
    }

    @Override
    public String toString() {
        return cluster.toString();
    }

    private Agent own(ConsulAgent agent) {
        return Objects.requireNonNull(agent, "agent").engine();
    }

    private List<ConsulAgent> wrap(List<Agent> agents) {
        return agents.stream().map(this::handle).toList();
    }

    private ConsulAgent handle(Agent agent) {
        return handles.computeIfAbsent(agent, ConsulAgent::new);
    }
}
