package io.github.consulembedded.cli;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The command in a child JVM, as users run it: {@code java -jar} on the jar that {@code package}
 * built (Failsafe names it in {@code cli.jar}); run without Maven, {@link LocalClusterMain} on the
 * test class path. Stdout is collected line by line (and echoed with a prefix), stderr goes to a
 * file that failure messages quote.
 */
final class CliProcess implements AutoCloseable {
    private final Process process;
    private final Path stderr;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private CliProcess(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.reader = new Thread(this::pump, "cli-stdout-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    static CliProcess start(Path workDir, String... args) throws IOException {
        return start(workDir, java.util.Map.of(), args);
    }

    /** Like {@link #start(Path, String...)}, with extra environment variables. */
    static CliProcess start(Path workDir, java.util.Map<String, String> environment, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(javaExecutable()));
        command.addAll(launcher());
        command.addAll(List.of(args));
        Path stderr = workDir.resolve("cli-stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectError(ProcessBuilder.Redirect.to(stderr.toFile()));
        builder.environment().putAll(environment);
        return new CliProcess(builder.start(), stderr);
    }

    /** The JVM arguments that start the command: the built jar if Failsafe named one, else the class path. */
    private static List<String> launcher() {
        String jar = System.getProperty("cli.jar");
        if (jar == null) {
            return List.of("-cp", System.getProperty("java.class.path"), LocalClusterMain.class.getName());
        }
        if (!Files.isRegularFile(Path.of(jar))) {
            fail("cli.jar names " + jar + ", which does not exist; run the tests through mvn verify");
        }
        return List.of("-jar", jar);
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private void pump() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
                System.out.println("[cli " + process.pid() + "] " + line);
            }
        } catch (IOException e) {
            // The process ended; what was read is kept.
        }
    }

    long pid() {
        return process.pid();
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    /** Waits for a stdout line matching {@code wanted}; fails with the output so far on timeout or exit. */
    String awaitLine(String what, Predicate<String> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<String> hit = lines.stream().filter(wanted).findFirst();
            if (hit.isPresent()) {
                return hit.get();
            }
            if (!process.isAlive()) {
                reader.join(2000);
                hit = lines.stream().filter(wanted).findFirst();
                if (hit.isPresent()) {
                    return hit.get();
                }
                fail("the command exited with " + process.exitValue() + " before printing " + what + "\n" + output());
            }
            if (System.nanoTime() > deadline) {
                fail("no " + what + " within " + timeout.toSeconds() + " s\n" + output());
            }
            Thread.sleep(50);
        }
    }

    /** Waits for the exit; fails with the output if it takes longer than {@code timeout}. */
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            fail("the command did not exit within " + timeout.toSeconds() + " s\n" + output());
        }
        reader.join(2000);
        return process.exitValue();
    }

    /**
     * SIGTERM, as {@code kill} or a service manager sends it. Through the handle: {@link Process#destroy()}
     * would also close our end of the pipes and lose what the command prints while it stops.
     */
    void terminate() {
        process.toHandle().destroy();
    }

    String stderr() {
        try {
            return Files.exists(stderr) ? Files.readString(stderr, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String output() {
        List<String> err = stderr().lines().toList();
        return "--- stdout:\n" + String.join("\n", lines) + "\n--- last stderr lines:\n"
                + String.join("\n", err.subList(Math.max(0, err.size() - 40), err.size()));
    }

    /** SIGKILL if still running: its agent watchdog then ends the agents. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
