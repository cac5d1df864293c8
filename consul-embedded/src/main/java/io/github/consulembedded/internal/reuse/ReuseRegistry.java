package io.github.consulembedded.internal.reuse;

import io.github.consulembedded.internal.process.WorkArea;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reused clusters of this user: the {@code reuse} folder of the work area, one
 * {@link ReuseEntry} per cluster. Entries whose keeper is gone are removed on the way (the
 * keeper's own watchdog has ended its agents; the keeper's stale session is cleaned like any).
 */
final class ReuseRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ReuseRegistry.class);

    private final Path root;

    ReuseRegistry(Path root) {
        this.root = root;
    }

    /**
     * The registry of the user's work area. Reading it opens no session (and starts no watchdog):
     * a run that attaches starts no agent of its own.
     */
    static ReuseRegistry current() {
        return new ReuseRegistry(WorkArea.defaultRoot().resolve("reuse"));
    }

    /** Every entry whose keeper runs (or is still starting), oldest first; dead ones are removed. */
    List<ReuseEntry> entries() {
        List<ReuseEntry> entries = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return entries;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, d -> Files.isDirectory(d)
                && !d.getFileName().toString().startsWith("."))) {
            for (Path dir : dirs) {
                ReuseEntry entry = new ReuseEntry(dir);
                if (entry.keeperAlive()) {
                    entries.add(entry);
                } else {
                    LOG.warn("Removing the reused Consul cluster entry {}: its keeper is gone", dir);
                    entry.delete();
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not scan {} for reused clusters: {}", root, e.toString());
        }
        entries.sort(Comparator.comparing(ReuseEntry::id));
        return entries;
    }

    /** A new, empty entry for a cluster of {@code key}. */
    ReuseEntry create(String key) {
        try {
            Files.createDirectories(root);
            String prefix = SpecKey.shortHash(key) + "-";
            while (true) {
                Path dir = root.resolve(prefix + Long.toString(System.currentTimeMillis(), 36)
                        + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36), 36));
                try {
                    Files.createDirectory(dir);
                    return new ReuseEntry(dir);
                } catch (FileAlreadyExistsException e) {
                    // Another JVM made one in the same millisecond; try another name.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a reused cluster entry in " + root, e);
        }
    }
}
