package io.github.consulembedded.internal.reuse;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether reuse is asked for outside the code ({@code consul.embedded.reuse} /
 * {@code CONSUL_EMBEDDED_REUSE}: {@code true} or {@code force}), whether it may happen here (not
 * where {@code CI=true}, unless forced), and its two settings: how long a reused cluster may stay
 * idle and how long a run waits for a reused cluster another run is using.
 */
public final class ReuseSwitch {
    public static final String PROPERTY = "consul.embedded.reuse";
    public static final String ENV = "CONSUL_EMBEDDED_REUSE";
    public static final String IDLE_PROPERTY = "consul.embedded.reuse.idle-timeout";
    public static final String IDLE_ENV = "CONSUL_EMBEDDED_REUSE_IDLE_TIMEOUT";
    public static final String WAIT_PROPERTY = "consul.embedded.reuse.wait";
    public static final String WAIT_ENV = "CONSUL_EMBEDDED_REUSE_WAIT";
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    private final Properties properties;
    private final Map<String, String> environment;

    ReuseSwitch(Properties properties, Map<String, String> environment) {
        this.properties = properties;
        this.environment = environment;
    }

    /** The switch as this JVM's system properties and environment set it. */
    public static ReuseSwitch current() {
        return new ReuseSwitch(System.getProperties(), System.getenv());
    }

    /** Whether the property or the variable asks for reuse ({@code true} or {@code force}). */
    public boolean requested() {
        String value = value(PROPERTY, ENV).toLowerCase(Locale.ROOT);
        return value.equals("true") || value.equals("force");
    }

    /** Whether reuse is forced ({@code force}), which also holds where {@code CI=true}. */
    public boolean forced() {
        return value(PROPERTY, ENV).equalsIgnoreCase("force");
    }

    /** Whether a run that asks for reuse gets it: everywhere but where {@code CI=true}, unless forced. */
    public boolean allowed() {
        return !"true".equalsIgnoreCase(environment.getOrDefault("CI", "").trim()) || forced();
    }

    /** How long a reused cluster stays up with no run attached; 30 minutes by default. */
    public Duration idleTimeout() {
        return duration(IDLE_PROPERTY, IDLE_ENV, DEFAULT_IDLE_TIMEOUT);
    }

    /** How long a run waits for a matching reused cluster that another run uses; 10 seconds by default. */
    public Duration attachWait() {
        return duration(WAIT_PROPERTY, WAIT_ENV, DEFAULT_WAIT);
    }

    private String value(String property, String env) {
        String value = properties.getProperty(property);
        if (value == null || value.isBlank()) {
            value = environment.get(env);
        }
        return value == null ? "" : value.trim();
    }

    private Duration duration(String property, String env, Duration fallback) {
        String value = value(property, env);
        if (value.isEmpty()) {
            return fallback;
        }
        return parse(value, property + " / " + env);
    }

    /** Parses {@code 500ms}, {@code 90s}, {@code 30m}, {@code 2h} or an ISO-8601 duration such as {@code PT30M}. */
    static Duration parse(String value, String what) {
        Matcher m = SIMPLE_DURATION.matcher(value.trim().toLowerCase(Locale.ROOT));
        try {
            Duration d;
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                d = switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            } else {
                d = Duration.parse(value.trim().toUpperCase(Locale.ROOT));
            }
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be a positive duration, was '" + value + "'");
            }
            return d;
        } catch (java.time.format.DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException(what + " must be a duration such as 90s, 30m or PT30M, was '" + value + "'", e);
        }
    }
}
