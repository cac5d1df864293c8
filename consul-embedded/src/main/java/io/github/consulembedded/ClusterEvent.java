package io.github.consulembedded;

import java.time.Instant;

/**
 * Something the cluster did or its supervisor saw: an agent started, exited, is being restarted,
 * is a live member again, or was given up on.
 *
 * @param type what happened
 * @param node the agent's node name
 * @param detail a human-readable detail (exit code, attempt, pid, reason)
 * @param at when it happened
 */
public record ClusterEvent(Type type, String node, String detail, Instant at) {

    /** Kinds of supervisor events. */
    public enum Type {
        /** While the cluster starts: an agent's process runs and its HTTP API answers. */
        AGENT_STARTED,
        /** An agent exited without being asked to. */
        AGENT_EXITED,
        /** The supervisor is starting the agent again (same data dir, node id and ports). */
        AGENT_RESTARTING,
        /** A restart attempt failed; another follows unless the cap is reached. */
        AGENT_RESTART_FAILED,
        /** The restarted agent is a live member again. */
        AGENT_RECOVERED,
        /** A client that had lost the servers was joined to them again. */
        CLIENT_REJOINED,
        /** Too many restarts in the window: the agent stays down. */
        SUPERVISION_GAVE_UP,
        /**
         * While the library waits for the cluster to be ready (at start, or in
         * {@link ConsulCluster#awaitReady(java.time.Duration)}): another 5 s passed. The node is
         * empty (the whole cluster); the detail says how long it has waited and what is missing.
         */
        NOT_READY_YET
    }

    @Override
    public String toString() {
        return type + (node.isEmpty() ? "" : " " + node) + (detail.isEmpty() ? "" : ": " + detail);
    }
}
