package io.github.consulembedded.samples;

import io.github.consulembedded.BinaryUnavailableException;
import io.github.consulembedded.ConsulBinary;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The Consul binary for the samples' integration tests. Without a configured binary and without
 * network the tests are aborted (reported as skipped, never as passed); a configured binary that
 * does not work fails them.
 */
public final class RealConsul {
    private RealConsul() {
    }

    /** The binary, or an aborted (skipped) test when there is none and none was configured. */
    public static ConsulBinary binary() {
        return available().orElseGet(() -> {
            Assumptions.abort("No Consul binary for integration tests (set CONSUL_BINARY)");
            throw new AssertionError("unreachable");
        });
    }

    /**
     * The binary if there is one. For {@code @BeforeAll} methods: an abort there hides the
     * class's tests from Surefire's report (SUREFIRE-2300), so they start nothing when this is
     * empty and each test aborts with {@link #binary()}.
     */
    public static Optional<ConsulBinary> available() {
        try {
            return Optional.of(ConsulBinary.resolve());
        } catch (BinaryUnavailableException e) {
            boolean configured = System.getProperty("consul.embedded.binary") != null || System.getenv("CONSUL_BINARY") != null;
            if (configured) {
                throw e;
            }
            return Optional.empty();
        }
    }
}
