package io.github.consulembedded;

/**
 * Receives the cluster's events: agents starting, and what the supervisor sees and does. Called
 * on the cluster's threads: return quickly and do not call the cluster's blocking methods here.
 */
@FunctionalInterface
public interface ClusterListener {
    void onEvent(ClusterEvent event);
}
