package io.github.consulembedded.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.github.consulembedded.BinaryUnavailableException;
import io.github.consulembedded.ConsulBinary;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

/** Runs fixture classes on the Jupiter engine, in this JVM, with the fixture gate open. */
final class TestKit {
    private TestKit() {
    }

    static EngineExecutionResults run(Class<?>... fixtures) {
        return run(Map.of(), fixtures);
    }

    static EngineExecutionResults run(Map<String, String> parameters, Class<?>... fixtures) {
        if (!parameters.containsKey("consul.embedded.binary")) {
            requireRealBinary();
        }
        EngineTestKit.Builder kit = EngineTestKit.engine("junit-jupiter")
                .configurationParameter(Fixture.PARAMETER, "true")
                .configurationParameters(parameters);
        Arrays.stream(fixtures).forEach(f -> kit.selectors(selectClass(f)));
        return kit.execute();
    }

    /**
     * Fixtures that start clusters need a real Consul: without a configured binary and without a
     * way to get one, the calling test is aborted (skipped), never passed; a configured binary
     * that does not work fails it.
     */
    private static void requireRealBinary() {
        try {
            ConsulBinary.resolve();
        } catch (BinaryUnavailableException e) {
            boolean configured = System.getProperty("consul.embedded.binary") != null || System.getenv("CONSUL_BINARY") != null;
            if (configured) {
                throw e;
            }
            Assumptions.abort("No Consul binary for integration tests (set CONSUL_BINARY): " + e.getMessage());
        }
    }

    /** Jupiter's parallel mode with two threads, everything concurrent by default. */
    static Map<String, String> parallel() {
        return Map.of("junit.jupiter.execution.parallel.enabled", "true",
                "junit.jupiter.execution.parallel.mode.default", "concurrent",
                "junit.jupiter.execution.parallel.mode.classes.default", "concurrent",
                "junit.jupiter.execution.parallel.config.strategy", "fixed",
                "junit.jupiter.execution.parallel.config.fixed.parallelism", "2");
    }
}
