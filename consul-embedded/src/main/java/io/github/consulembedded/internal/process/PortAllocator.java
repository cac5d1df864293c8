package io.github.consulembedded.internal.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;

/**
 * Hands out ports that are free on this machine (TCP and UDP) and not reserved by another JVM.
 * A reservation is an OS file lock on {@code <folder>/<port>.lock}, held until released or until
 * the JVM dies, so two JVMs starting clusters at the same moment never pick the same port. Ports
 * come from a range below Linux's and macOS's ephemeral ranges, where outgoing connections do
 * not take them.
 */
public final class PortAllocator {
    static final int LOW = 20000;
    static final int HIGH = 32000;

    private final Path folder;
    private final IntSupplier candidates;
    private final FreePortCheck check;
    // FileLock is per JVM: a second lock on the same file from this JVM throws, so track ours.
    private final Set<Integer> heldHere = ConcurrentHashMap.newKeySet();

    /** Whether a port can be bound right now. */
    @FunctionalInterface
    public interface FreePortCheck {
        boolean isFree(String host, int port);
    }

    PortAllocator(Path folder) {
        this(folder, () -> LOW + ThreadLocalRandom.current().nextInt(HIGH - LOW), PortAllocator::isFree);
    }

    /**
     * An allocator that reserves in {@code folder}, tries ports in the order {@code candidates}
     * gives them, and asks {@code check} whether each is free.
     */
    public PortAllocator(Path folder, IntSupplier candidates, FreePortCheck check) {
        this.folder = folder;
        this.candidates = candidates;
        this.check = check;
    }

    /** A set of reserved ports; closing it releases them. */
    public final class Reservation implements AutoCloseable {
        private final List<Integer> ports;
        private final List<FileChannel> channels;
        private boolean released;

        private Reservation(List<Integer> ports, List<FileChannel> channels) {
            this.ports = List.copyOf(ports);
            this.channels = channels;
        }

        public List<Integer> ports() {
            return ports;
        }

        public int get(int index) {
            return ports.get(index);
        }

        @Override
        public synchronized void close() {
            if (released) {
                return;
            }
            released = true;
            for (int i = 0; i < ports.size(); i++) {
                try {
                    channels.get(i).close();
                } catch (IOException ignored) {
                    // The lock goes with the channel; nothing else to do.
                }
                heldHere.remove(ports.get(i));
            }
        }
    }

    /** Reserves {@code count} distinct free ports on {@code host}. */
    public Reservation allocate(int count, String host) {
        List<Integer> ports = new ArrayList<>();
        List<FileChannel> channels = new ArrayList<>();
        int attempts = 0;
        while (ports.size() < count) {
            if (++attempts > 2000) {
                release(ports, channels);
                throw new IllegalStateException("no free port found in " + LOW + "-" + HIGH + " on " + host
                        + " after 2000 attempts");
            }
            int port = candidates.getAsInt();
            FileChannel channel = tryLock(port);
            if (channel == null) {
                continue;
            }
            if (!check.isFree(host, port)) {
                closeQuietly(channel);
                heldHere.remove(port);
                continue;
            }
            ports.add(port);
            channels.add(channel);
        }
        return new Reservation(ports, channels);
    }

    /**
     * Reserves exactly these ports, for agents that must keep the ports they had (a persistent
     * cluster's raft peers are stored with their addresses).
     *
     * @throws IllegalStateException naming the first port that is taken
     */
    public Reservation reserve(List<Integer> wanted, String host) {
        List<Integer> ports = new ArrayList<>();
        List<FileChannel> channels = new ArrayList<>();
        for (int port : wanted) {
            FileChannel channel = tryLock(port);
            if (channel == null) {
                release(ports, channels);
                throw new IllegalStateException("port " + port + " is reserved by another consul-embedded agent");
            }
            if (!check.isFree(host, port)) {
                closeQuietly(channel);
                heldHere.remove(port);
                release(ports, channels);
                throw new IllegalStateException("port " + port + " on " + host + " is in use by another process");
            }
            ports.add(port);
            channels.add(channel);
        }
        return new Reservation(ports, channels);
    }

    private FileChannel tryLock(int port) {
        if (!heldHere.add(port)) {
            return null;
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(folder);
            channel = FileChannel.open(folder.resolve(port + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                heldHere.remove(port);
                return null;
            }
            return channel;
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            heldHere.remove(port);
            return null;
        } catch (IOException e) {
            closeQuietly(channel);
            heldHere.remove(port);
            throw new UncheckedIOException("cannot reserve ports in " + folder
                    + "; set consul.embedded.work-dir to a writable folder", e);
        }
    }

    /** True if both a TCP listener and a UDP socket can bind {@code host:port} right now. */
    public static boolean isFree(String host, int port) {
        try {
            InetAddress address = InetAddress.getByName(host);
            try (ServerSocket tcp = new ServerSocket()) {
                tcp.setReuseAddress(true);
                tcp.bind(new InetSocketAddress(address, port));
            }
            try (DatagramSocket udp = new DatagramSocket(null)) {
                udp.bind(new InetSocketAddress(address, port));
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private void release(List<Integer> ports, List<FileChannel> channels) {
        for (FileChannel channel : channels) {
            closeQuietly(channel);
        }
        ports.forEach(heldHere::remove);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Closing releases the lock; a failure leaves nothing we can fix.
            }
        }
    }
}
