package io.github.consulembedded.cli;

import io.github.consulembedded.BinaryUnavailableException;
import io.github.consulembedded.ConsulBinary;
import org.junit.jupiter.api.Assumptions;

/**
 * The Consul binary for integration tests. Without a configured binary and without network the
 * tests are aborted (reported as skipped, never as passed); a configured binary that does not
 * work fails them.
 */
final class RealConsul {
    private static volatile ConsulBinary binary;

    private RealConsul() {
    }

    static ConsulBinary binary() {
        ConsulBinary b = binary;
        if (b == null) {
            synchronized (RealConsul.class) {
                b = binary;
                if (b == null) {
                    b = resolve();
                    binary = b;
                }
            }
        }
        return b;
    }

    private static ConsulBinary resolve() {
        try {
            return ConsulBinary.resolve();
        } catch (BinaryUnavailableException e) {
            boolean configured = System.getProperty("consul.embedded.binary") != null || System.getenv("CONSUL_BINARY") != null;
            if (configured) {
                throw e;
            }
            Assumptions.abort("No Consul binary for integration tests (set CONSUL_BINARY): " + e.getMessage());
            throw e;
        }
    }
}
