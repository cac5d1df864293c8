package io.github.consulembedded.internal.process;

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
    // words (date, time), 1.8's one, and a line may come without any. Read by hand rather than
    // with a regular expression: every line of six starting agents passes here.
    private static final int MAX_WORDS_BEFORE_LEVEL = 2;

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

    /**
     * The level a line states itself, one step down, or null when it states none: a bracketed
     * level after leading white space and at most two words ({@code date time [INFO]}).
     */
    static Level explicit(String line) {
        int at = skipSpace(line, 0);
        for (int words = 0; ; words++) {
            Level level = bracketedLevel(line, at);
            if (level != null || words == MAX_WORDS_BEFORE_LEVEL) {
                return level;
            }
            int wordEnd = at;
            while (wordEnd < line.length() && !isSpace(line.charAt(wordEnd))) {
                wordEnd++;
            }
            if (wordEnd == at || wordEnd == line.length()) {
                return null;
            }
            at = skipSpace(line, wordEnd);
        }
    }

    /** The level named by {@code [LEVEL]} at {@code at}, one step down, or null. */
    private static Level bracketedLevel(String line, int at) {
        if (at >= line.length() || line.charAt(at) != '[') {
            return null;
        }
        int close = line.indexOf(']', at + 1);
        if (close < 0) {
            return null;
        }
        return switch (line.substring(at + 1, close)) {
            case "ERR", "ERROR" -> Level.WARN;
            case "WARN", "WARNING" -> Level.INFO;
            case "INFO" -> Level.DEBUG;
            case "DEBUG", "TRACE" -> Level.TRACE;
            default -> null;
        };
    }

    private static int skipSpace(String line, int from) {
        int at = from;
        while (at < line.length() && isSpace(line.charAt(at))) {
            at++;
        }
        return at;
    }

    /** White space as regular expressions' {@code \s}: ASCII only. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r';
    }
}
