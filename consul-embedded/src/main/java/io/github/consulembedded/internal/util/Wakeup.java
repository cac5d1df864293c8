package io.github.consulembedded.internal.util;

/**
 * A signal that something may have changed (an agent printed a line), for a {@link Poll} to
 * check again at once instead of sleeping out its interval. Each signal moves a generation
 * forward; a waiter remembers the generation it saw before its check, so a signal during the
 * check is not lost. Any number of threads may wait and signal.
 */
public final class Wakeup {
    private long generation;

    /** The current generation, to pass to {@link #awaitAfter} once a check is done. */
    public synchronized long generation() {
        return generation;
    }

    public synchronized void signal() {
        generation++;
        notifyAll();
    }

    /**
     * Waits until a signal comes after generation {@code seen}, or {@code millis} pass; returns at
     * once if one came already.
     */
    public synchronized void awaitAfter(long seen, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (generation == seen) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                return;
            }
            wait(left);
        }
    }
}
