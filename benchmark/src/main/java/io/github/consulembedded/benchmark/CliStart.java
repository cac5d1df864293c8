package io.github.consulembedded.benchmark;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The local cluster command as a user runs it: {@code java -jar consul-embedded-cli-<version>.jar
 * --binary <consul> --servers S --clients C} in a new JVM (the same {@code java} as the benchmark's),
 * timed from launching the process until it prints the line starting with {@code READY}, so the
 * JVM's own start counts. SIGTERM then stops it, and the benchmark waits for it to end.
 */
final class CliStart {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SLOW = Duration.ofSeconds(10);

    private CliStart() {
    }

    /** The command's runnable jar under {@code <repository>/consul-embedded-cli/target}, built by the reactor. */
    static Path findJar(Path repository) throws IOException {
        Path target = repository.resolve("consul-embedded-cli").resolve("target");
        if (Files.isDirectory(target)) {
            try (Stream<Path> files = Files.list(target)) {
                List<Path> jars = files.filter(f -> {
                    String name = f.getFileName().toString();
                    return name.startsWith("consul-embedded-cli-") && name.endsWith(".jar")
                            && !name.endsWith("-sources.jar") && !name.endsWith("-javadoc.jar");
                }).toList();
                if (jars.size() == 1) {
                    return jars.get(0);
                }
            }
        }
        throw new IllegalArgumentException("no single consul-embedded-cli jar in " + target.toAbsolutePath()
                + "; build it with `mvn -pl benchmark -am package -DskipTests`, or pass --cli-jar PATH");
    }

    /** Starts the command, waits for READY, stops it; returns launch-to-READY. */
    static Duration startToReady(Path jar, Path binary, int servers, int clients, Duration timeout) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-jar", jar.toString(), "--binary", binary.toString(),
                "--servers", Integer.toString(servers), "--clients", Integer.toString(clients)));
        long began = System.nanoTime();
        Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> output = new ArrayList<>();
        CompletableFuture<Long> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> readUntilEnd(cli, output, ready), "benchmark-cli-output");
        reader.setDaemon(true);
        reader.start();
        try {
            long readyAt = ready.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Duration took = Duration.ofNanos(readyAt - began);
            if (took.compareTo(SLOW) > 0) {
                // A run far off the others: what the command said it was waiting for explains it.
                System.err.println("the CLI took " + took.toMillis() + " ms to READY; what it reported meanwhile:");
                snapshot(output).stream().filter(l -> l.contains("not ready after") || l.contains("still starting"))
                        .forEach(l -> System.err.println("  " + l.strip()));
            }
            return took;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the CLI printed no READY line within " + timeout + "; its output:\n"
                    + String.join("\n", snapshot(output)), e);
        } finally {
            stop(cli);
            reader.join(STOP_TIMEOUT.toMillis());
        }
    }

    private static void readUntilEnd(Process cli, List<String> output, CompletableFuture<Long> ready) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(cli.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("READY")) {
                    ready.complete(System.nanoTime());
                }
                synchronized (output) {
                    output.add(line);
                }
            }
            ready.completeExceptionally(new IOException("the CLI ended with exit code " + cli.waitFor()));
        } catch (IOException | InterruptedException e) {
            ready.completeExceptionally(e);
        }
    }

    /** SIGTERM, as Ctrl-C or a service manager would; the command stops its agents and exits. */
    private static void stop(Process cli) throws InterruptedException {
        cli.destroy();
        if (!cli.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            System.err.println("the CLI (pid " + cli.pid() + ") did not stop within " + STOP_TIMEOUT + " of SIGTERM; killing it");
            cli.destroyForcibly().waitFor();
        }
    }

    private static List<String> snapshot(List<String> output) {
        synchronized (output) {
            return List.copyOf(output);
        }
    }
}
