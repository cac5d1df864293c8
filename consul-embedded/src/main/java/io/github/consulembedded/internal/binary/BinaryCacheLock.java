package io.github.consulembedded.internal.binary;

import io.github.consulembedded.BinaryUnavailableException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exclusive right to install into one cache folder, across threads and processes. A file lock
 * alone is not enough: within one JVM a second {@code FileChannel.lock} on the same file throws
 * {@code OverlappingFileLockException} instead of waiting, so threads queue on an in-JVM lock first.
 */
final class BinaryCacheLock implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BinaryCacheLock.class);
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_JVM = new ConcurrentHashMap<>();

    private final ReentrantLock threadLock;
    private final FileChannel channel;
    private final FileLock fileLock;

    private BinaryCacheLock(ReentrantLock threadLock, FileChannel channel, FileLock fileLock) {
        this.threadLock = threadLock;
        this.channel = channel;
        this.fileLock = fileLock;
    }

    /** Blocks until this thread alone, among all processes, may install next to {@code lockFile}. */
    static BinaryCacheLock acquire(Path lockFile) {
        Path key = lockFile.toAbsolutePath().normalize();
        ReentrantLock threadLock = IN_JVM.computeIfAbsent(key, k -> new ReentrantLock());
        try {
            threadLock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BinaryUnavailableException("Interrupted while waiting for the cache lock " + key, e);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(key, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock fileLock = tryLock(channel, key);
            if (fileLock == null && channel.isOpen()) {
                LOG.info("Waiting for another process that is installing Consul into {}", key.getParent());
                fileLock = channel.lock();
            }
            return new BinaryCacheLock(threadLock, channel, fileLock);
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            threadLock.unlock();
            throw new BinaryUnavailableException("Cannot lock " + key + " to install Consul: " + e, e);
        }
    }

    private static FileLock tryLock(FileChannel channel, Path key) throws IOException {
        try {
            return channel.tryLock();
        } catch (IOException e) {
            // Some network file systems cannot lock at all; atomic moves still keep installs whole.
            LOG.warn("File locking is not supported for {} ({}); other processes may download the same "
                    + "archive at the same time", key, e.toString());
            channel.close();
            return null;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Already failing; the original cause is the one worth reporting.
            }
        }
    }

    @Override
    public void close() {
        try {
            if (fileLock != null && fileLock.isValid()) {
                fileLock.release();
            }
        } catch (IOException e) {
            LOG.debug("Releasing the cache lock failed", e);
        } finally {
            closeQuietly(channel);
            threadLock.unlock();
        }
    }
}
