package io.github.consulembedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.consulembedded.childjvm.ChildJvm;
import io.github.consulembedded.childjvm.ReuseChild;
import io.github.consulembedded.childjvm.ReuseTimingChild;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reusing a cluster across runs, with real child JVMs as the runs: the second run attaches to
 * the cluster the first left (same pids, no start, none of the first run's data), runs at the
 * same time never share one, a changed spec never attaches, and a reused cluster goes away by
 * itself when idle, on demand, or when its keeper dies. Each test uses its own work dir and
 * leaves no process behind.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the agent watchdog is a POSIX shell script")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class ReuseIT {
    private static final Duration START = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    private Path work() {
        return dir.resolve("work");
    }

    private final List<ChildJvm> children = new java.util.ArrayList<>();

    @AfterEach
    void nothingIsLeftRunning() throws Exception {
        children.forEach(ChildJvm::close);
        ReusedClusters.stopAll(work());
        assertThat(processesOf(work())).as("processes of the test's work dir").isEmpty();
        assertThat(ReusedClusters.list(work())).isEmpty();
    }

    @Test
    void theSecondRunAttachesToTheSameClusterAndSeesNoneOfTheFirstRunsData() throws Exception {
        Run first = run("first", 3, 1, "10s", "10m");
        assertThat(first.seen).isEqualTo("0 0 0");
        first.close();
        assertThat(ReusedClusters.list(work())).singleElement().satisfies(info -> {
            assertThat(info.agentPids()).containsExactlyInAnyOrderElementsOf(first.pids.values());
            assertThat(info.idleSince()).isPresent();
            assertThat(info.attachedPid()).isEmpty();
        });

        Run second = run("second", 3, 1, "10s", "10m");
        assertThat(second.pids).isEqualTo(first.pids);
        assertThat(second.seen).as("KV keys, services, sessions the first run left").isEqualTo("0 0 0");
        // Both JVMs are fresh, so both pay for loading the library; the second starts no cluster.
        assertThat(second.readyMillis).as("attach time vs. start " + first.readyMillis + " ms")
                .isLessThan(first.readyMillis);
        assertThat(ReusedClusters.list(work())).singleElement()
                .satisfies(info -> assertThat(info.attachedPid()).contains(second.child.pid()));
        second.close();
    }

    @Test
    void theNextRunGetsBackTheAgentsAnEarlierRunLeftFrozenOrStopped() throws Exception {
        Run first = run("leaves-faults", 3, 1, "10s", "10m");
        first.child.send("freeze consul-client-1");
        first.child.awaitLine("DONE freeze", START);
        first.child.send("stop-agent consul-server-3");
        first.child.awaitLine("DONE stop-agent", START);
        first.close();

        Run second = run("gets-them-back", 3, 1, "10s", "10m");

        assertThat(second.pids).containsEntry("consul-server-1", first.pids.get("consul-server-1"))
                .containsEntry("consul-client-1", first.pids.get("consul-client-1"));
        assertThat(second.pids.get("consul-server-3")).isPositive().isNotEqualTo(first.pids.get("consul-server-3"));
        assertThat(second.states).as("running and frozen, by node").containsOnly(
                Map.entry("consul-server-1", "true false"), Map.entry("consul-server-2", "true false"),
                Map.entry("consul-server-3", "true false"), Map.entry("consul-client-1", "true false"));
        assertThat(second.seen).as("KV keys, services, sessions the first run left").isEqualTo("0 0 0");
        second.close();
    }

    @Test
    void attachingIsAFractionOfAColdStartInTheSameJvm() throws Exception {
        ChildJvm child = ChildJvm.start("timing", work(), RealConsul.binary().executable(), ReuseTimingChild.class, "3", "1");
        children.add(child);
        String[] times = child.awaitLine("TIMES ", START).split(" ");
        long attach = Long.parseLong(times[1]);
        long cold = Long.parseLong(times[2]);
        System.out.println("ReuseIT: attach and reset " + attach + " ms, cold start " + cold + " ms");
        // The goal is a tenth; a third leaves room for a loaded machine without letting a real start pass.
        assertThat(attach).as("attach vs. cold start of " + cold + " ms").isLessThan(cold / 3);
        child.awaitLine("DONE", START);
    }

    @Test
    void aKilledAgentOfAReusedClusterIsRestartedByItsKeeper() throws Exception {
        Run run = run("faults", 3, 1, "10s", "10m");
        long old = run.pids.get("consul-server-2");
        run.child.send("kill consul-server-2");
        String killed = run.child.awaitLine("KILLED ", START);
        long restarted = Long.parseLong(killed.split(" ")[2]);
        assertThat(restarted).isPositive().isNotEqualTo(old);
        assertThat(ProcessHandle.of(old).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        run.close();
        assertThat(ReusedClusters.list(work()).get(0).agentPids()).contains(restarted);
    }

    @Test
    void twoRunsAtOnceNeverUseOneCluster() throws Exception {
        Run first = run("first", 3, 0, "1s", "10m");
        // The first run still holds its cluster: the second waits 1 s, then starts a cluster of its own.
        Run second = run("second", 3, 0, "1s", "10m");
        assertThat(second.pids.values()).doesNotContainAnyElementsOf(first.pids.values());
        assertThat(ReusedClusters.list(work())).hasSize(2);
        first.close();
        second.close();
    }

    @Test
    void aWaitingRunAttachesOnceTheRunBeforeItDetaches() throws Exception {
        Run first = run("first", 3, 0, "60s", "10m");
        try (ChildJvm second = ChildJvm.start("second", work(), RealConsul.binary().executable(), ReuseChild.class,
                "3", "0", "60s", "10m")) {
            children.add(second);
            // While the first run holds the cluster, the second waits: it reports nothing.
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> second.awaitLine("READY ", Duration.ofSeconds(3)))
                    .isInstanceOf(AssertionError.class).hasMessageContaining("no line starting with 'READY '");
            first.close();
            Run attached = new Run(second);
            assertThat(attached.pids).isEqualTo(first.pids);
            assertThat(attached.seen).isEqualTo("0 0 0");
            attached.close();
        }
    }

    @Test
    void aChangedSpecNeverAttachesToTheOldCluster() throws Exception {
        Run first = run("one-client", 3, 1, "10s", "10m");
        first.close();
        Run second = run("two-clients", 3, 2, "10s", "10m");
        assertThat(second.pids.values()).doesNotContainAnyElementsOf(first.pids.values());
        assertThat(ReusedClusters.list(work())).hasSize(2);
        second.close();
    }

    @Test
    void anIdleReusedClusterStopsByItselfAndLeavesNothing() throws Exception {
        Run run = run("idle", 1, 0, "10s", "3s");
        run.close();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!ReusedClusters.list(work()).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(ReusedClusters.list(work())).isEmpty();
        awaitGone(run.pids.values());
        assertThat(entries()).isEmpty();
        assertThat(processesOf(work())).isEmpty();
    }

    @Test
    void stopAllStopsEveryReusedClusterAndLeavesNothing() throws Exception {
        Run run = run("stop", 3, 1, "10s", "10m");
        run.close();
        long keeper = ReusedClusters.list(work()).get(0).keeperPid();
        List<ReusedClusters.Info> stopped = ReusedClusters.stopAll(work());
        assertThat(stopped).singleElement().satisfies(info -> assertThat(info.keeperPid()).isEqualTo(keeper));
        assertThat(ProcessHandle.of(keeper).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        run.pids.values().forEach(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse());
        assertThat(entries()).isEmpty();
        assertThat(processesOf(work())).isEmpty();
    }

    @Test
    void aClusterWhoseKeeperDiedIsCleanedUp() throws Exception {
        Run run = run("orphan", 3, 0, "10s", "10m");
        run.close();
        long keeper = ReusedClusters.list(work()).get(0).keeperPid();
        ProcessHandle.of(keeper).orElseThrow().destroyForcibly();
        // The keeper's watchdog ends its agents; the next look at the work area removes the entry.
        awaitGone(run.pids.values());
        assertThat(ReusedClusters.list(work())).isEmpty();
        assertThat(entries()).isEmpty();
        // And a new run starts a new cluster rather than attach to the dead one.
        Run next = run("next", 3, 0, "10s", "10m");
        assertThat(next.pids.values()).doesNotContainAnyElementsOf(run.pids.values());
        next.close();
    }

    // ---------------------------------------------------------------- helpers

    /** One child JVM that got a reused cluster, with what it reported. */
    private static final class Run {
        final ChildJvm child;
        final long readyMillis;
        final Map<String, Long> pids = new LinkedHashMap<>();
        /** "running frozen" by node, as the run saw its agents. */
        final Map<String, String> states = new LinkedHashMap<>();
        final String seen;

        Run(ChildJvm child) throws InterruptedException {
            this.child = child;
            readyMillis = Long.parseLong(child.awaitLine("READY ", START).split(" ")[1]);
            String line = child.awaitLine("SEEN ", START);
            seen = line.substring("SEEN ".length());
            for (String l : child.linesSoFar()) {
                if (l.startsWith("AGENT ")) {
                    String[] parts = l.split(" ");
                    pids.put(parts[1], Long.parseLong(parts[2]));
                    states.put(parts[1], parts[3] + " " + parts[4]);
                }
            }
            child.awaitLine("LEFT", START);
        }

        void close() throws InterruptedException {
            child.send("stop");
            child.awaitLine("CLOSED", START);
            assertThat(child.awaitExit(Duration.ofSeconds(30))).isZero();
            child.close();
        }
    }

    private Run run(String name, int servers, int clients, String wait, String idle) throws InterruptedException {
        ChildJvm child = ChildJvm.start(name, work(), RealConsul.binary().executable(), ReuseChild.class,
                Integer.toString(servers), Integer.toString(clients), wait, idle);
        children.add(child);
        try {
            return new Run(child);
        } catch (AssertionError | RuntimeException e) {
            child.close();
            throw e;
        }
    }

    private List<Path> entries() throws Exception {
        Path reuse = work().resolve("reuse");
        if (!Files.isDirectory(reuse)) {
            return List.of();
        }
        try (var files = Files.list(reuse)) {
            return files.toList();
        }
    }

    private static void awaitGone(java.util.Collection<Long> pids) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline
                && pids.stream().anyMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))) {
            Thread.sleep(100);
        }
        assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                .as("pid " + pid + " alive").isFalse());
    }

    private static List<String> processesOf(Path work) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<String> left;
        do {
            left = ProcessHandle.allProcesses()
                    .filter(p -> p.pid() != ProcessHandle.current().pid())
                    .filter(p -> p.info().commandLine().map(c -> c.contains(work.toString())).orElse(false))
                    .map(p -> p.pid() + " " + p.info().commandLine().orElse("")).toList();
            if (!left.isEmpty()) {
                Thread.sleep(200);
            }
        } while (!left.isEmpty() && System.nanoTime() < deadline);
        return left;
    }
}
