package io.github.consulembedded.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.consulembedded.ReusedClusters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @EmbeddedConsulCluster(reuse = true)} across two runs, each a JVM of its own as an IDE
 * would start: the second run's first test starts on the first run's cluster (same server pids)
 * without a cluster start, sees none of the first run's data, and faults still act on the
 * reused agents. The runs use a private work dir, and nothing is left running afterwards.
 */
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the agent watchdog is a POSIX shell script")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ReuseExtensionIT {
    @TempDir
    Path dir;

    private Path work() {
        return dir.resolve("work");
    }

    @AfterEach
    void nothingIsLeftRunning() throws InterruptedException {
        ReusedClusters.stopAll(work());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<String> left;
        do {
            left = ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().map(c -> c.contains(work().toString())).orElse(false))
                    .map(p -> p.pid() + " " + p.info().commandLine().orElse("")).toList();
            Thread.sleep(left.isEmpty() ? 0 : 200);
        } while (!left.isEmpty() && System.nanoTime() < deadline);
        assertThat(left).as("processes of the test's work dir").isEmpty();
    }

    @Test
    void theSecondRunStartsItsFirstTestOnTheFirstRunsClusterAtOnce() throws Exception {
        List<String> first = run("first");
        List<String> second = run("second");
        assertThat(first).contains("RESULT 2 0", "REUSED true");
        assertThat(second).contains("RESULT 2 0", "REUSED true");
        // The first run killed a server, which the keeper restarted: the second finds the cluster as the first left it.
        assertThat(line(second, "PIDS ")).isEqualTo(line(first, "PIDS_AT_END "));
        long cold = Long.parseLong(line(first, "FIRST_TEST_MILLIS "));
        long reused = Long.parseLong(line(second, "FIRST_TEST_MILLIS "));
        System.out.println("ReuseExtensionIT: first callback to first test " + cold + " ms starting, " + reused + " ms reusing");
        assertThat(reused).isLessThan(cold);
        assertThat(ReusedClusters.list(work())).singleElement()
                .satisfies(info -> assertThat(info.attachedPid()).isEmpty());
    }

    private static String line(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no line " + prefix + " in " + lines)).substring(prefix.length());
    }

    private List<String> run(String name) throws IOException, InterruptedException {
        Path log = dir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
                "-XX:+UseSerialGC", "-Dconsul.embedded.work-dir=" + work(), "-cp", System.getProperty("java.class.path"),
                ReuseRunMain.class.getName()).redirectError(log.toFile());
        // A developer's run: CI=true (as in this project's own CI) would switch reuse off.
        builder.environment().remove("CI");
        Process process = builder.start();
        try {
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
            List<String> lines = out.lines().toList();
            assertThat(lines).as("output of run " + name + "; log:\n" + Files.readString(log)).anyMatch(l -> l.startsWith("RESULT "));
            return lines;
        } finally {
            process.destroyForcibly();
        }
    }
}
