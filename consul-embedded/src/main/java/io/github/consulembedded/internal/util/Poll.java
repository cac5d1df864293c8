package io.github.consulembedded.internal.util;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Polls a condition until it holds or a deadline passes, keeping the last reason it did not
 * hold so that the timeout error can say why. Nothing here sleeps for a fixed time to wait for
 * an event: it re-checks at a short interval, and at once when a {@link Wakeup} says that
 * something happened.
 */
public final class Poll {
    /** What one check found: done with a value, or not yet with a reason. */
    public static final class Check<T> {
        private final T value;
        private final String notYet;

        private Check(T value, String notYet) {
            this.value = value;
            this.notYet = notYet;
        }

        public static <T> Check<T> done(T value) {
            return new Check<>(value, null);
        }

        public static <T> Check<T> notYet(String reason) {
            return new Check<>(null, reason);
        }

        public boolean isDone() {
            return notYet == null;
        }

        /** Why the condition does not hold yet; null when done. */
        public String notYetReason() {
            return notYet;
        }
    }

    /** Thrown when the deadline passed; carries the last reason the check gave. */
    public static final class TimeoutException extends Exception {
        private static final long serialVersionUID = 1L;
        private final String lastReason;

        TimeoutException(Duration timeout, String lastReason, Throwable lastError) {
            super("not done after " + Durations.format(timeout) + ": " + lastReason, lastError);
            this.lastReason = lastReason;
        }

        public String lastReason() {
            return lastReason;
        }
    }

    /** The shortest pause between two checks, however often a {@link Wakeup} is signalled. */
    static final long MIN_PAUSE_MILLIS = 2;

    private Poll() {
    }

    /**
     * Runs {@code check} until it is done. An exception thrown by the check counts as "not yet"
     * with the exception's message as the reason; {@code abort} is consulted after each failed
     * check and ends the wait early with the message it returns (a process that died, say).
     */
    public static <T> T until(Duration timeout, Duration interval, Callable<Check<T>> check,
                              Supplier<Optional<RuntimeException>> abort)
            throws TimeoutException, InterruptedException {
        return until(timeout, interval, null, check, abort);
    }

    /**
     * Like {@link #until(Duration, Duration, Callable, Supplier)}, and checks again as soon as
     * {@code wake} is signalled (after at least {@link #MIN_PAUSE_MILLIS}), rather than only
     * every {@code interval}: a change is seen when it happens, and a burst of signals during a
     * check costs one more check.
     */
    public static <T> T until(Duration timeout, Duration interval, Wakeup wake, Callable<Check<T>> check,
                              Supplier<Optional<RuntimeException>> abort)
            throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastReason = "never checked";
        Throwable lastError = null;
        while (true) {
            Optional<RuntimeException> stopEarly = abort.get();
            if (stopEarly.isPresent()) {
                throw stopEarly.get();
            }
            long seen = wake == null ? 0 : wake.generation();
            try {
                Check<T> result = check.call();
                if (result.isDone()) {
                    return result.value;
                }
                lastReason = result.notYet;
                lastError = null;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                lastReason = e.getClass().getSimpleName() + ": " + e.getMessage();
                lastError = e;
            }
            Optional<RuntimeException> stop = abort.get();
            if (stop.isPresent()) {
                throw stop.get();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException(timeout, lastReason, lastError);
            }
            long pause = Math.max(1, Math.min(interval.toMillis(), left / 1_000_000));
            if (wake == null || pause <= MIN_PAUSE_MILLIS) {
                Thread.sleep(pause);
            } else {
                Thread.sleep(MIN_PAUSE_MILLIS);
                wake.awaitAfter(seen, pause - MIN_PAUSE_MILLIS);
            }
        }
    }
}
