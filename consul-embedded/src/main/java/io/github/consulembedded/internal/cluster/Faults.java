package io.github.consulembedded.internal.cluster;

import io.github.consulembedded.internal.agent.Agent;

/**
 * Faults on demand: kill (SIGKILL, as a crash), graceful stop, restart, freeze (SIGSTOP) and
 * thaw (SIGCONT), and removing a client for good. A supervised cluster restarts killed agents,
 * never stopped or frozen ones.
 */
public final class Faults {
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
        }
    }

    static Agent own(Cluster cluster, Agent agent) {
        if (!cluster.agents().contains(agent)) {
            throw new IllegalArgumentException(agent.node() + " does not belong to this cluster");
        }
        return agent;
    }
}
