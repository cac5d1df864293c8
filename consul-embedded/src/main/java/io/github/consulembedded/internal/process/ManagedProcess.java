package io.github.consulembedded.internal.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The one way the library runs a subprocess: agents, {@code consul version}, {@code consul tls}
 * and the watchdog alike. Output is read line by line by daemon threads named after the process
 * and its pid, so a full pipe never blocks the child; {@link #exit()} completes once the process
 * has ended and its output is drained.
 */
public final class ManagedProcess {
    private final String name;
    private final Process process;
    private final CompletableFuture<Integer> exit;

    private ManagedProcess(String name, Process process, CompletableFuture<Integer> exit) {
        this.name = name;
        this.process = process;
        this.exit = exit;
    }

    /** What to run and where its output goes. */
    public record Spec(String name, List<String> command, Path workingDir, Map<String, String> environment,
            Consumer<OutputLine> output, boolean keepStdinOpen) {
        public Spec {
            command = List.copyOf(command);
            environment = Map.copyOf(environment);
        }

        /** A process whose stdin is closed at once and whose output goes to {@code output}. */
        public static Spec of(String name, List<String> command, Path workingDir, Consumer<OutputLine> output) {
            return new Spec(name, command, workingDir, Map.of(), output, false);
        }
    }

    /** One line the process printed, and on which stream. */
    public record OutputLine(String text, boolean stderr) {
    }

    /** What a process run to completion printed (stdout and stderr interleaved) and how it exited. */
    public record Result(int exitCode, String output) {
    }

    /**
     * Starts the process and returns once the OS process exists.
     *
     * @throws IOException when the executable cannot be started at all
     */
    public static ManagedProcess start(Spec spec) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(spec.command());
        if (spec.workingDir() != null) {
            builder.directory(spec.workingDir().toFile());
        }
        builder.environment().putAll(spec.environment());
        Process process = builder.start();
        if (!spec.keepStdinOpen()) {
            process.getOutputStream().close();
        }
        String threadName = spec.name() + "-" + process.pid();
        CompletableFuture<Void> out = pump(process.getInputStream(), threadName + "-out", false, spec.output());
        CompletableFuture<Void> err = pump(process.getErrorStream(), threadName + "-err", true, spec.output());
        CompletableFuture<Integer> exit = process.onExit()
                .thenCombine(CompletableFuture.allOf(out, err), (p, drained) -> p.exitValue());
        return new ManagedProcess(spec.name(), process, exit);
    }

    /**
     * Runs {@code command} to completion and returns its output; a process still running after
     * {@code timeout} is killed and reported.
     */
    public static Result run(String name, List<String> command, Path workingDir, Duration timeout) throws IOException {
        StringBuilder output = new StringBuilder();
        ManagedProcess process = start(Spec.of(name, command, workingDir, line -> {
            synchronized (output) {
                output.append(line.text()).append('\n');
            }
        }));
        try {
            if (!process.awaitExit(timeout.toMillis())) {
                process.kill();
                process.awaitExit(5000);
                synchronized (output) {
                    throw new IOException("`" + String.join(" ", command) + "` did not finish within " + timeout.toMillis()
                            + " ms; output so far: " + output.toString().strip());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.kill();
            throw new IOException("interrupted while running `" + String.join(" ", command) + "`", e);
        }
        synchronized (output) {
            return new Result(process.exit().join(), output.toString());
        }
    }

    private static CompletableFuture<Void> pump(InputStream stream, String threadName, boolean stderr,
            Consumer<OutputLine> sink) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    sink.accept(new OutputLine(line, stderr));
                }
            } catch (IOException | RuntimeException e) {
                // The stream closes when the process dies; whatever was read has been passed on.
            } finally {
                done.complete(null);
            }
        }, threadName);
        thread.setDaemon(true);
        thread.start();
        return done;
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive() && !exit.isDone();
    }

    /** Completes with the exit code once the process has ended and its output is drained. */
    public CompletableFuture<Integer> exit() {
        return exit;
    }

    /** The process's stdin, for a process started with {@code keepStdinOpen}. */
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    /**
     * SIGTERM: a graceful stop. Sent through the {@link ProcessHandle}, because
     * {@link Process#destroy()} also closes the pipes: what the process prints while it shuts
     * down (and what it printed just before, unread yet) would be lost to its log.
     */
    public void terminate() {
        process.toHandle().destroy();
    }

    /** SIGKILL, as a crash would; lines it printed before and not yet read still reach its log. */
    public void kill() {
        process.toHandle().destroyForcibly();
    }

    /** Waits for the exit; true if it ended within {@code millis}. */
    public boolean awaitExit(long millis) throws InterruptedException {
        try {
            exit.get(millis, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        }
    }

    @Override
    public String toString() {
        return name + " pid " + process.pid();
    }
}
