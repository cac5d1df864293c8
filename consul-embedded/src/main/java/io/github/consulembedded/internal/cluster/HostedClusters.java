package io.github.consulembedded.internal.cluster;

import io.github.consulembedded.ClusterListener;
import io.github.consulembedded.ClusterSpec;
import io.github.consulembedded.ConsulBinary;
import io.github.consulembedded.internal.agent.Agent;
import io.github.consulembedded.internal.security.ClusterSecurity;
import java.util.List;
import java.util.Optional;

/**
 * A {@link Cluster} whose agents another process runs ({@link ClusterHost}): the same view as a
 * cluster this JVM started (configs derived from the same spec, same ports and data dirs), so
 * that awaits, reset, services and faults work unchanged; faults go to the host.
 */
public final class HostedClusters {
    private HostedClusters() {
    }

    /** The cluster {@code host} runs, with the agents it reports. */
    public static Cluster assemble(ClusterSpec spec, ConsulBinary binary, ClusterSecurity security,
            List<ClusterListener> listeners, List<ClusterHost.HostedNode> nodes, ClusterHost host) {
        Cluster cluster = new Cluster(spec, binary, security, new ClusterEvents(listeners));
        cluster.host(host);
        for (ClusterHost.HostedNode node : nodes) {
            Agent agent = agent(cluster, node);
            if (agent.isServer()) {
                cluster.agents().addServer(agent);
            } else {
                cluster.agents().addClient(agent);
            }
        }
        return cluster;
    }

    /** Has the host start one more client and adds it to this JVM's view. */
    public static Agent addClient(Cluster cluster) {
        synchronized (cluster.lifecycle()) {
            cluster.requireOpen();
            Agent client = agent(cluster, cluster.host().addClient());
            cluster.agents().addClient(client);
            return client;
        }
    }

    private static Agent agent(Cluster cluster, ClusterHost.HostedNode node) {
        return Agent.hosted(cluster.binary(), AgentConfigs.forNode(cluster.spec(), datacenterOf(cluster.spec(), node.node()),
                node.role(), node.node(), Optional.empty(), cluster.security()).ports(node.ports()).build(), node.dataDir(),
                cluster.host());
    }

    /** The datacenter a node belongs to by its name; clients added later belong to the first. */
    private static String datacenterOf(io.github.consulembedded.ClusterSpec spec, String node) {
        for (String dc : spec.datacenters()) {
            if (spec.serverNodes(dc).contains(node) || spec.clientNodes(dc).contains(node)) {
                return dc;
            }
        }
        return spec.datacenter();
    }
}
