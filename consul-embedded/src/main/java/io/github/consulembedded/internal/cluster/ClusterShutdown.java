package io.github.consulembedded.internal.cluster;

import io.github.consulembedded.ConsulEmbeddedException;
import io.github.consulembedded.internal.agent.Agent;
import io.github.consulembedded.internal.process.JvmShutdown;
import io.github.consulembedded.internal.util.Parallel;
import java.nio.file.Path;
import java.util.List;

/**
 * Closes a cluster. A temporary cluster is torn down at once: every agent killed in parallel,
 * then its folders removed, since nobody needs a goodbye from agents whose data is deleted a
 * moment later. A persistent cluster (a data root) must come back, so its clients leave and its
 * servers stop gracefully without leaving. Frozen agents are thawed first either way.
 */
public final class ClusterShutdown {
    private ClusterShutdown() {
    }

    /** Idempotent; failures of single agents are attached as suppressed exceptions. */
    public static void close(Cluster cluster) {
        synchronized (cluster.lifecycle()) {
            if (cluster.isClosed()) {
                return;
            }
            cluster.markClosed();
            if (cluster.host() != null) {
                // A hosted (reused) cluster keeps running where it lives: this JVM only lets go.
                cluster.host().detach();
                return;
            }
            AgentSupervisor supervisor = cluster.supervisor();
            if (supervisor != null) {
                supervisor.close();
            }
            boolean graceful = cluster.spec().dataRoot().isPresent();
            RuntimeException failure;
            Path keep = cluster.keptDataDirsFolder();
            if (graceful) {
                failure = closeAll(cluster.agents().clients(), true, keep, null);
                failure = closeAll(cluster.agents().servers(), true, keep, failure);
            } else {
                failure = closeAll(cluster.agents().all(), false, keep, null);
            }
            cluster.security().close();
            JvmShutdown.unregister(cluster.exitHook());
            if (failure != null) {
                throw failure;
            }
        }
    }

    private static RuntimeException closeAll(List<Agent> agents, boolean graceful, Path keep, RuntimeException failure) {
        try {
            Parallel.run(agents.stream().<Runnable>map(agent -> () -> agent.close(graceful, keep)).toList());
            return failure;
        } catch (RuntimeException e) {
            if (failure == null) {
                return new ConsulEmbeddedException("closing the Consul cluster failed", e);
            }
            failure.addSuppressed(e);
            return failure;
        }
    }
}
