package io.github.consulembedded;

/**
 * Receives the cluster's supervisor events. Called on the supervisor's thread: return quickly
 * and do not call back into the cluster's blocking methods from here.
 */
@FunctionalInterface
public interface ClusterListener {
    void onEvent(ClusterEvent event);
}
