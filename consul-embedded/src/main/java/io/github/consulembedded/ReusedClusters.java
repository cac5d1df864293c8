package io.github.consulembedded;

import io.github.consulembedded.internal.process.WorkArea;
import io.github.consulembedded.internal.reuse.ReuseAdmin;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The clusters started with {@code reuse} that outlive their runs, in this user's work area
 * ({@code consul.embedded.work-dir}): list them, or stop them all. The local cluster command's
 * {@code --list-reused} and {@code --stop-reused} use this.
 */
public final class ReusedClusters {
    private ReusedClusters() {
    }

    /**
     * One reused cluster.
     *
     * @param id its folder name in the work area
     * @param description its spec in short, e.g. {@code 3 servers, 1 client, dc1}
     * @param phase {@code starting}, {@code ready} or {@code stopping}
     * @param keeperPid the pid of the keeper process that owns it
     * @param agentPids the pids of its running agents
     * @param startedAt when its keeper started it
     * @param idleSince since when no run is attached, or empty while one is
     * @param idleTimeout after how long without a run it stops by itself
     * @param attachedPid the pid of the run attached right now, if any
     * @param folder its folder in the work area
     */
    public record Info(String id, String description, String phase, long keeperPid, List<Long> agentPids,
            Instant startedAt, Optional<Instant> idleSince, Duration idleTimeout, Optional<Long> attachedPid, Path folder) {
    }

    /** Every reused cluster of this user whose keeper runs; entries of dead keepers are removed on the way. */
    public static List<Info> list() {
        return list(WorkArea.get().root());
    }

    /** Like {@link #list()}, in the work area {@code workDir} instead of this JVM's. */
    public static List<Info> list(Path workDir) {
        return ReuseAdmin.list(workDir.toAbsolutePath());
    }

    /** Stops every reused cluster of this user and returns what it stopped, once keepers, agents and folders are gone. */
    public static List<Info> stopAll() {
        return stopAll(WorkArea.get().root());
    }

    /** Like {@link #stopAll()}, in the work area {@code workDir} instead of this JVM's. */
    public static List<Info> stopAll(Path workDir) {
        return ReuseAdmin.stopAll(workDir.toAbsolutePath());
    }
}
