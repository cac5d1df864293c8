package io.github.consulembedded.internal.reuse;

import io.github.consulembedded.ConsulEmbeddedException;
import io.github.consulembedded.internal.process.WorkArea;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * Starts the keeper of a new reused cluster as a JVM of its own with this JVM's class path, and
 * waits until it reports the cluster ready or failed. The keeper is started with a plain
 * {@link ProcessBuilder} rather than the library's ManagedProcess on purpose: it must outlive
 * this JVM, so it holds no pipe to it (output goes to its log file), and under {@code setsid} a
 * Ctrl-C in this JVM's terminal does not reach it.
 */
final class KeeperLauncher {
    private static final Duration JVM_START_ALLOWANCE = Duration.ofSeconds(30);

    private KeeperLauncher() {
    }

    /** Starts the keeper for {@code entry}, whose request is written; returns its published ready state. */
    static KeeperState launch(ReuseEntry entry, Duration readyTimeout) {
        Process process;
        try {
            process = new ProcessBuilder(command(entry))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(entry.log().toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new ConsulEmbeddedException("cannot start the keeper JVM of a reused Consul cluster: " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + readyTimeout.plus(JVM_START_ALLOWANCE).toNanos();
        while (true) {
            Optional<KeeperState> state = entry.state();
            if (state.isPresent() && state.get().isReady()) {
                return state.get();
            }
            if (state.isPresent() && KeeperState.FAILED.equals(state.get().phase())) {
                throw new ConsulEmbeddedException("the reused Consul cluster failed to start: " + state.get().failure()
                        + "\n" + logTail(entry));
            }
            if (!process.isAlive()) {
                throw new ConsulEmbeddedException("the keeper JVM of the reused Consul cluster exited with code "
                        + process.exitValue() + " before the cluster was ready\n" + logTail(entry));
            }
            if (System.nanoTime() > deadline) {
                process.destroy();
                throw new ConsulEmbeddedException("the keeper of the reused Consul cluster did not report it ready within "
                        + readyTimeout.plus(JVM_START_ALLOWANCE) + "\n" + logTail(entry));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroy();
                throw new ConsulEmbeddedException("interrupted while the reused Consul cluster started", e);
            }
        }
    }

    private static List<String> command(ReuseEntry entry) {
        List<String> command = new ArrayList<>();
        for (String setsid : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(setsid))) {
                command.add(setsid);
                break;
            }
        }
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // A small JVM: it only supervises a few processes and polls a folder.
        command.addAll(List.of("-Xmx96m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto"));
        for (Map.Entry<Object, Object> p : System.getProperties().entrySet()) {
            String name = String.valueOf(p.getKey());
            if (name.startsWith("consul.embedded.") || name.startsWith("org.slf4j.simpleLogger.")) {
                command.add("-D" + name + "=" + p.getValue());
            }
        }
        command.add("-Dconsul.embedded.work-dir=" + WorkArea.get().root());
        command.add("-cp");
        command.add(classPath());
        command.add(KeeperMain.class.getName());
        command.add(entry.dir().toString());
        return command;
    }

    /**
     * This JVM's class path, with a manifest-only jar (as Surefire's booter jar) replaced by the
     * entries it names: that jar is deleted when the build ends, and the keeper lives on.
     */
    static String classPath() {
        List<String> entries = new ArrayList<>();
        for (String element : System.getProperty("java.class.path").split(File.pathSeparator)) {
            entries.addAll(expand(element));
        }
        return String.join(File.pathSeparator, entries);
    }

    private static List<String> expand(String element) {
        if (!element.endsWith(".jar")) {
            return List.of(element);
        }
        try (JarFile jar = new JarFile(element)) {
            Manifest manifest = jar.getManifest();
            String classPath = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (classPath == null || classPath.isBlank() || jar.stream().anyMatch(e -> e.getName().endsWith(".class"))) {
                return List.of(element);
            }
            List<String> expanded = new ArrayList<>();
            Path base = Path.of(element).toAbsolutePath().getParent();
            for (String url : classPath.trim().split("\\s+")) {
                java.net.URI uri = base.toUri().resolve(url);
                expanded.add(Path.of(uri).toString());
            }
            return expanded;
        } catch (IOException | IllegalArgumentException e) {
            return List.of(element);
        }
    }

    static String logTail(ReuseEntry entry) {
        try {
            List<String> lines = Files.readAllLines(entry.log(), StandardCharsets.UTF_8);
            return "--- last lines of " + entry.log() + " ---\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no keeper log at " + entry.log() + ")";
        }
    }
}
