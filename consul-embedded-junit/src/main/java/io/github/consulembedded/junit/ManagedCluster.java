package io.github.consulembedded.junit;

import io.github.consulembedded.ConsulAgent;
import io.github.consulembedded.ConsulBinary;
import io.github.consulembedded.ClusterSpec;
import io.github.consulembedded.ConsulCluster;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
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

    private final ConsulCluster cluster;
    private final String description;
    private final Map<String, String> users = new LinkedHashMap<>();
    private volatile Path keptDataDirs;

    private ManagedCluster(ConsulCluster cluster, String description) {
        this.cluster = cluster;
        this.description = description;
    }

    /**
     * Starts the cluster of {@code settings} with {@code binary}; a {@code configure(...)} callback
     * is applied again so that its listeners see the start.
     */
    static ManagedCluster start(ClassSettings settings, ConsulBinary binary) {
        ClusterSpec.Builder builder = settings.cluster().newBuilder();
        if (settings.customizer() != null) {
            settings.customizer().accept(builder);
        }
        if (ClassSettings.reuseRequestedOutsideCode() && builder.build().dataRoot().isEmpty()) {
            builder.reuse(true);
        }
        ConsulCluster cluster = builder.binary(binary).start();
        return new ManagedCluster(cluster, settings.describe());
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

    /** Remembers that a test failed on this cluster: its data dirs are moved to a folder of their own on close. */
    synchronized void markFailed() {
        // A reused cluster's data dirs stay with the cluster, which outlives the run.
        if (keptDataDirs != null || cluster.isDevMode() || cluster.isReused()) {
            return;
        }
        try {
            keptDataDirs = Files.createTempDirectory("consul-embedded-junit-");
            cluster.keepDataDirsOnClose(keptDataDirs);
        } catch (IOException e) {
            LOG.warn("Could not create a folder to keep the data dirs of the failed cluster ({}): {}", description, e.toString());
        }
    }

    /** The last log lines of every agent and where their data dirs are, for a failed test's report. */
    String diagnosis(String testName) {
        StringBuilder text = new StringBuilder();
        text.append("Consul cluster of failed test ").append(testName).append(" (").append(description).append(")");
        if (cluster.isDevMode()) {
            text.append("; a dev-mode server keeps its data in memory, there is no data dir");
        } else if (keptDataDirs != null) {
            text.append("; data dirs are kept after the run in ").append(keptDataDirs);
        }
        text.append('\n');
        for (ConsulAgent agent : cluster.agents()) {
            text.append("--- ").append(agent.node()).append(" (").append(agent.role().label())
                    .append(agent.isRunning() ? ", pid " + agent.pid() : ", not running")
                    .append(cluster.isDevMode() ? "" : ", data dir " + (keptDataDirs != null ? keptDataDirs.resolve(agent.node()) : agent.dataDir()))
                    .append("), last ").append(LOG_LINES).append(" log lines:\n");
            for (String line : agent.recentLog(LOG_LINES)) {
                text.append("    ").append(line).append('\n');
            }
        }
        return text.toString();
    }

    @Override
    public void close() {
        cluster.close();
        if (keptDataDirs != null) {
            System.err.println("consul-embedded: a test failed on the Consul cluster (" + description
                    + "); its data dirs are kept in " + keptDataDirs);
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
