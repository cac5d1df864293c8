package io.github.consulembedded.junit;

import io.github.consulembedded.ConsulAgent;
import io.github.consulembedded.ConsulBinary;
import io.github.consulembedded.ConsulCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A started cluster as the extension keeps it in a store: who uses it right now (so that a
 * reset never pulls data away under a running test), whether a test failed on it (so that its
 * data dirs are kept), and closing with the cleanup of the data folder.
 */
final class ManagedCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ManagedCluster.class);
    private static final int LOG_LINES = 30;

    /** Clusters started by the extension in this JVM; tests observe it to prove sharing. */
    static final AtomicInteger STARTS = new AtomicInteger();

    private final ConsulCluster cluster;
    private final String description;
    // Our own temporary folder, given to the core as dataRoot so that we decide whether it is deleted.
    private final Path ownDataRoot;
    private final Map<String, String> users = new LinkedHashMap<>();
    private volatile boolean failed;

    private ManagedCluster(ConsulCluster cluster, String description, Path ownDataRoot) {
        this.cluster = cluster;
        this.description = description;
        this.ownDataRoot = ownDataRoot;
    }

    /**
     * Starts the cluster of {@code spec}. Every agent except a lone dev-mode server gets its data
     * dir in a folder of ours, because the core deletes temporary data dirs on close and a failed
     * test must be able to keep them.
     */
    static ManagedCluster start(ClusterSpec spec, ConsulBinary binary) {
        boolean devMode = spec.servers() == 1 && spec.clients() == 0;
        Path dataRoot = null;
        if (!devMode) {
            try {
                dataRoot = Files.createTempDirectory("consul-embedded-junit-");
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a data folder for the Consul cluster of " + spec.source(), e);
            }
        }
        ConsulCluster.Builder builder = ConsulCluster.builder()
                .servers(spec.servers())
                .clients(spec.clients())
                .datacenter(spec.datacenter())
                .domain(spec.domain())
                .timing(spec.timing())
                .binary(binary);
        if (dataRoot != null) {
            builder.dataRoot(dataRoot);
        }
        if (spec.encrypt()) {
            builder.encrypt();
        }
        if (spec.acl()) {
            builder.acl();
        }
        if (spec.tls()) {
            builder.tls();
        }
        if (spec.customizer() != null) {
            spec.customizer().accept(builder);
        }
        ConsulCluster cluster;
        try {
            cluster = builder.start();
        } catch (IllegalArgumentException e) {
            deleteQuietly(dataRoot);
            throw new ExtensionConfigurationException(spec.source() + " is invalid: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            deleteQuietly(dataRoot);
            throw e;
        }
        STARTS.incrementAndGet();
        Path ours = dataRoot;
        boolean keptOurs = ours != null && cluster.dataRoot().filter(p -> p.equals(ours.toAbsolutePath())).isPresent();
        ManagedCluster managed = new ManagedCluster(cluster, spec.key().describe(), keptOurs ? ours : null);
        if (ours != null && !keptOurs) {
            // configure(...) chose its own dataRoot; ours stayed empty.
            deleteQuietly(dataRoot);
        }
        managed.requireTopology(spec);
        return managed;
    }

    /**
     * A configure(...) callback must not change what the sharing key says about the cluster. It may
     * pick the gossip key or master token of a switch that is on, but not turn one on: injection
     * and the resource lock go by the extension's settings.
     */
    private void requireTopology(ClusterSpec spec) {
        String changed = null;
        if (cluster.servers().size() != spec.servers()) {
            changed = "servers to " + cluster.servers().size() + ", but the extension says " + spec.servers();
        } else if (cluster.clients().size() != spec.clients()) {
            changed = "clients to " + cluster.clients().size() + ", but the extension says " + spec.clients();
        } else if (!cluster.datacenter().equals(spec.datacenter())) {
            changed = "datacenter to " + cluster.datacenter() + ", but the extension says " + spec.datacenter();
        } else if (!cluster.domain().equals(spec.domain())) {
            changed = "domain to " + cluster.domain() + ", but the extension says " + spec.domain();
        } else if (cluster.gossipKey().isPresent() != spec.encrypt()) {
            changed = "encrypt to " + cluster.gossipKey().isPresent() + ", but the extension says " + spec.encrypt();
        } else if (cluster.aclMasterToken().isPresent() != spec.acl()) {
            changed = "acl to " + cluster.aclMasterToken().isPresent() + ", but the extension says " + spec.acl();
        } else if (cluster.tls().isPresent() != spec.tls()) {
            changed = "tls to " + cluster.tls().isPresent() + ", but the extension says " + spec.tls();
        }
        if (changed != null) {
            RuntimeException closing = closeQuietly();
            deleteQuietly(ownDataRoot);
            ExtensionConfigurationException e = new ExtensionConfigurationException(spec.source() + ": configure(...) changed "
                    + changed + "; set servers, clients, datacenter, domain, timing, encrypt, acl and tls on "
                    + "ConsulClusterExtension.builder()");
            if (closing != null) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    ConsulCluster cluster() {
        return cluster;
    }

    /**
     * Empties the cluster for the test or class {@code uniqueId}, and records it as a user. Refuses
     * while anyone else uses the cluster: resetting then would delete data under a running test.
     */
    synchronized void resetAndUse(String uniqueId, String displayName) {
        for (Map.Entry<String, String> user : users.entrySet()) {
            if (!uniqueId.startsWith(user.getKey())) {
                throw new ExtensionConfigurationException("Cannot reset the shared Consul cluster (" + description
                        + ") before " + displayName + ": " + user.getValue() + " is using it at the same time. Classes that "
                        + "share a cluster must not run concurrently unless reset = NEVER; with @RegisterExtension, put the "
                        + "same @ResourceLock on every class that shares the cluster, or use @EmbeddedConsulCluster, "
                        + "which does that for you");
            }
        }
        cluster.reset();
        users.put(uniqueId, displayName);
    }

    synchronized void use(String uniqueId, String displayName) {
        users.put(uniqueId, displayName);
    }

    synchronized void release(String uniqueId) {
        users.remove(uniqueId);
    }

    /** Remembers that a test failed on this cluster, so its data dirs outlive it. */
    void markFailed() {
        failed = true;
    }

    /** The last log lines of every agent and where their data dirs are, for a failed test's report. */
    String diagnosis(String testName) {
        StringBuilder text = new StringBuilder();
        text.append("Consul cluster of failed test ").append(testName).append(" (").append(description).append(")");
        if (cluster.isDevMode()) {
            text.append("; a dev-mode server keeps its data in memory, there is no data dir");
        } else if (ownDataRoot != null) {
            text.append("; data dirs are kept after the run in ").append(ownDataRoot);
        }
        text.append('\n');
        for (ConsulAgent agent : cluster.agents()) {
            text.append("--- ").append(agent.node()).append(" (").append(agent.role().label())
                    .append(agent.isRunning() ? ", pid " + agent.pid() : ", not running")
                    .append(cluster.isDevMode() ? "" : ", data dir " + agent.dataDir())
                    .append("), last ").append(LOG_LINES).append(" log lines:\n");
            for (String line : agent.recentLog(LOG_LINES)) {
                text.append("    ").append(line).append('\n');
            }
        }
        return text.toString();
    }

    @Override
    public void close() {
        RuntimeException failure = closeQuietly();
        if (ownDataRoot != null) {
            if (failed) {
                System.err.println("consul-embedded: a test failed on the Consul cluster (" + description
                        + "); its data dirs are kept in " + ownDataRoot);
            } else {
                deleteQuietly(ownDataRoot);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private RuntimeException closeQuietly() {
        try {
            cluster.close();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    @Override
    public String toString() {
        return "ManagedCluster{" + description + "}";
    }

    static void deleteQuietly(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warn("Could not remove {}: {}", root, e.toString());
        }
    }
}
