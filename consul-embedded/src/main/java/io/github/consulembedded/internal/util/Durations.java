package io.github.consulembedded.internal.util;

import java.time.Duration;

/** Human-readable durations for messages: "250 ms", "12.5 s". */
public final class Durations {
    private Durations() {
    }

    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms % 1000 == 0) {
            return (ms / 1000) + " s";
        }
        return seconds(d) + " s";
    }

    /**
     * Seconds with one decimal, rounded half up as {@code "%.1f"} would ({@code 1250 ms} is
     * {@code "1.3"}). By hand: String.format's first use loads the JDK's locale data (tens of
     * milliseconds in a fresh JVM), for a message a run attaching to a reused cluster logs before
     * its first test, and for the local cluster command's READY line.
     */
    public static String seconds(Duration d) {
        long tenths = Math.round(d.toMillis() / 100.0);
        return (tenths / 10) + "." + (tenths % 10);
    }

    /** Consul's duration syntax, e.g. "200ms". */
    public static String consul(Duration d) {
        return d.toMillis() + "ms";
    }
}
