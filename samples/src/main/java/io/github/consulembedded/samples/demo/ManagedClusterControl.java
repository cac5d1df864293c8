package io.github.consulembedded.samples.demo;

import io.github.consulembedded.ClusterEvent;
import io.github.consulembedded.ConsulAgent;
import io.github.consulembedded.ConsulCluster;
import io.github.consulembedded.ConsulTls;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * Controls a {@link ConsulCluster} the demo started: every action, the agents' logs, and the
 * supervisor's events. Closing it closes the cluster.
 */
public final class ManagedClusterControl implements ClusterControl {
    private final ConsulCluster cluster;
    private final List<Consumer<ClusterEvent>> listeners = new CopyOnWriteArrayList<>();
    /** Built once: the cluster's user client certificate works for every agent, and the model keeps a client per context. */
    private final Optional<SSLContext> sslContext;

    public ManagedClusterControl(ConsulCluster cluster) {
        this.cluster = cluster;
        this.sslContext = cluster.tls().map(ConsulTls::sslContext);
        if (cluster.isSupervised()) {
            cluster.addListener(e -> listeners.forEach(l -> l.accept(e)));
        }
    }

    public ConsulCluster cluster() {
        return cluster;
    }

    @Override
    public String description() {
        String topology;
        if (cluster.datacenters().size() == 1) {
            topology = cluster.servers().size() + " servers + " + cluster.clients().size() + " clients started by the demo, dc "
                    + cluster.datacenter();
        } else {
            Set<String> sizes = new LinkedHashSet<>();
            StringJoiner each = new StringJoiner(", ");
            for (String dc : cluster.datacenters()) {
                String size = cluster.servers(dc).size() + " servers + " + cluster.clients(dc).size() + " clients";
                sizes.add(size);
                each.add(dc + " " + size);
            }
            topology = (sizes.size() == 1 ? sizes.iterator().next() + " in each of " + String.join(", ", cluster.datacenters())
                    : each.toString()) + " (WAN-federated) started by the demo";
        }
        return topology + ", Consul " + cluster.binary().version() + (cluster.isSupervised() ? ", supervised" : ", not supervised");
    }

    @Override
    public List<AgentHandle> agents() {
        List<AgentHandle> handles = new ArrayList<>();
        for (ConsulAgent a : cluster.agents()) {
            handles.add(new AgentHandle(a.node(), a.datacenter(), a.isServer(), a.pid(), a.isRunning(), a.isServer() ? a.serverAddress() : "",
                    a.httpAddress(), a.http(), a.aclToken(), sslContext));
        }
        return handles;
    }

    @Override
    public List<String> datacenters() {
        return cluster.datacenters();
    }

    @Override
    public void onEvent(Consumer<ClusterEvent> listener) {
        listeners.add(listener);
    }

    @Override
    public String limitation() {
        return "";
    }

    @Override
    public boolean canStop() {
        return true;
    }

    @Override
    public boolean canRestart() {
        return true;
    }

    @Override
    public boolean canChangeClients() {
        return true;
    }

    @Override
    public void kill(String node) {
        cluster.kill(cluster.agent(node));
    }

    @Override
    public void stop(String node) {
        cluster.stop(cluster.agent(node));
    }

    @Override
    public void restart(String node) {
        // A restart by hand is not the supervisor's, so it sends no event; tell the listeners ourselves.
        emit(ClusterEvent.Type.AGENT_RESTARTING, node, "restart asked for in the demo");
        try {
            cluster.restart(cluster.agent(node));
        } finally {
            emit(ClusterEvent.Type.AGENT_RECOVERED, node, "restarted by the demo, pid " + cluster.agent(node).pid());
        }
    }

    /** Adds the client to the primary datacenter, as the library does. */
    @Override
    public String addClient() {
        return cluster.addClient().node();
    }

    @Override
    public void removeClient(String node) {
        cluster.removeClient(cluster.agent(node));
    }

    @Override
    public List<String> recentLog(String node, int max) {
        return cluster.agents().stream().filter(a -> a.node().equals(node)).findFirst()
                .map(a -> a.recentLog(max))
                .orElse(List.of("(" + node + " is no longer part of the cluster)"));
    }

    private void emit(ClusterEvent.Type type, String node, String detail) {
        ClusterEvent event = new ClusterEvent(type, node, detail, Instant.now());
        listeners.forEach(l -> l.accept(event));
    }

    @Override
    public void close() {
        cluster.close();
    }
}
