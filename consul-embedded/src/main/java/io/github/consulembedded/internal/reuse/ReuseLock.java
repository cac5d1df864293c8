package io.github.consulembedded.internal.reuse;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;

/**
 * The cross-process lock a run holds while it uses a reused cluster, so that two JVMs never use
 * one at the same time; the keeper takes it only to find out that no run is attached. The OS
 * releases it when the holder dies, however it dies.
 */
final class ReuseLock implements AutoCloseable {
    private static final long POLL_MILLIS = 50;
    /** The keeper holds the lock for a moment every few hundred milliseconds to see whether a run is attached. */
    private static final long FIRST_POLLS_MILLIS = 2;
    private static final long FIRST_POLLS_NANOS = 100_000_000L;

    private final FileChannel channel;
    private final FileLock lock;

    private ReuseLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock, waiting up to {@code wait} while another process holds it; empty if it is
     * still held then, at once if this JVM holds it already (waiting cannot help then).
     */
    static Optional<ReuseLock> acquire(Path file, Duration wait) {
        long began = System.nanoTime();
        long deadline = began + wait.toNanos();
        while (true) {
            FileChannel channel = null;
            try {
                channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock();
                if (lock != null) {
                    return Optional.of(new ReuseLock(channel, lock));
                }
                channel.close();
            } catch (OverlappingFileLockException e) {
                closeQuietly(channel);
                return Optional.empty();
            } catch (IOException e) {
                // The entry may be gone under us (its keeper stopped it): nothing to lock.
                closeQuietly(channel);
                return Optional.empty();
            }
            if (System.nanoTime() >= deadline) {
                return Optional.empty();
            }
            try {
                Thread.sleep(System.nanoTime() - began < FIRST_POLLS_NANOS ? FIRST_POLLS_MILLIS : POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing held.
            }
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // Closing the channel releases it anyway.
        }
        closeQuietly(channel);
    }
}
