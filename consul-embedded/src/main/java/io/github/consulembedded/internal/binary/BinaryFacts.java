package io.github.consulembedded.internal.binary;

import io.github.consulembedded.internal.process.WorkArea;
import io.github.consulembedded.internal.util.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Facts about an executable (the version it reports, its SHA-256), remembered by its real path,
 * size and modification time in this JVM and in the user's work area: computing them costs a
 * process start or reading 70-100 MB, which a command or a test run that starts in a fresh JVM
 * should not pay each time for a file that has not changed. A changed file (another size or
 * modification time) is asked again.
 */
public final class BinaryFacts {
    private static final String FOLDER = "binary-facts";
    private static final Map<String, String> MEMORY = new ConcurrentHashMap<>();

    private BinaryFacts() {
    }

    /**
     * The fact named {@code fact} about {@code executable}, computed by {@code compute} only when
     * it is not remembered for the file as it is now.
     *
     * @throws IOException when the file cannot be read
     */
    public static String remembered(Path executable, String fact, Function<Path, String> compute) throws IOException {
        Path real = executable.toRealPath();
        String stamp = fact + " " + real + " " + Files.size(real) + " " + Files.getLastModifiedTime(real).toMillis();
        String known = MEMORY.get(stamp);
        if (known != null) {
            return known;
        }
        Path file = WorkArea.defaultRoot().resolve(FOLDER).resolve(fact + "-" + Long.toHexString(fnv1a(stamp)));
        String stored = read(file);
        if (stored != null) {
            String[] lines = stored.split("\n", -1);
            if (lines.length >= 2 && lines[0].equals(stamp)) {
                MEMORY.put(stamp, lines[1]);
                return lines[1];
            }
        }
        String value = compute.apply(real);
        try {
            AtomicFiles.write(file, stamp + "\n" + value + "\n");
        } catch (IOException e) {
            // Only a cache: the next run asks again.
        }
        MEMORY.put(stamp, value);
        return value;
    }

    /** The stored file's text, or {@code null} when there is none (or it cannot be read: then the fact is asked again). */
    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }

    /** A 64-bit FNV-1a hash: a file name for the stamp, which the file itself holds to rule out collisions. */
    private static long fnv1a(String text) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }
}
