package io.github.consulembedded.internal.process;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.event.Level;

/**
 * The SLF4J level of one line of agent output: the level Consul gave it, one step down, so that
 * agents are quiet at INFO ({@code [ERR]}/{@code [ERROR]} to WARN, {@code [WARN]} to INFO,
 * {@code [INFO]} to DEBUG, {@code [DEBUG]}/{@code [TRACE]} to TRACE). Reads both 1.4's
 * {@code     2019/01/01 10:00:00 [INFO] agent: ...} and 1.8's {@code     2020-12-01T10:00:00.000Z [INFO]  agent: ...};
 * the stream a line came on does not matter. A line without a level continues the line before it.
 */
public final class AgentLogLevel {
    // Both versions indent log lines by four spaces after the banner; 1.4's timestamp is two
    // words (date, time), 1.8's one, and a line may come without any.
    private static final Pattern LEVEL = Pattern.compile("^\\s*(?:\\S+\\s+){0,2}\\[(TRACE|DEBUG|INFO|WARN|WARNING|ERR|ERROR)\\]");

    private Level last = Level.DEBUG;

    /** The level for {@code line}, remembering it for the continuation lines that may follow. */
    public synchronized Level of(String line) {
        Level level = explicit(line);
        if (level != null) {
            last = level;
            return level;
        }
        if (line.startsWith("==> ")) {
            // Consul's banner and start-up notices, printed at INFO; the indented values after a
            // banner line belong to it.
            last = Level.DEBUG;
            return Level.DEBUG;
        }
        if (line.startsWith("panic:") || line.startsWith("fatal error:")) {
            last = Level.WARN;
            return Level.WARN;
        }
        return last;
    }

    /** The level a line states itself, one step down, or null when it states none. */
    static Level explicit(String line) {
        Matcher m = LEVEL.matcher(line);
        if (!m.find()) {
            return null;
        }
        return switch (m.group(1).toUpperCase(Locale.ROOT)) {
            case "ERR", "ERROR" -> Level.WARN;
            case "WARN", "WARNING" -> Level.INFO;
            case "INFO" -> Level.DEBUG;
            default -> Level.TRACE;
        };
    }
}
