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
        return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /** Consul's duration syntax, e.g. "200ms". */
    public static String consul(Duration d) {
        return d.toMillis() + "ms";
    }
}
