package io.github.consulembedded.samples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.github.consulembedded.ConsulCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class LeaderFailoverSampleIT {

    @Test
    void anotherServerTakesOverAndTheKilledLeaderRejoins() throws InterruptedException {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        LeaderFailoverSample.Result result = LeaderFailoverSample.run(ConsulCluster.builder().binary(RealConsul.binary()),
                new PrintStream(printed, true, StandardCharsets.UTF_8));

        assertThat(result.oldLeader()).startsWith("consul-server-");
        assertThat(result.newLeader()).startsWith("consul-server-").isNotEqualTo(result.oldLeader());
        assertThat(result.valueAfterFailover()).isEqualTo("hello");
        assertThat(result.aliveMembersAfterRejoin()).isEqualTo(5);
        assertThat(result.failover()).isPositive().isLessThan(Duration.ofSeconds(60));
        assertThat(result.rejoin()).isPositive().isLessThan(Duration.ofSeconds(60));
        assertThat(printed.toString(StandardCharsets.UTF_8).lines().toList()).satisfiesExactly(
                line -> assertThat(line).startsWith("Killed leader " + result.oldLeader() + "; " + result.newLeader() + " leads after "),
                line -> assertThat(line).startsWith("Restarted " + result.oldLeader() + "; the cluster is ready again after ")
                        .contains("with 5 live members"));
        // 5 agents plus the restarted leader's new process, all ended by the sample's close.
        assertThat(result.pids()).hasSize(6).allMatch(pid -> pid > 0).doesNotHaveDuplicates();
        assertGone(result.pids());
    }

    private static void assertGone(List<Long> pids) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<Long> alive = pids;
        while (System.nanoTime() < deadline) {
            alive = pids.stream().filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).toList();
            if (alive.isEmpty()) {
                return;
            }
            Thread.sleep(50);
        }
        fail("agent processes still running after the sample closed its cluster: " + alive);
    }
}
