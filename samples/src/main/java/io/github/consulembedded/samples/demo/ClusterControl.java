package io.github.consulembedded.samples.demo;

import io.github.consulembedded.ClusterEvent;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the demo can see of and do to a cluster: either one it started itself
 * ({@link ManagedClusterControl}, every action) or one a local cluster command runs
 * ({@link AttachedClusterControl}, only what a pid and the HTTP API allow).
 */
public interface ClusterControl extends AutoCloseable {

    /** One line for the window title and header, such as "3 servers + 3 clients started by the demo". */
    String description();

    /** The agents as they are now: servers first, then clients. */
    List<AgentHandle> agents();

    /** The datacenters, the primary first; one unless the cluster federates several. */
    List<String> datacenters();

    /** Receives supervisor events (and the demo's own restarts); called on some background thread. */
    void onEvent(Consumer<ClusterEvent> listener);

    /** Why process actions are limited, or "" when every action is available. */
    String limitation();

    boolean canStop();

    boolean canRestart();

    boolean canChangeClients();

    /** SIGKILL, as a crash would. */
    void kill(String node);

    /** Graceful stop without leaving. */
    void stop(String node);

    /** Stop (if running) and start again with the same data dir, node id and ports. */
    void restart(String node);

    /** Starts one more client; returns its node name once it is a live member. */
    String addClient();

    /** Makes a client leave for good. */
    void removeClient(String node);

    /** The newest log lines of the agent, or one line saying why there are none. */
    List<String> recentLog(String node, int max);

    @Override
    void close();
}
