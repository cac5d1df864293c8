package io.github.consulembedded.internal.reuse;

import io.github.consulembedded.internal.process.WorkArea;
import io.github.consulembedded.internal.util.AtomicFiles;
import io.github.consulembedded.internal.util.FileTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * One reused cluster's folder in the work area ({@code reuse/<key hash>-<n>}): the request the
 * keeper starts from, the keeper's {@code owner} (pid and start time, as a session has) and
 * published {@link KeeperState}, the lock a run holds while it uses the cluster, the stop request,
 * the command folder and the keeper's log. Files are replaced atomically, so readers never see
 * half of one.
 */
final class ReuseEntry {
    private static final String OWNER = "owner";

    private final Path dir;

    ReuseEntry(Path dir) {
        this.dir = dir;
    }

    Path dir() {
        return dir;
    }

    String id() {
        return dir.getFileName().toString();
    }

    Path requestFile() {
        return dir.resolve("request.json");
    }

    Path stateFile() {
        return dir.resolve("state.json");
    }

    Path lockFile() {
        return dir.resolve("lock");
    }

    Path stopFile() {
        return dir.resolve("stop");
    }

    Path attachedFile() {
        return dir.resolve("attached");
    }

    Path commands() {
        return dir.resolve("commands");
    }

    Path log() {
        return dir.resolve("keeper.log");
    }

    Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    void write(Path file, String text) {
        try {
            AtomicFiles.write(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The keeper's published state, if it has published one. */
    Optional<KeeperState> state() {
        try {
            return read(stateFile()).map(KeeperState::fromJson);
        } catch (UncheckedIOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    void writeState(KeeperState state) {
        write(stateFile(), state.toJson());
    }

    /** The matching key the entry was started for. */
    Optional<String> key() {
        return read(requestFile()).flatMap(text -> {
            try {
                return Optional.of(io.github.consulembedded.internal.json.Json.read(text).path("key").asText());
            } catch (io.github.consulembedded.internal.json.JsonParseException e) {
                return Optional.empty();
            }
        });
    }

    /** Records this process as the keeper, in the same form a session's owner has. */
    void claimAsKeeper() {
        Instant started = ProcessHandle.current().info().startInstant().orElse(Instant.EPOCH);
        write(dir.resolve(OWNER), ProcessHandle.current().pid() + " " + started.toEpochMilli() + "\n");
    }

    /** Whether the keeper that claimed the entry still runs (an entry without keeper counts as alive for 10 minutes). */
    boolean keeperAlive() {
        return !WorkArea.isStale(dir);
    }

    boolean exists() {
        return Files.isDirectory(dir);
    }

    void delete() {
        FileTree.deleteQuietly(dir);
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
