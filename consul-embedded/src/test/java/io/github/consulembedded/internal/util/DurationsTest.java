package io.github.consulembedded.internal.util;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class DurationsTest {
    @Test
    void writesMillisecondsBelowASecondAndWholeSecondsAsThey() {
        assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250 ms");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0 ms");
        assertThat(Durations.format(Duration.ofSeconds(30))).isEqualTo("30 s");
        assertThat(Durations.format(Duration.ofMinutes(30))).isEqualTo("1800 s");
    }

    @Test
    void writesOtherDurationsInTenthsOfASecondAsStringFormatWould() {
        for (long ms = 1001; ms < 130_000; ms += 7) {
            if (ms % 1000 != 0) {
                assertThat(Durations.format(Duration.ofMillis(ms))).as("%d ms", ms)
                        .isEqualTo(String.format(Locale.ROOT, "%.1f s", ms / 1000.0));
            }
        }
        assertThat(Durations.format(Duration.ofMillis(12_450))).isEqualTo("12.5 s");
        assertThat(Durations.format(Duration.ofMillis(1_999))).isEqualTo("2.0 s");
    }

    /** The local cluster command's READY line: seconds of a nanosecond clock, always with one decimal. */
    @Test
    void secondsHaveOneDecimalRoundedHalfUpAsStringFormatWould() {
        assertThat(Durations.seconds(Duration.ofNanos(1_849_999_999L))).isEqualTo("1.8");
        assertThat(Durations.seconds(Duration.ofNanos(1_850_000_000L))).isEqualTo("1.9");
        assertThat(Durations.seconds(Duration.ofNanos(1_950_000_000L))).isEqualTo("2.0");
        assertThat(Durations.seconds(Duration.ofNanos(40_000_000L))).isEqualTo("0.0");
        assertThat(Durations.seconds(Duration.ofNanos(12_345_000_000L))).isEqualTo("12.3");
        for (long nanos = 0; nanos < 30_000_000_000L; nanos += 7_777_777L) {
            assertThat(Durations.seconds(Duration.ofNanos(nanos))).as("%d ns", nanos)
                    .isEqualTo(String.format(Locale.ROOT, "%.1f", nanos / 1e9));
        }
    }
}
