package io.github.consulembedded.internal.cluster;

import io.github.consulembedded.ConsulEmbeddedException;
import io.github.consulembedded.internal.agent.Agent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Faults on demand: kill (SIGKILL, as a crash), graceful stop, restart, freeze (SIGSTOP) and
 * thaw (SIGCONT), and removing a client for good. A supervised cluster restarts killed agents,
 * never stopped or frozen ones.
 */
public final class Faults {
    private static final Logger LOG = LoggerFactory.getLogger(Faults.class);

    private Faults() {
    }

    public static void kill(Cluster cluster, Agent agent) {
        own(cluster, agent).kill();
    }

    public static void stop(Cluster cluster, Agent agent) {
        own(cluster, agent).stop();
    }

    public static void restart(Cluster cluster, Agent agent) {
        own(cluster, agent).restart();
    }

    public static void freeze(Cluster cluster, Agent agent) {
        own(cluster, agent).freeze();
    }

    public static void thaw(Cluster cluster, Agent agent) {
        own(cluster, agent).thaw();
    }

    /** Makes a client leave the cluster for good and removes it. */
    public static void removeClient(Cluster cluster, Agent client) {
        synchronized (cluster.lifecycle()) {
            if (!cluster.agents().isClient(client)) {
                throw new IllegalArgumentException(client.node() + " is not a client of this cluster");
            }
            client.close();
            cluster.agents().removeClient(client);
            confirmLeft(cluster, client);
        }
    }

    /**
     * Repeats the client's leave from a server of its datacenter ({@code force-leave}). A leave is
     * gossip: now and then, on a loaded machine, a server gets the leave intent only after
     * memberlist has declared the node dead, and then keeps it "failed" for good. From a server the
     * same intent moves a failed member to "left" (and a member still "leaving" stays on its way
     * there), which is what removing a client promises. Best effort: the leave itself was made.
     */
    private static void confirmLeft(Cluster cluster, Agent client) {
        for (Agent server : cluster.agents().servers()) {
            if (server.datacenter().equals(client.datacenter()) && server.isRunning() && !server.isFrozen()) {
                try {
                    server.probe().put("/v1/agent/force-leave/" + client.node(), null);
                    return;
                } catch (ConsulEmbeddedException e) {
                    LOG.debug("Could not repeat {}'s leave through {}: {}", client.node(), server.node(), e.getMessage());
                }
            }
        }
    }

    static Agent own(Cluster cluster, Agent agent) {
        if (!cluster.agents().contains(agent)) {
            throw new IllegalArgumentException(agent.node() + " does not belong to this cluster");
        }
        return agent;
    }
}
