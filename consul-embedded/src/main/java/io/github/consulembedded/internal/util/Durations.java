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
        // Tenths by hand, rounded half up as "%.1f" would: String.format's first use loads the JDK's
        // locale data (tens of milliseconds in a fresh JVM), for a message a run attaching to a reused
        // cluster logs before its first test.
        long tenths = Math.round(ms / 100.0);
        return (tenths / 10) + "." + (tenths % 10) + " s";
    }

    /** Consul's duration syntax, e.g. "200ms". */
    public static String consul(Duration d) {
        return d.toMillis() + "ms";
    }
}
