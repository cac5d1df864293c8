package io.github.consulembedded.internal.process;

import io.github.consulembedded.internal.util.FileTree;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The library's folder for this user: one session folder per JVM (pid files, generated config,
 * temporary data dirs) and the port reservations shared by all JVMs. The first use in a JVM
 * cleans what crashed JVMs left and starts the watchdog that ends this JVM's agents when the JVM
 * dies, however it dies.
 */
public final class WorkArea {
    private static final Logger LOG = LoggerFactory.getLogger(WorkArea.class);
    private static final String OWNER_FILE = "owner";

    private static volatile WorkArea instance;

    private final Path root;
    private final Path session;
    private final PortAllocator ports;
    private final AtomicLong folders = new AtomicLong();
    // Held for the life of the JVM: its stdin pipe closing (the JVM dying) is what wakes it.
    private ManagedProcess watchdog;

    private WorkArea(Path root) {
        this.root = root;
        long pid = ProcessHandle.current().pid();
        this.session = root.resolve("sessions").resolve(pid + "-" + Long.toHexString(System.nanoTime()));
        this.ports = new PortAllocator(root.resolve("ports"));
    }

    /** The JVM's work area, created (and stale sessions cleaned) on first use. */
    public static WorkArea get() {
        WorkArea area = instance;
        if (area == null) {
            synchronized (WorkArea.class) {
                area = instance;
                if (area == null) {
                    area = new WorkArea(defaultRoot());
                    area.open();
                    instance = area;
                }
            }
        }
        return area;
    }

    public static Path defaultRoot() {
        String configured = System.getProperty("consul.embedded.work-dir");
        if (configured == null || configured.isBlank()) {
            configured = System.getenv("CONSUL_EMBEDDED_WORK_DIR");
        }
        if (configured != null && !configured.isBlank()) {
            return Paths.get(configured).toAbsolutePath();
        }
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
        return Paths.get(System.getProperty("java.io.tmpdir")).toAbsolutePath().resolve("consul-embedded-" + user);
    }

    private void open() {
        try {
            Files.createDirectories(session);
            Instant started = ProcessHandle.current().info().startInstant().orElse(Instant.EPOCH);
            Files.writeString(session.resolve(OWNER_FILE),
                    ProcessHandle.current().pid() + " " + started.toEpochMilli() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the work folder " + session
                    + "; set consul.embedded.work-dir to a writable folder", e);
        }
        cleanStaleSessions();
        watchdog = Watchdog.guard(session);
        JvmShutdown.afterAll(() -> FileTree.deleteQuietly(session));
    }

    public Path root() {
        return root;
    }

    /** This JVM's session folder. */
    public Path session() {
        return session;
    }

    public PortAllocator ports() {
        return ports;
    }

    /**
     * A new folder inside the session, for a temporary data dir or generated files. The session
     * is this JVM's alone, so a counter makes the name unique (no {@code SecureRandom}, whose first
     * use costs a fresh JVM tens of milliseconds before its first agent starts).
     */
    public Path newFolder(String prefix) {
        while (true) {
            Path folder = session.resolve(prefix + "-" + folders.incrementAndGet());
            try {
                return Files.createDirectory(folder);
            } catch (FileAlreadyExistsException e) {
                // Left by an earlier folder of the same name: take the next number.
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a folder in " + session, e);
            }
        }
    }

    /**
     * Removes the sessions of JVMs that are gone, ending any agent they left behind first. A
     * session is stale when its owner pid is not running, or runs with another start time
     * (the pid was reused).
     */
    void cleanStaleSessions() {
        Path sessions = root.resolve("sessions");
        if (!Files.isDirectory(sessions)) {
            return;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(sessions)) {
            for (Path dir : dirs) {
                if (!dir.equals(session) && isStale(dir)) {
                    cleanSession(dir);
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not scan {} for stale sessions", sessions, e);
        }
        cleanDeadReuseKeepers();
    }

    /**
     * Removes the entries of reused clusters whose keeper is gone: its watchdog ended the agents
     * and its session is stale like any other, so only the entry folder is left.
     */
    private void cleanDeadReuseKeepers() {
        Path reuse = root.resolve("reuse");
        if (!Files.isDirectory(reuse)) {
            return;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(reuse, Files::isDirectory)) {
            for (Path dir : dirs) {
                if (isStale(dir)) {
                    FileTree.deleteQuietly(dir);
                    LOG.info("Removed the entry of a reused Consul cluster whose keeper is gone: {}", dir);
                }
            }
        } catch (IOException e) {
            LOG.warn("Could not scan {} for reused clusters", reuse, e);
        }
    }

    public static boolean isStale(Path dir) {
        Path owner = dir.resolve(OWNER_FILE);
        List<String> parts;
        try {
            parts = List.of(Files.readString(owner, StandardCharsets.UTF_8).trim().split(" "));
        } catch (IOException e) {
            // No owner file: a session that never finished starting, or a foreign folder. Only
            // old ones are touched, so that a JVM that is just starting is left alone.
            return olderThanMinutes(dir, 10);
        }
        try {
            long pid = Long.parseLong(parts.get(0));
            long startedMillis = parts.size() > 1 ? Long.parseLong(parts.get(1)) : 0;
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            if (handle.isEmpty() || !handle.get().isAlive()) {
                return true;
            }
            Optional<Instant> start = handle.get().info().startInstant();
            return startedMillis != 0 && start.isPresent()
                    && Math.abs(start.get().toEpochMilli() - startedMillis) > 2000;
        } catch (RuntimeException e) {
            return olderThanMinutes(dir, 10);
        }
    }

    private static boolean olderThanMinutes(Path dir, long minutes) {
        try {
            return Files.getLastModifiedTime(dir).toMillis() < System.currentTimeMillis() - TimeUnit.MINUTES.toMillis(minutes);
        } catch (IOException e) {
            return false;
        }
    }

    static void cleanSession(Path dir) {
        String marker = "pid-file=" + dir + "/";
        List<ProcessHandle> leftovers = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .toList();
        for (ProcessHandle p : leftovers) {
            LOG.warn("Ending consul agent pid {} left behind by a JVM that is gone (session {})", p.pid(), dir);
            p.destroyForcibly();
        }
        for (ProcessHandle p : leftovers) {
            try {
                p.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("Agent pid {} did not end within 5 s", p.pid());
            }
        }
        FileTree.deleteQuietly(dir);
        LOG.info("Removed stale session folder {}", dir);
    }
}
