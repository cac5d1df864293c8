package io.github.consulembedded.internal.cluster;

import io.github.consulembedded.ClusterSpec;
import io.github.consulembedded.ConsulBinary;
import io.github.consulembedded.internal.security.ClusterSecurity;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The parts of one running cluster that the jobs ({@link ClusterLauncher}, {@link ClusterAwaits},
 * {@link Faults}, {@link ServiceRegistry}, {@link ClusterReset}, {@link ClusterShutdown},
 * {@link AgentSupervisor}) share: its spec, binary, security material, agents and events.
 */
public final class Cluster {
    private final ClusterSpec spec;
    private final ConsulBinary binary;
    private final ClusterSecurity security;
    private final ClusterAgents agents = new ClusterAgents();
    private final ClusterEvents events;
    private final AtomicInteger nextClientIndex;
    private final Object lifecycle = new Object();
    private volatile AgentSupervisor supervisor;
    private volatile ClusterHost host;
    private volatile boolean closed;
    private volatile java.nio.file.Path keepDataDirsIn;
    private final AutoCloseable exitHook = () -> ClusterShutdown.close(this);

    Cluster(ClusterSpec spec, ConsulBinary binary, ClusterSecurity security, ClusterEvents events) {
        this.spec = spec;
        this.binary = binary;
        this.security = security;
        this.events = events;
        this.nextClientIndex = new AtomicInteger(spec.clients() + 1);
    }

    public ClusterSpec spec() {
        return spec;
    }

    public ConsulBinary binary() {
        return binary;
    }

    public ClusterSecurity security() {
        return security;
    }

    public ClusterAgents agents() {
        return agents;
    }

    public ClusterEvents events() {
        return events;
    }

    public boolean isSupervised() {
        return supervisor != null || (host != null && spec.supervise());
    }

    /** The process that runs this cluster's agents, or null when this JVM runs them. */
    public ClusterHost host() {
        return host;
    }

    void host(ClusterHost host) {
        this.host = host;
    }

    AgentSupervisor supervisor() {
        return supervisor;
    }

    void supervisor(AgentSupervisor supervisor) {
        this.supervisor = supervisor;
    }

    int nextClientIndex() {
        return nextClientIndex.getAndIncrement();
    }

    /** Held while the set of agents changes or the cluster closes. */
    Object lifecycle() {
        return lifecycle;
    }

    /** What closes this cluster at JVM exit (registered with {@code JvmShutdown} while it runs). */
    AutoCloseable exitHook() {
        return exitHook;
    }

    /** Where {@link ClusterShutdown} moves temporary data dirs instead of deleting them, if anywhere. */
    public void keepDataDirsIn(java.nio.file.Path folder) {
        this.keepDataDirsIn = folder;
    }

    java.nio.file.Path keptDataDirsFolder() {
        return keepDataDirsIn;
    }

    public boolean isClosed() {
        return closed;
    }

    void markClosed() {
        closed = true;
    }

    public void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the cluster is closed");
        }
    }

    /** Whether the single server runs in Consul's dev mode. */
    public boolean isDevMode() {
        return agents.servers().size() == 1 && agents.servers().get(0).config().devMode();
    }

    @Override
    public String toString() {
        return "ConsulCluster{" + agents.servers().size() + " servers, " + agents.clients().size() + " clients, dc="
                + spec.datacenter() + "}";
    }
}
