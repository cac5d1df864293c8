package io.github.consulembedded.samples;

import io.github.consulembedded.ClusterSpec;
import io.github.consulembedded.ConsulAgent;
import io.github.consulembedded.ConsulCluster;
import io.github.consulembedded.ConsulMember;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A standalone cluster losing its leader: 3 servers and 2 clients, a key written, the leader
 * killed as a crash would, a new leader elected, the key still readable, then the old leader
 * restarted with its data so that it rejoins. Prints how long each step took.
 */
public final class LeaderFailoverSample {

    private LeaderFailoverSample() {
    }

    /**
     * What one run saw.
     *
     * @param oldLeader the leader that was killed
     * @param newLeader the server that took over
     * @param failover from the kill until every running agent agreed on the new leader
     * @param valueAfterFailover the key written before the kill, read back after it
     * @param rejoin from the restart of the old leader until the whole cluster was ready again
     * @param aliveMembersAfterRejoin live members the new leader sees at the end
     * @param pids every agent pid the run used, the killed one included
     */
    public record Result(String oldLeader, String newLeader, Duration failover, String valueAfterFailover,
                         Duration rejoin, int aliveMembersAfterRejoin, List<Long> pids) {
    }

    /** Runs the sample with the binary from {@code CONSUL_BINARY}, the cache or a download. */
    public static void main(String[] args) {
        run(ConsulCluster.builder(), System.out);
    }

    /**
     * Starts 3 servers and 2 clients from {@code builder}, fails the leader over and back, prints
     * each step to {@code out} and closes the cluster before returning.
     */
    public static Result run(ClusterSpec.Builder builder, PrintStream out) {
        List<Long> pids = new ArrayList<>();
        // tag::failover[]
        try (ConsulCluster cluster = builder.servers(3).clients(2)
                .supervise(false) // the sample restarts the old leader itself
                .start()) {
            cluster.agents().forEach(agent -> pids.add(agent.pid()));
            cluster.http().kvPut("sample/greeting", "hello");

            ConsulAgent oldLeader = cluster.leader();
            long killed = System.nanoTime();
            cluster.kill(oldLeader); // SIGKILL, as a crash would
            ConsulAgent newLeader = cluster.awaitLeaderChange(oldLeader);
            Duration failover = since(killed);
            String value = cluster.http().kvGet("sample/greeting").orElseThrow();
            out.printf(Locale.ROOT, "Killed leader %s; %s leads after %d ms; sample/greeting is still '%s'%n",
                    oldLeader.node(), newLeader.node(), failover.toMillis(), value);

            long restarted = System.nanoTime();
            cluster.restart(oldLeader); // same data dir, node id and ports: it rejoins as itself
            cluster.awaitReady(Duration.ofSeconds(60));
            Duration rejoin = since(restarted);
            pids.add(oldLeader.pid());
            int alive = (int) newLeader.http().members().stream().filter(ConsulMember::isAlive).count();
            out.printf(Locale.ROOT, "Restarted %s; the cluster is ready again after %d ms with %d live members, "
                    + "leader %s%n", oldLeader.node(), rejoin.toMillis(), alive, cluster.leader().node());
            return new Result(oldLeader.node(), newLeader.node(), failover, value, rejoin, alive, List.copyOf(pids));
        }
        // end::failover[]
    }

    private static Duration since(long nanoTime) {
        return Duration.ofNanos(System.nanoTime() - nanoTime);
    }
}
