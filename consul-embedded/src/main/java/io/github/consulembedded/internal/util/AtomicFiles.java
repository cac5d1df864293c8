package io.github.consulembedded.internal.util;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replaces a small file atomically: the text goes to a sibling named after this process, then is
 * renamed over the file, so that readers in any process see the old or the new text, never half.
 * The sibling's name needs no {@code SecureRandom} (as {@code Files.createTempFile}'s does, whose
 * first use costs a fresh JVM tens of milliseconds): the pid and a counter make it unique.
 */
public final class AtomicFiles {
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final String OWN = "." + ProcessHandle.current().pid() + "-";

    private AtomicFiles() {
    }

    /** Writes {@code text} (UTF-8) to {@code file}, creating its folder; no temporary file is left on failure. */
    public static void write(Path file, String text) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = parent.resolve("." + file.getFileName() + OWN + COUNTER.incrementAndGet() + ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
