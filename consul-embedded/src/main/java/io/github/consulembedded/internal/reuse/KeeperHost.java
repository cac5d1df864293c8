package io.github.consulembedded.internal.reuse;

import io.github.consulembedded.internal.cluster.ClusterHost;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A reused cluster's keeper as seen from an attached run: pids and frozen flags come from the
 * keeper's published state (checked against the live processes), faults and new clients are
 * requests to the keeper, and detaching releases the run's lock, which is all the keeper needs
 * to start counting idle time.
 */
final class KeeperHost implements ClusterHost {
    private static final Logger LOG = LoggerFactory.getLogger(KeeperHost.class);
    private static final long STATE_TTL_NANOS = 20_000_000L;

    private final ReuseEntry entry;
    private final ReuseLock lock;
    private final Duration timeout;
    private final AtomicBoolean detached = new AtomicBoolean();
    private volatile KeeperState state;
    private volatile long readAt;

    KeeperHost(ReuseEntry entry, ReuseLock lock, KeeperState state, Duration timeout) {
        this.entry = entry;
        this.lock = lock;
        this.state = state;
        this.readAt = System.nanoTime();
        this.timeout = timeout;
    }

    ReuseEntry entry() {
        return entry;
    }

    /** The keeper's state, re-read when older than a few milliseconds. */
    KeeperState state() {
        if (System.nanoTime() - readAt > STATE_TTL_NANOS) {
            entry.state().ifPresent(s -> state = s);
            readAt = System.nanoTime();
        }
        return state;
    }

    private void refresh() {
        readAt = 0;
        state();
    }

    @Override
    public long pid(String node) {
        KeeperState.Node n = state().node(node);
        if (n == null || n.pid() <= 0) {
            return -1;
        }
        // Between a kill and the keeper's next publication the state still names the dead pid.
        return ProcessHandle.of(n.pid()).map(ProcessHandle::isAlive).orElse(false) ? n.pid() : -1;
    }

    @Override
    public boolean isFrozen(String node) {
        KeeperState.Node n = state().node(node);
        return n != null && n.frozen() && pid(node) > 0;
    }

    @Override
    public void apply(String operation, String node) {
        try {
            KeeperChannel.call(entry, operation, node, timeout);
        } finally {
            refresh();
        }
    }

    /**
     * Has the keeper make the cluster ready for this run, without waiting: agents a previous run
     * left stopped or frozen come back, the cluster is checked ready, and it is reset.
     * {@link #finishPrepare} waits for it.
     */
    KeeperChannel.Pending startPrepare() {
        return KeeperChannel.send(entry, KeeperMain.PREPARE, null);
    }

    void finishPrepare(KeeperChannel.Pending pending) {
        try {
            pending.await(timeout);
        } finally {
            refresh();
        }
    }

    @Override
    public HostedNode addClient() {
        String node = KeeperChannel.call(entry, "add-client", null, timeout).trim();
        refresh();
        return hosted(state().node(node));
    }

    static HostedNode hosted(KeeperState.Node n) {
        return new HostedNode(n.node(), n.role(), n.ports(), Path.of(n.dataDir()));
    }

    /** Marks this run as the one attached, for {@code --list-reused}. */
    void markAttached() {
        entry.write(entry.attachedFile(), ProcessHandle.current().pid() + "\n");
    }

    @Override
    public void detach() {
        if (!detached.compareAndSet(false, true)) {
            return;
        }
        try {
            Files.deleteIfExists(entry.attachedFile());
        } catch (IOException ignored) {
            // The keeper removes a stale attached file once the lock is free.
        }
        lock.close();
        LOG.info("Detached from the reused Consul cluster {}; it stays up until {} idle or --stop-reused",
                entry.id(), io.github.consulembedded.internal.util.Durations.format(Duration.ofMillis(state.idleTimeoutMillis())));
    }

    @Override
    public String toString() {
        return "keeper of " + entry.id();
    }
}
