package io.github.consulembedded.internal.cluster;

import io.github.consulembedded.AgentPorts;
import io.github.consulembedded.AgentRole;
import io.github.consulembedded.ClusterEvent;
import io.github.consulembedded.ClusterListener;
import io.github.consulembedded.ClusterSpec;
import io.github.consulembedded.ConsulBinary;
import io.github.consulembedded.ConsulCluster;
import io.github.consulembedded.ConsulEmbeddedException;
import io.github.consulembedded.internal.agent.Agent;
import io.github.consulembedded.internal.process.JvmShutdown;
import io.github.consulembedded.internal.security.ClusterSecurity;
import io.github.consulembedded.internal.util.Durations;
import io.github.consulembedded.internal.util.Parallel;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a cluster up from its spec: resolves the binary, prepares security and the servers'
 * folders and ports, launches the servers in parallel, then prepares and launches the clients
 * the same way, waits until the cluster is ready, and then hands the agents to the supervisor.
 * Adds clients to a running cluster the same way.
 */
public final class ClusterLauncher {
    private static final Logger LOG = LoggerFactory.getLogger(ConsulCluster.class);

    private ClusterLauncher() {
    }

    /** Starts a cluster and waits until it is ready; on failure closes everything it started. */
    public static Cluster start(ClusterSpec spec, List<ClusterListener> listeners) {
        Optional<ClusterLayout> layout = spec.dataRoot().flatMap(ClusterLayout::read);
        if (layout.isPresent() && layout.get().servers() != spec.servers()) {
            throw new ConsulEmbeddedException("the data folder " + spec.dataRoot().get() + " holds a cluster of "
                    + layout.get().servers() + " servers, but " + spec.servers() + " were asked for; raft cannot "
                    + "change that by restarting. Ask for " + layout.get().servers() + " servers, or use a new folder");
        }
        if (spec.servers() % 2 == 0) {
            LOG.warn("servers is {}: an even number of servers tolerates no more failures than {} server(s) do ({}) "
                    + "and risks split votes", spec.servers(), spec.servers() - 1, (spec.servers() - 1) / 2);
        }
        ConsulBinary binary = spec.binary().orElseGet(() -> ConsulBinary.resolve(spec.binarySettings()));
        ClusterSecurity security = ClusterSecurity.prepare(spec, binary);
        Cluster cluster = new Cluster(spec, binary, security, new ClusterEvents(listeners));
        try {
            launch(cluster, layout);
            return cluster;
        } catch (RuntimeException e) {
            try {
                ClusterShutdown.close(cluster);
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private static void launch(Cluster cluster, Optional<ClusterLayout> layout) {
        ClusterSpec spec = cluster.spec();
        // The cluster closes its agents in order, so it alone is closed at JVM exit.
        JvmShutdown.register(cluster.exitHook());
        for (String dc : spec.datacenters()) {
            for (String node : spec.serverNodes(dc)) {
                cluster.agents().addServer(Agent.prepare(cluster.binary(),
                        AgentConfigs.forNode(spec, dc, AgentRole.SERVER, node, layout, cluster.security()).build()));
            }
        }
        if (!spec.devMode()) {
            for (String dc : spec.datacenters()) {
                List<String> join = serverJoinAddresses(cluster, dc);
                cluster.agents().inDatacenter(dc).forEach(agent -> agent.setRetryJoin(join));
            }
        }
        if (spec.federated()) {
            // Each server joins every other datacenter's servers over WAN.
            for (Agent server : cluster.agents().servers()) {
                server.setRetryJoinWan(cluster.agents().servers().stream()
                        .filter(other -> !other.datacenter().equals(server.datacenter()))
                        .map(Agent::serfWanAddress).toList());
            }
        }
        long began = System.nanoTime();
        // Servers first, clients once the servers answer: the cluster bootstraps (and its first
        // election starts) when the servers have joined each other, which they do sooner without
        // the clients competing for the cores; the clients join during the election, which takes
        // a second or more. Measured on 2 cores, 3+3: the servers bootstrap about 0.1 s sooner.
        // The clients' folders, ports and configs are made only then too, in that wait, rather
        // than ahead of the servers' spawn (in a fresh JVM, about 20 ms for three clients).
        launchAll(cluster, cluster.agents().servers());
        for (String dc : spec.datacenters()) {
            for (String node : spec.clientNodes(dc)) {
                cluster.agents().addClient(prepareClient(cluster, dc, node, layout));
            }
        }
        launchAll(cluster, cluster.agents().clients());
        ClusterAwaits.awaitReady(cluster, spec.readyTimeout());
        if (LOG.isInfoEnabled()) {
            // Naming the leader costs a call to a server: only when the line is logged.
            LOG.info("Consul cluster ready in {}: {} server(s), {} client(s){}, leader {}", Durations.format(
                    Duration.ofNanos(System.nanoTime() - began)), spec.servers(), spec.clients(),
                    spec.federated() ? " in each of " + spec.datacenters() : "",
                    ClusterAwaits.currentLeader(cluster, spec.datacenter()).node());
        }
        spec.dataRoot().ifPresent(root -> {
            Map<String, AgentPorts> ports = new LinkedHashMap<>();
            cluster.agents().all().forEach(a -> ports.put(a.node(), a.ports()));
            new ClusterLayout(spec.servers(), ports).write(root);
        });
        if (spec.supervise()) {
            AgentSupervisor supervisor = new AgentSupervisor(cluster);
            cluster.supervisor(supervisor);
            cluster.agents().all().forEach(supervisor::watch);
        }
    }

    /** Starts one more client agent of the first datacenter that joins its servers; returns once it is a live member. */
    public static Agent addClient(Cluster cluster) {
        synchronized (cluster.lifecycle()) {
            cluster.requireOpen();
            String dc = cluster.spec().datacenter();
            String node = ClusterSpec.clientNode(cluster.nextClientIndex());
            Agent client = prepareClient(cluster, dc, node, Optional.empty());
            cluster.agents().addClient(client);
            try {
                launchAll(cluster, List.of(client));
                ClusterAwaits.awaitMembers(cluster, dc,
                        (int) cluster.agents().inDatacenter(dc).stream().filter(Agent::isRunning).count(),
                        cluster.spec().readyTimeout());
            } catch (RuntimeException e) {
                cluster.agents().removeClient(client);
                client.close(false);
                throw e;
            }
            AgentSupervisor supervisor = cluster.supervisor();
            if (supervisor != null) {
                supervisor.watch(client);
            }
            return client;
        }
    }

    /** A client of {@code dc} with its folders, ports and config, joining that datacenter's servers (not started). */
    private static Agent prepareClient(Cluster cluster, String dc, String node, Optional<ClusterLayout> layout) {
        return Agent.prepare(cluster.binary(), AgentConfigs.forNode(cluster.spec(), dc, AgentRole.CLIENT, node, layout,
                cluster.security()).retryJoin(serverJoinAddresses(cluster, dc)).build());
    }

    private static List<String> serverJoinAddresses(Cluster cluster, String dc) {
        return cluster.agents().servers().stream().filter(s -> s.datacenter().equals(dc)).map(Agent::serfLanAddress).toList();
    }

    /** Launches agents in parallel, each until its HTTP API answers; the first failure is thrown, the rest suppressed. */
    private static void launchAll(Cluster cluster, List<Agent> toLaunch) {
        Parallel.run(toLaunch.stream().<Runnable>map(agent -> () -> {
            agent.launch();
            cluster.events().emit(ClusterEvent.Type.AGENT_STARTED, agent, "pid " + agent.pid());
        }).toList());
    }
}
