package io.github.consulembedded.childjvm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A helper main run in a JVM of its own with the test classpath, talking line by line: the test
 * reads its standard output, writes to its standard input and finds its log (standard error) in
 * a file. Closing it kills the JVM if it still runs.
 */
public final class ChildJvm implements AutoCloseable {
    private static final String EOF = "\u0000eof";

    private final String name;
    private final Process process;
    private final Path log;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final List<String> seen = new ArrayList<>();
    private final OutputStream stdin;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.stdin = process.getOutputStream();
        Thread pump = new Thread(this::pump, "child-jvm-" + name + "-" + process.pid());
        pump.setDaemon(true);
        pump.start();
    }

    /**
     * Starts {@code main} with the test classpath, the library's work dir set to {@code workDir}
     * and {@code CONSUL_BINARY} set to {@code consulBinary} (when not null).
     */
    public static ChildJvm start(String name, Path workDir, Path consulBinary, Class<?> main, String... args) {
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx256m", "-XX:+UseSerialGC",
                "-Dconsul.embedded.work-dir=" + workDir,
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Path log = workDir.resolveSibling(workDir.getFileName() + "-" + name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
        if (consulBinary != null) {
            builder.environment().put("CONSUL_BINARY", consulBinary.toString());
        }
        try {
            return new ChildJvm(name, builder.start(), log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a JVM for " + main.getName(), e);
        }
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private void pump() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
            }
        } catch (IOException e) {
            // The process is gone; EOF below tells the reader.
        } finally {
            lines.add(EOF);
        }
    }

    public Process process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    /**
     * Waits for the next output line that starts with {@code prefix}, keeping the lines before it
     * in {@link #linesSoFar()}. Fails with the child's log when it reports FAILED, exits, or says
     * nothing of the kind within {@code timeout}.
     */
    public String awaitLine(String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            String line = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : null;
            if (line == null) {
                throw new AssertionError(name + ": no line starting with '" + prefix + "' within " + timeout
                        + "; output so far " + seen + "\n" + logTail());
            }
            if (EOF.equals(line)) {
                lines.add(EOF);
                throw new AssertionError(name + " ended its output before a line starting with '" + prefix
                        + "'; output " + seen + "\n" + logTail());
            }
            seen.add(line);
            if (line.startsWith(prefix)) {
                return line;
            }
            if (line.startsWith("FAILED")) {
                throw new AssertionError(name + " reported: " + line + "\n" + logTail());
            }
        }
    }

    /** Every line read by {@link #awaitLine} so far, the awaited ones included. */
    public List<String> linesSoFar() {
        return List.copyOf(seen);
    }

    /** Writes one line to the child's standard input. */
    public void send(String line) {
        try {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to " + name + " (pid " + pid() + ")", e);
        }
    }

    /** Waits for the child to exit and returns its exit code; fails with its log if it does not. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " (pid " + pid() + ") did not exit within " + timeout + "\n" + logTail());
        }
        return process.exitValue();
    }

    /** The last lines of the child's standard error, for failure messages. */
    public String logTail() {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "--- last lines of " + log + " ---\n"
                    + String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
        } catch (IOException e) {
            return "(no log at " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Kills the JVM if it still runs: a test that failed half-way must not leave it behind. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
