package io.github.consulembedded.benchmark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The benchmark's folder for this JVM (floor scripts and data, the archived library's runs) and
 * its watchdog: an {@code sh} that reads a pipe from this JVM until the kernel closes it, which
 * happens however the JVM ends (SIGKILL included), then kills every pid listed in a {@code pids}
 * file of a folder here and removes the folder. The floor's agents are backgrounded by their
 * script, so nothing else would end them; the library's agents have the library's own watchdog.
 */
final class ScratchArea {
    private static final String WATCHDOG = """
            trap '' INT HUP TERM
            while read -r _; do :; done
            for f in "$1"/*/pids; do [ -f "$f" ] && kill -KILL $(cat "$f") 2>/dev/null; done
            rm -rf "$1"
            """;
    private static ScratchArea instance;

    private final Path root;
    // Held for the life of the JVM: its stdin pipe closing (the JVM ending) is what wakes it.
    private final Process watchdog;

    private ScratchArea(Path root, Process watchdog) {
        this.root = root;
        this.watchdog = watchdog;
    }

    /** This JVM's area, created with its watchdog on first use. */
    static synchronized ScratchArea get() {
        if (instance == null) {
            try {
                Path root = Files.createTempDirectory("consul-embedded-benchmark-");
                // Terminal signals are ignored (trap) so that Ctrl-C leaves the watchdog to the pipe.
                Process watchdog = new ProcessBuilder("sh", "-c", WATCHDOG, "sh", root.toString())
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
                instance = new ScratchArea(root, watchdog);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the benchmark's scratch folder or start its watchdog", e);
            }
        }
        return instance;
    }

    /** A new folder here; agents whose pids it lists in a file named {@code pids} are killed if the JVM dies. */
    Path newFolder(String prefix) {
        try {
            return Files.createTempDirectory(root, prefix + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder in " + root, e);
        }
    }

    /** Deletes {@code folder} and everything in it, ignoring what cannot be deleted. */
    static void deleteQuietly(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            System.err.println("could not delete " + folder + ": " + e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "ScratchArea{" + root + ", watchdog pid " + watchdog.pid() + "}";
    }
}
