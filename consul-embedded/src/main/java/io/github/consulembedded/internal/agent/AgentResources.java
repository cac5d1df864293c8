package io.github.consulembedded.internal.agent;

import io.github.consulembedded.AgentPorts;
import io.github.consulembedded.ConsulEmbeddedException;
import io.github.consulembedded.internal.process.PortAllocator;
import io.github.consulembedded.internal.process.WorkArea;
import io.github.consulembedded.internal.util.FileTree;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an agent holds on this machine besides its process: a folder in the JVM's session (config
 * file, pid file, temporary data dir), its data dir, and a cross-JVM reservation of its ports.
 */
public final class AgentResources implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentResources.class);

    private final String node;
    private final Path folder;
    private final Path dataDir;
    private final boolean temporaryDataDir;
    private final boolean fixedPorts;
    private final String reservationHost;
    private final boolean tls;
    private final boolean httpWithTls;
    private volatile AgentPorts ports;
    private volatile PortAllocator.Reservation reservation;

    private final PortAllocator allocator;
    // Borrowed: folders and ports of an agent another process owns (a reused cluster's keeper).
    private final boolean borrowed;

    private AgentResources(AgentConfig config, Path folder, PortAllocator allocator) {
        this.allocator = allocator;
        this.borrowed = allocator == null;
        this.node = config.node();
        this.folder = folder;
        this.temporaryDataDir = config.dataDir().isEmpty();
        this.dataDir = config.dataDir().orElse(folder.resolve("data"));
        this.fixedPorts = config.ports().isPresent();
        this.reservationHost = "0.0.0.0".equals(config.bindAddress()) || "0.0.0.0".equals(config.clientAddress())
                ? "0.0.0.0" : config.bindAddress();
        this.tls = config.tls().isPresent();
        this.httpWithTls = config.httpWithTls();
    }

    /** Creates the folders and reserves the ports (the configured ones, else free ones) of an agent. */
    public static AgentResources allocate(AgentConfig config) {
        return allocate(config, WorkArea.get().ports());
    }

    /** Like {@link #allocate(AgentConfig)}, with ports from {@code allocator}. */
    static AgentResources allocate(AgentConfig config, PortAllocator allocator) {
        WorkArea work = WorkArea.get();
        AgentResources r = new AgentResources(config, work.newFolder("agent-" + config.node()), allocator);
        try {
            if (!config.devMode()) {
                Files.createDirectories(r.dataDir);
            }
            if (r.fixedPorts) {
                r.ports = config.ports().get();
                r.reservation = allocator.reserve(r.ports.asList(), r.reservationHost);
            } else {
                r.reserveFreshPorts();
            }
            return r;
        } catch (IOException e) {
            FileTree.deleteQuietly(r.folder);
            throw new UncheckedIOException("cannot create the data dir " + r.dataDir + " for node " + config.node(), e);
        } catch (IllegalStateException e) {
            FileTree.deleteQuietly(r.folder);
            throw new ConsulEmbeddedException("cannot use the ports " + config.ports().orElseThrow() + " of node "
                    + config.node() + ": " + e.getMessage() + ". Choose other ports, or leave them out to get free ones", e);
        }
    }

    /** The folders and ports of an agent that another process runs and owns; closing leaves them alone. */
    static AgentResources borrowed(AgentConfig config, Path dataDir) {
        // A dev-mode server keeps its data in memory: its config names no data dir.
        AgentConfig withDataDir = config.devMode() ? config : config.newBuilder().dataDir(dataDir).build();
        AgentResources r = new AgentResources(withDataDir, dataDir.getParent(), null);
        r.ports = config.ports().orElseThrow(() -> new IllegalArgumentException("a borrowed agent needs its ports"));
        return r;
    }

    /** Gives up the current ports for new free ones (after another process took one before consul bound it). */
    public void reserveFreshPorts() {
        PortAllocator.Reservation old = reservation;
        if (old != null) {
            old.close();
        }
        PortAllocator.Reservation r = allocator.allocate(tls ? 6 : 5, reservationHost);
        this.reservation = r;
        if (tls) {
            this.ports = new AgentPorts(httpWithTls ? r.get(0) : -1, r.get(5), r.get(1), r.get(2), r.get(3), r.get(4));
        } else {
            this.ports = new AgentPorts(r.get(0), -1, r.get(1), r.get(2), r.get(3), r.get(4));
        }
    }

    public boolean fixedPorts() {
        return fixedPorts;
    }

    public AgentPorts ports() {
        return ports;
    }

    public Path folder() {
        return folder;
    }

    public Path dataDir() {
        return dataDir;
    }

    public boolean temporaryDataDir() {
        return temporaryDataDir;
    }

    public Path configFile() {
        return folder.resolve("config.json");
    }

    /** The pid file consul writes; the watchdog finds a session's agents by its path. */
    public Path pidFile() {
        return folder.resolve("consul.pid");
    }

    /** Moves a temporary data dir out of the session folder to {@code target}, so that closing keeps it. */
    public void keepDataDir(Path target) {
        if (!temporaryDataDir || !Files.isDirectory(dataDir)) {
            return;
        }
        try {
            Files.createDirectories(target.getParent());
            Files.move(dataDir, target);
        } catch (IOException e) {
            LOG.warn("Could not keep the data dir {} of node {} in {}: {}", dataDir, node, target, e.toString());
        }
    }

    /** Releases the ports and removes the session folder (and with it a temporary data dir). */
    @Override
    public void close() {
        if (borrowed) {
            return;
        }
        PortAllocator.Reservation r = reservation;
        if (r != null) {
            r.close();
        }
        if (!FileTree.deleteQuietly(folder)) {
            LOG.warn("Could not remove {} of node {}", folder, node);
        }
    }
}
