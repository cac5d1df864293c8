package io.github.consulembedded.benchmark;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * One run of a {@link ReuseFixtures} class in a JVM of its own, through the JUnit Platform
 * Launcher as an IDE runs a test class. Prints {@code FIRST_TEST_NANOS <n>}: from the class
 * container's {@code executionStarted}, which comes right before the extension's first callback,
 * to the first test method's; then {@code RESULT <succeeded> <failed>}, and exits 1 on a failure.
 *
 * <p>Argument: the fixture class's name. The parent sets {@code consul.embedded.reuse}, the binary
 * and a private {@code consul.embedded.work-dir}.
 */
public final class ReuseRunChild {
    static final String FIRST_TEST = "FIRST_TEST_NANOS ";
    static final String REUSED = "REUSED ";
    static final String SERVER_PIDS = "SERVER_PIDS ";
    static final String RESULT = "RESULT ";

    private ReuseRunChild() {
    }

    public static void main(String[] args) throws ClassNotFoundException {
        Class<?> fixture = Class.forName(args[0]);
        Timer timer = new Timer();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture)).build();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, timer);
        if (timer.classStarted != 0 && timer.firstTestStarted != 0) {
            System.out.println(FIRST_TEST + (timer.firstTestStarted - timer.classStarted));
        }
        timer.failures.forEach(f -> System.out.println("FAILURE " + f));
        System.out.println(RESULT + timer.succeeded + " " + timer.failures.size());
        System.out.flush();
        System.exit(timer.failures.isEmpty() && timer.succeeded > 0 ? 0 : 1);
    }

    /** Takes the two instants as the events arrive, and counts the outcomes. */
    private static final class Timer implements TestExecutionListener {
        private long classStarted;
        private long firstTestStarted;
        private int succeeded;
        private final List<String> failures = new ArrayList<>();

        @Override
        public void executionStarted(TestIdentifier id) {
            long now = System.nanoTime();
            if (classStarted == 0 && id.isContainer() && id.getSource().filter(ClassSource.class::isInstance).isPresent()) {
                classStarted = now;
            }
            if (firstTestStarted == 0 && id.isTest()) {
                firstTestStarted = now;
            }
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
                if (id.isTest()) {
                    succeeded++;
                }
            } else {
                failures.add(id.getDisplayName() + ": " + result.getThrowable().map(Throwable::toString).orElse(result.getStatus().toString()));
            }
        }

        @Override
        public void executionSkipped(TestIdentifier id, String reason) {
            failures.add(id.getDisplayName() + " skipped: " + reason);
        }
    }
}
