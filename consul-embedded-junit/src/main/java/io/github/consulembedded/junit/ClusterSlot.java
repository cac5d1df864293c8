package io.github.consulembedded.junit;

import io.github.consulembedded.ClusterSpec;
import io.github.consulembedded.ConsulEmbeddedException;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * The place of one cluster in a store: started at most once, under this slot's lock, by the
 * first class that needs it; closed by JUnit with the store. A failed start is remembered, so
 * the next classes fail at once instead of waiting for the same timeout again.
 */
final class ClusterSlot implements AutoCloseable {
    private ManagedCluster cluster;
    private RuntimeException failure;
    private String failedFor;
    private boolean closed;

    /**
     * Key of a slot: shared slots live in the root store, own ones in their class's store. Equals
     * and hashCode are written out: a record's generated ones bootstrap method handles on first use.
     */
    record Key(ClusterSpec cluster, boolean shared) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && shared == other.shared && cluster.equals(other.cluster);
        }

        @Override
        public int hashCode() {
            return 31 * cluster.hashCode() + Boolean.hashCode(shared);
        }
    }

    synchronized ManagedCluster get(ClassSettings spec, Supplier<ManagedCluster> start) {
        if (closed) {
            throw new IllegalStateException("the Consul cluster (" + spec.describe() + ") is already closed");
        }
        if (cluster != null) {
            return cluster;
        }
        if (failure != null) {
            throw new ConsulEmbeddedException("The Consul cluster (" + spec.describe() + ") failed to start for "
                    + failedFor + ", so it is not started again in this run: " + failure.getMessage(), failure);
        }
        try {
            cluster = start.get();
            return cluster;
        } catch (ExtensionConfigurationException e) {
            throw e;
        } catch (ConsulEmbeddedException | IllegalStateException e) {
            failure = e;
            failedFor = spec.source();
            throw e;
        }
    }

    /** The cluster if it was started, without starting it. */
    synchronized ManagedCluster started() {
        return cluster;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (cluster != null) {
            cluster.close();
        }
    }
}
