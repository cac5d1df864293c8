package io.github.consulembedded;

/**
 * Raft timing of the agents. {@link #FAST} sets {@code performance.raft_multiplier} to 1, the
 * floor for a real cluster, which elects a leader several times faster on one machine;
 * {@link #PRODUCTION} keeps Consul's own defaults.
 */
public enum Timing {
    FAST(1),
    PRODUCTION(0);

    private final int raftMultiplier;

    Timing(int raftMultiplier) {
        this.raftMultiplier = raftMultiplier;
    }

    /** The raft multiplier to configure, or 0 to leave Consul's default. */
    public int raftMultiplier() {
        return raftMultiplier;
    }
}
