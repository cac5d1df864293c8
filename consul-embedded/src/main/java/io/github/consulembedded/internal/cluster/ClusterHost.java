package io.github.consulembedded.internal.cluster;

import io.github.consulembedded.AgentPorts;
import io.github.consulembedded.AgentRole;
import io.github.consulembedded.internal.agent.AgentHost;
import java.nio.file.Path;

/**
 * The process that runs a whole cluster on behalf of this JVM (a reused cluster's keeper): it
 * runs and supervises the agents, adds clients, and outlives this JVM, which only detaches.
 */
public interface ClusterHost extends AgentHost {
    /** One agent as the host runs it: what this JVM needs to talk to it. */
    record HostedNode(String node, AgentRole role, AgentPorts ports, Path dataDir) {
    }

    /** Starts one more client where the cluster runs; returns once it is a live member. */
    HostedNode addClient();

    /** Lets go of the cluster, which keeps running; idempotent. */
    void detach();
}
