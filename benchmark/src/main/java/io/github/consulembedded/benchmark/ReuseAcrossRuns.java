package io.github.consulembedded.benchmark;

import io.github.consulembedded.ReusedClusters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Issue 12's scenario: a developer re-running one test class, each run a fresh JVM ({@link
 * ReuseRunChild}) with the benchmark's {@code java} and class path and a private work dir. A run
 * is cold (reuse off), the first with reuse on (it starts the keeper) or a later one (attach and
 * reset). {@link #stopAll()} stops the work dir's reused clusters and fails if any of its
 * processes (keepers, agents, watchdogs) is left.
 */
final class ReuseAcrossRuns {
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /** Short, so that a keeper a crashed benchmark leaves behind stops by itself soon. */
    private static final String IDLE_TIMEOUT = "3m";

    /** The kind of run. */
    enum Kind { COLD, FIRST, LATER }

    /** The library's debug line at the end of an attach, timed from its start (after the binary's resolution). */
    private static final Pattern ATTACH_DONE = Pattern.compile("Attach: reset after (\\d+) ms");

    /**
     * One child run: the first callback to the first test, the JVM's launch to its exit, whether it
     * ran on a reused cluster, its servers' pids, and for an attach the library's own attach-and-reset
     * time from its debug log (NaN otherwise).
     */
    record Run(double firstTestMillis, double wallMillis, boolean reused, String serverPids, double attachMillis) {
    }

    private final Path work;
    private final Path binary;
    private final Class<?> fixture;

    ReuseAcrossRuns(Path work, Path binary, int servers, int clients) {
        this.work = work.toAbsolutePath();
        this.binary = binary;
        this.fixture = ReuseFixtures.forTopology(servers, clients);
    }

    /** Runs the fixture class once in a new JVM and checks that it ran on the kind of cluster {@code kind} expects. */
    Run run(Kind kind) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java,
                "-Dconsul.embedded.work-dir=" + work,
                "-Dconsul.embedded.binary=" + binary,
                // force: keep reuse on even where CI=true; false: off whatever the environment says.
                "-Dconsul.embedded.reuse=" + (kind == Kind.COLD ? "false" : "force"),
                "-Dconsul.embedded.reuse.idle-timeout=" + IDLE_TIMEOUT,
                // For the attach's own timing; the log goes to a file, so it costs the run next to nothing.
                "-Dorg.slf4j.simpleLogger.log.io.github.consulembedded.ConsulCluster=debug",
                "-cp", System.getProperty("java.class.path"),
                ReuseRunChild.class.getName(), fixture.getName()));
        Path log = Files.createTempFile(work.getParent(), "reuse-run-", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove("CONSUL_EMBEDDED_REUSE");
        long began = System.nanoTime();
        Process child = builder.start();
        try {
            if (!child.waitFor(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the " + kind + " run did not end within " + RUN_TIMEOUT + "; its output:\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            double wall = (System.nanoTime() - began) / 1e6;
            List<String> out = Files.readAllLines(log, StandardCharsets.UTF_8);
            if (child.exitValue() != 0 || !out.contains(ReuseRunChild.RESULT + "1 0")) {
                throw new IllegalStateException("the " + kind + " run failed (exit " + child.exitValue() + "); its output:\n"
                        + String.join("\n", out));
            }
            boolean reused = Boolean.parseBoolean(line(out, ReuseRunChild.REUSED));
            if (reused != (kind != Kind.COLD)) {
                throw new IllegalStateException("the " + kind + " run's cluster was " + (reused ? "" : "not ") + "reused");
            }
            double attach = out.stream().map(ATTACH_DONE::matcher).filter(Matcher::find)
                    .mapToDouble(m -> Double.parseDouble(m.group(1))).findFirst().orElse(Double.NaN);
            if (kind == Kind.LATER && Double.isNaN(attach)) {
                throw new IllegalStateException("no line '" + ATTACH_DONE.pattern() + "' in the later run's output:\n"
                        + String.join("\n", out));
            }
            Files.delete(log);
            return new Run(Long.parseLong(line(out, ReuseRunChild.FIRST_TEST)) / 1e6, wall, reused,
                    line(out, ReuseRunChild.SERVER_PIDS), attach);
        } finally {
            child.destroyForcibly();
        }
    }

    /** Stops every reused cluster of the work dir and waits until none of its processes is left. */
    void stopAll() throws InterruptedException {
        ReusedClusters.stopAll(work);
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        List<String> left = processesOfWorkDir();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            left = processesOfWorkDir();
        }
        if (!left.isEmpty()) {
            throw new IllegalStateException("processes of " + work + " left after stopping its reused clusters: " + left);
        }
    }

    private List<String> processesOfWorkDir() {
        String dir = work.toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(dir)).orElse(false))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("")).toList();
    }

    private static String line(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no line " + prefix + "in " + lines))
                .substring(prefix.length()).trim();
    }
}
