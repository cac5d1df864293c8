package io.github.consulembedded.internal.readiness;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides when an agent that has not heard of a live member should be joined to it. Gossip
 * spreads a new member to everyone within a few hundred milliseconds, but a message can be
 * missed on a loaded machine (UDP), and then only the periodic full sync, every 30 s or more,
 * repairs the view: on a loaded 2-core machine, one 3+3 start in 30-90 took 30-40 s instead of
 * 1.5-2 s, a client never having heard that another had joined. A join between the two agents
 * is that full sync, at once. Pure bookkeeping; the caller sends the joins.
 *
 * <p>The bookkeeping is kept per datacenter: each one's agents gossip in their own LAN pool, and a
 * wait looks at the datacenters in turn, so one datacenter's look must not end another's grace.
 */
public final class GossipRepair {
    /** How long a gap may last before a join: gossip normally closes it well within this. */
    public static final long GRACE_NANOS = 1_000_000_000L;
    /** How often the same agent is joined to the same member again, while the gap lasts. */
    public static final long RETRY_NANOS = 2_000_000_000L;

    /** One join to send: ask {@code viewer} to join {@code member}. */
    public record Join(String viewer, String member) {
    }

    /** One datacenter's gaps: since when each is seen, and when each was last joined. */
    private static final class Pool {
        private final Map<Join, Long> missingSince = new HashMap<>();
        private final Map<Join, Long> joinedAt = new HashMap<>();
    }

    private final Map<String, Pool> pools = new HashMap<>();

    /**
     * The joins due now in {@code datacenter}.
     *
     * @param datacenter whose agents these are; each datacenter's gaps are tracked on their own
     * @param aliveSeenBy for each agent that answered, the members it sees as alive
     * @param live the members that are running and not frozen, which every agent should see alive
     * @param now {@link System#nanoTime()}
     */
    public synchronized List<Join> due(String datacenter, Map<String, Set<String>> aliveSeenBy, Set<String> live, long now) {
        Pool pool = pools.computeIfAbsent(datacenter, dc -> new Pool());
        List<Join> due = new ArrayList<>();
        Map<Join, Long> stillMissing = new HashMap<>();
        for (Map.Entry<String, Set<String>> view : aliveSeenBy.entrySet()) {
            if (!live.contains(view.getKey())) {
                continue;
            }
            for (String member : live) {
                if (member.equals(view.getKey()) || view.getValue().contains(member)) {
                    continue;
                }
                Join join = new Join(view.getKey(), member);
                long since = pool.missingSince.getOrDefault(join, now);
                stillMissing.put(join, since);
                Long last = pool.joinedAt.get(join);
                if (now - since >= GRACE_NANOS && (last == null || now - last >= RETRY_NANOS)) {
                    due.add(join);
                    pool.joinedAt.put(join, now);
                }
            }
        }
        pool.missingSince.clear();
        pool.missingSince.putAll(stillMissing);
        pool.joinedAt.keySet().retainAll(stillMissing.keySet());
        return due;
    }
}
