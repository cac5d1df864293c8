package io.github.consulembedded.internal.agent;

import io.github.consulembedded.ConsulBinary;
import io.github.consulembedded.RealConsul;
import io.github.consulembedded.internal.process.PortAllocator;

/** Single agents outside a cluster, for tests: an intruder without the key, a foreign CA, a data dir. */
public final class TestAgents {
    private TestAgents() {
    }

    public static Agent start(AgentConfig config) {
        return start(RealConsul.binary(), config);
    }

    /** Launches the agent and, for a server that bootstraps alone, waits until it leads. */
    public static Agent start(ConsulBinary binary, AgentConfig config) {
        return started(Agent.prepare(binary, config));
    }

    /** Like {@link #start(ConsulBinary, AgentConfig)}, with ports from {@code ports}. */
    public static Agent start(ConsulBinary binary, AgentConfig config, PortAllocator ports) {
        return started(Agent.prepare(binary, config, ports));
    }

    private static Agent started(Agent agent) {
        try {
            agent.launch();
            if (agent.isServer() && agent.config().bootstrapExpect() == 1) {
                agent.awaitLeader(agent.config().startTimeout());
            }
            return agent;
        } catch (RuntimeException e) {
            agent.close(false);
            throw e;
        }
    }
}
