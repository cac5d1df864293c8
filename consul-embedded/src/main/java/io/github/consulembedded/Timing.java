package io.github.consulembedded;

import java.util.Optional;

/**
 * How fast the agents elect leaders and detect failures. {@link #FAST} sets
 * {@code performance.raft_multiplier} to 1, the floor for a real cluster, and gossip timings
 * suited to loopback (Consul's {@code -dev} values), so a killed agent stops counting as alive
 * within about half a second instead of about six;
 * {@link #PRODUCTION} keeps Consul's own defaults.
 */
public enum Timing {
    // Consul's own -dev gossip timings. Measured on loopback (1.8.7, 3+1): a killed server is no
    // longer alive for any peer after 0.41-0.63 s; with 200 ms probes it took 0.84-1.13 s.
    FAST(1, new Gossip("100ms", "100ms", "100ms", 3)),
    PRODUCTION(0, null);

    private final int raftMultiplier;
    private final Gossip gossip;

    Timing(int raftMultiplier, Gossip gossip) {
        this.raftMultiplier = raftMultiplier;
        this.gossip = gossip;
    }

    /** The raft multiplier to configure, or 0 to leave Consul's default. */
    public int raftMultiplier() {
        return raftMultiplier;
    }

    /** The gossip timings for both pools ({@code gossip_lan}, {@code gossip_wan}), or empty for Consul's defaults. */
    public Optional<Gossip> gossip() {
        return Optional.ofNullable(gossip);
    }

    /**
     * Gossip timings in Consul's duration syntax, as the {@code gossip_lan}/{@code gossip_wan}
     * config objects of Consul 1.4 take them.
     */
    public record Gossip(String gossipInterval, String probeInterval, String probeTimeout, int suspicionMult) {
    }
}
