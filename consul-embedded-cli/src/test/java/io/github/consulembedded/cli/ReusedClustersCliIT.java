package io.github.consulembedded.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.consulembedded.ReusedClusters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * {@code --list-reused} and {@code --stop-reused} on a cluster a test run left for reuse, in a
 * private work dir: the list names it with its pids and idle time; stopping prints it and leaves
 * no process and no folder.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the agent watchdog is a POSIX shell script")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ReusedClustersCliIT {
    @TempDir
    Path tmp;

    private Path work() {
        return tmp.resolve("work");
    }

    @AfterEach
    void nothingIsLeft() {
        ReusedClusters.stopAll(work());
    }

    @Test
    void listsAndStopsTheReusedClustersOfTheWorkArea() throws Exception {
        Process starter = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-Dconsul.embedded.work-dir=" + work(), "-cp", System.getProperty("java.class.path"),
                ReusedClusterStarter.class.getName()).redirectError(tmp.resolve("starter.log").toFile()).start();
        List<String> started = new String(starter.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(starter.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(started).as(Files.readString(tmp.resolve("starter.log"))).anyMatch(l -> l.startsWith("KEEPER "));
        long serverPid = Long.parseLong(started.get(0).split(" ")[2]);
        long keeperPid = Long.parseLong(started.get(1).split(" ")[1]);
        Map<String, String> env = Map.of("CONSUL_EMBEDDED_WORK_DIR", work().toString());

        try (CliProcess list = CliProcess.start(tmp, env, "--list-reused")) {
            assertThat(list.awaitExit(Duration.ofSeconds(60))).isZero();
            assertThat(list.lines()).first().isEqualTo("1 reused Consul cluster running:");
            assertThat(list.lines().get(1)).contains("1 server, 0 clients, dc1", "keeper pid " + keeperPid,
                    "agent pids [" + serverPid + "]", "idle since", "stops after 30 min");
        }
        try (CliProcess stop = CliProcess.start(tmp, env, "--stop-reused")) {
            assertThat(stop.awaitExit(Duration.ofSeconds(90))).isZero();
            assertThat(stop.lines()).first().isEqualTo("Stopped 1 reused Consul cluster:");
            assertThat(stop.lines().get(1)).contains("keeper pid " + keeperPid);
        }
        assertThat(ProcessHandle.of(keeperPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(ProcessHandle.of(serverPid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        try (var entries = Files.list(work().resolve("reuse"))) {
            assertThat(entries.toList()).isEmpty();
        }
        try (CliProcess list = CliProcess.start(tmp, env, "--list-reused")) {
            assertThat(list.awaitExit(Duration.ofSeconds(60))).isZero();
            assertThat(list.lines()).containsExactly("No reused Consul cluster is running.");
        }
    }
}
