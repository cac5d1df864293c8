package io.github.consulembedded.internal.reuse;

import io.github.consulembedded.ReusedClusters;
import io.github.consulembedded.internal.util.Durations;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Lists and stops the reused clusters of this user's work area, for {@code --list-reused} and {@code --stop-reused}. */
public final class ReuseAdmin {
    private static final Logger LOG = LoggerFactory.getLogger(ReuseAdmin.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private ReuseAdmin() {
    }

    /** Every reused cluster whose keeper runs, in the work area {@code workDir}. */
    public static List<ReusedClusters.Info> list(java.nio.file.Path workDir) {
        List<ReusedClusters.Info> infos = new ArrayList<>();
        for (ReuseEntry entry : new ReuseRegistry(workDir.resolve("reuse")).entries()) {
            infos.add(info(entry));
        }
        return infos;
    }

    /** Stops every reused cluster and waits until its keeper and agents are gone and its folder removed. */
    public static List<ReusedClusters.Info> stopAll(java.nio.file.Path workDir) {
        List<ReuseEntry> entries = new ReuseRegistry(workDir.resolve("reuse")).entries();
        List<ReusedClusters.Info> stopped = new ArrayList<>();
        for (ReuseEntry entry : entries) {
            stopped.add(info(entry));
            entry.write(entry.stopFile(), "stop requested by pid " + ProcessHandle.current().pid() + "\n");
        }
        for (int i = 0; i < entries.size(); i++) {
            awaitGone(entries.get(i), stopped.get(i));
        }
        return stopped;
    }

    private static void awaitGone(ReuseEntry entry, ReusedClusters.Info info) {
        Optional<ProcessHandle> keeper = info.keeperPid() > 0 ? ProcessHandle.of(info.keeperPid()) : Optional.empty();
        if (keeper.isPresent() && !await(keeper.get(), STOP_WAIT)) {
            LOG.warn("The keeper pid {} of the reused cluster {} did not stop within {}; terminating it", info.keeperPid(),
                    info.id(), Durations.format(STOP_WAIT));
            keeper.get().destroy();
            if (!await(keeper.get(), KILL_WAIT)) {
                // Killed, its own watchdog ends its agents; the ones still alive are ended below.
                keeper.get().destroyForcibly();
                await(keeper.get(), KILL_WAIT);
            }
        }
        for (long pid : info.agentPids()) {
            ProcessHandle.of(pid).ifPresent(agent -> {
                if (!await(agent, KILL_WAIT)) {
                    LOG.warn("Ending agent pid {} of the reused cluster {}", pid, info.id());
                    agent.destroyForcibly();
                    await(agent, KILL_WAIT);
                }
            });
        }
        if (Files.exists(entry.dir())) {
            entry.delete();
        }
    }

    private static boolean await(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        } catch (java.util.concurrent.ExecutionException e) {
            return !process.isAlive();
        }
    }

    private static ReusedClusters.Info info(ReuseEntry entry) {
        Optional<KeeperState> state = entry.state();
        long keeperPid = state.map(KeeperState::keeperPid).orElse(-1L);
        if (keeperPid <= 0) {
            keeperPid = entry.read(entry.dir().resolve("owner")).map(t -> Long.parseLong(t.trim().split(" ")[0])).orElse(-1L);
        }
        List<Long> pids = state.map(s -> s.agents().stream().map(KeeperState.Node::pid).filter(p -> p > 0).toList())
                .orElse(List.of());
        Optional<Long> attached = entry.read(entry.attachedFile()).map(t -> Long.parseLong(t.trim()));
        return new ReusedClusters.Info(entry.id(), state.map(KeeperState::description).orElse(""),
                state.map(KeeperState::phase).orElse(KeeperState.STARTING), keeperPid, pids,
                state.map(s -> Instant.ofEpochMilli(s.startedAtMillis())).orElse(null),
                state.filter(s -> s.idleSinceMillis() > 0).map(s -> Instant.ofEpochMilli(s.idleSinceMillis())),
                state.map(s -> Duration.ofMillis(s.idleTimeoutMillis())).orElse(Duration.ZERO), attached, entry.dir());
    }
}
