package io.github.consulembedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.consulembedded.childjvm.ChildJvm;
import io.github.consulembedded.childjvm.ClusterChild;
import io.github.consulembedded.childjvm.PortsChild;
import io.github.consulembedded.childjvm.ReportedAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two JVMs that start a 3+3 cluster each at the same moment, sharing one work area (and so the
 * file-lock port reservations), never pick the same port, and both come up. Heavy: twelve
 * agents on this machine, so the timeouts are generous.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the agent watchdog is a POSIX shell script")
class ParallelJvmsIT {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void twoJvmsStartingThreePlusThreeAtOnceUseDisjointPortsAndLeaveNoAgent() throws Exception {
        Path work = dir.resolve("work");
        Path binary = RealConsul.binary().executable();
        List<ChildJvm> children = new ArrayList<>();
        try {
            for (String name : List.of("jvm-a", "jvm-b")) {
                children.add(ChildJvm.start(name, work, binary, ClusterChild.class, "3", "3", "120", "--wait-for-go"));
            }
            List<Path> sessions = new ArrayList<>();
            for (ChildJvm child : children) {
                sessions.add(Path.of(child.awaitLine("SESSION ", Duration.ofSeconds(60)).substring("SESSION ".length())));
                child.awaitLine("WAITING", Duration.ofSeconds(30));
            }
            // Both JVMs are loaded and wait on stdin: release them together so that they allocate at once.
            children.forEach(c -> c.send("go"));

            List<List<ReportedAgent>> clusters = new ArrayList<>();
            for (ChildJvm child : children) {
                child.awaitLine("READY ", Duration.ofSeconds(180));
                clusters.add(child.linesSoFar().stream().filter(l -> l.startsWith("AGENT ")).map(ReportedAgent::parse).toList());
            }
            for (List<ReportedAgent> cluster : clusters) {
                assertThat(cluster).hasSize(6).allMatch(ReportedAgent::isRunning, "running");
            }
            Set<Integer> portsA = ports(clusters.get(0));
            Set<Integer> portsB = ports(clusters.get(1));
            assertThat(portsA).as("distinct ports within JVM a").hasSize(30);
            assertThat(portsB).as("distinct ports within JVM b").hasSize(30);
            assertThat(portsA).as("ports of JVM a shared with JVM b").doesNotContainAnyElementsOf(portsB);

            children.forEach(c -> c.send("stop"));
            for (ChildJvm child : children) {
                child.awaitLine("CLOSED", Duration.ofSeconds(60));
                assertThat(child.awaitExit(Duration.ofSeconds(30))).as(child.logTail()).isZero();
            }
            List<ReportedAgent> all = new ArrayList<>(clusters.get(0));
            all.addAll(clusters.get(1));
            NoOrphansIT.awaitTrue(Duration.ofSeconds(10), () -> {
                List<ReportedAgent> left = all.stream().filter(ReportedAgent::isRunning).toList();
                if (!left.isEmpty()) {
                    return "agents still running after both JVMs ended: " + left;
                }
                return sessions.stream().filter(Files::exists).findFirst().map(s -> "session left: " + s).orElse(null);
            });
        } finally {
            for (ChildJvm child : children) {
                child.close();
            }
        }
    }

    /**
     * The same guarantee without Consul and with many more ports, so that a broken cross-JVM
     * reservation shows up for sure: two JVMs reserving 1,500 ports each out of 12,000 at once
     * would share about 190 of them by chance alone.
     */
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void twoJvmsReservingManyPortsAtOnceNeverShareOne() throws Exception {
        Path work = dir.resolve("work");
        List<ChildJvm> children = new ArrayList<>();
        try {
            for (String name : List.of("ports-a", "ports-b")) {
                children.add(ChildJvm.start(name, work, null, PortsChild.class, "300"));
            }
            for (ChildJvm child : children) {
                child.awaitLine("WAITING", Duration.ofSeconds(60));
            }
            children.forEach(c -> c.send("go"));
            List<List<Integer>> reserved = new ArrayList<>();
            for (ChildJvm child : children) {
                String line = child.awaitLine("PORTS ", Duration.ofSeconds(60));
                reserved.add(Arrays.stream(line.substring("PORTS ".length()).split(" ")).map(Integer::valueOf).toList());
            }
            children.forEach(c -> c.send("stop"));

            assertThat(reserved.get(0)).hasSize(1500).doesNotHaveDuplicates();
            assertThat(reserved.get(1)).hasSize(1500).doesNotHaveDuplicates();
            assertThat(reserved.get(0)).as("ports reserved by both JVMs").doesNotContainAnyElementsOf(reserved.get(1));
            for (ChildJvm child : children) {
                assertThat(child.awaitExit(Duration.ofSeconds(30))).as(child.logTail()).isZero();
            }
        } finally {
            for (ChildJvm child : children) {
                child.close();
            }
        }
    }

    private static Set<Integer> ports(List<ReportedAgent> agents) {
        Set<Integer> ports = new HashSet<>();
        agents.forEach(a -> ports.addAll(a.ports()));
        return ports;
    }
}
