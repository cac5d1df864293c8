package io.github.consulembedded.internal.util;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PollTest {
    /** Far longer than the test's own bound: a poll that slept out its interval would fail it. */
    private static final Duration LONG_INTERVAL = Duration.ofMinutes(10);
    private static final Duration TEST_BOUND = Duration.ofSeconds(30);

    @Test
    void aSignalMakesThePollCheckAgainBeforeItsIntervalIsOver() {
        Wakeup wake = new Wakeup();
        AtomicBoolean changed = new AtomicBoolean();
        AtomicInteger checks = new AtomicInteger();
        Thread changer = new Thread(() -> {
            sleep(100);
            changed.set(true);
            wake.signal();
        });
        changer.start();
        String result = assertTimeoutPreemptively(TEST_BOUND, () -> Poll.until(LONG_INTERVAL.multipliedBy(2), LONG_INTERVAL, wake,
                () -> {
                    checks.incrementAndGet();
                    return changed.get() ? Poll.Check.done("seen") : Poll.Check.notYet("unchanged");
                }, Optional::empty));
        assertThat(result).isEqualTo("seen");
        assertThat(checks).hasValue(2);
    }

    @Test
    void aSignalDuringTheCheckIsNotLost() {
        Wakeup wake = new Wakeup();
        AtomicInteger checks = new AtomicInteger();
        Integer result = assertTimeoutPreemptively(TEST_BOUND, () -> Poll.until(LONG_INTERVAL.multipliedBy(2), LONG_INTERVAL, wake,
                () -> {
                    int n = checks.incrementAndGet();
                    if (n == 1) {
                        // What the check read is already stale: the agent printed something meanwhile.
                        wake.signal();
                        return Poll.Check.notYet("first look");
                    }
                    return Poll.Check.done(n);
                }, Optional::empty));
        assertThat(result).isEqualTo(2);
    }

    @Test
    void withoutSignalsThePollStillChecksEveryIntervalAndTimesOutWithTheLastReason() {
        Wakeup wake = new Wakeup();
        AtomicInteger checks = new AtomicInteger();
        assertThatThrownBy(() -> Poll.until(Duration.ofMillis(300), Duration.ofMillis(20), wake, () -> {
            checks.incrementAndGet();
            return Poll.Check.notYet("never");
        }, Optional::empty)).isInstanceOf(Poll.TimeoutException.class).hasMessageContaining("never");
        assertThat(checks.get()).isGreaterThan(2);
    }

    @Test
    void aWaiterThatSawAnOlderGenerationReturnsAtOnce() {
        Wakeup wake = new Wakeup();
        long seen = wake.generation();
        wake.signal();
        assertTimeoutPreemptively(TEST_BOUND, () -> wake.awaitAfter(seen, LONG_INTERVAL.toMillis()));
        assertThat(wake.generation()).isEqualTo(seen + 1);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
