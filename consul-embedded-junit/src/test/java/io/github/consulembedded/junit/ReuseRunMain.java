package io.github.consulembedded.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.time.Duration;
import java.time.Instant;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.EventType;

/**
 * One run of {@link ReuseFixtures.ReusedCluster} on the Jupiter engine, in a JVM of its own (its
 * work dir set by the caller). Prints the fixture's lines, then {@code FIRST_TEST_MILLIS <from
 * the class's start, before the extension's first callback, to the first test's start>} and
 * {@code RESULT <succeeded> <failed>}, with each failure on a {@code FAILURE} line.
 */
public final class ReuseRunMain {
    private ReuseRunMain() {
    }

    public static void main(String[] args) {
        // The class asks for reuse itself; force keeps it on where CI=true.
        System.setProperty("consul.embedded.reuse", "force");
        EngineExecutionResults results = EngineTestKit.engine("junit-jupiter")
                .configurationParameter(Fixture.PARAMETER, "true")
                .selectors(selectClass(ReuseFixtures.ReusedCluster.class)).execute();
        Instant classStarted = null;
        Instant firstTest = null;
        for (Event event : results.allEvents().list()) {
            if (event.getType() == EventType.STARTED && classStarted == null
                    && event.getTestDescriptor().getUniqueId().toString().contains("[class:")) {
                classStarted = event.getTimestamp();
            }
            if (event.getType() == EventType.STARTED && firstTest == null && event.getTestDescriptor().isTest()) {
                firstTest = event.getTimestamp();
            }
        }
        if (classStarted != null && firstTest != null) {
            System.out.println("FIRST_TEST_MILLIS " + Duration.between(classStarted, firstTest).toMillis());
        }
        results.testEvents().failed().stream().forEach(e -> System.out.println("FAILURE " + e.getTestDescriptor().getDisplayName()
                + ": " + e.getPayload(org.junit.platform.engine.TestExecutionResult.class)
                .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable).map(Throwable::toString).orElse("")));
        System.out.println("RESULT " + results.testEvents().succeeded().count() + " " + results.testEvents().failed().count());
        System.out.flush();
        System.exit(0);
    }
}
