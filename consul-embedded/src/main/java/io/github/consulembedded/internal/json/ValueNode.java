package io.github.consulembedded.internal.json;

import java.math.BigDecimal;
import java.util.Objects;

/** A string, number, boolean or {@code null}: immutable, so {@link #deepCopy()} is the node itself. */
public final class ValueNode extends JsonNode {
    private enum Kind { STRING, NUMBER, BOOLEAN, NULL }

    static final ValueNode NULL = new ValueNode(Kind.NULL, "null");
    static final ValueNode TRUE = new ValueNode(Kind.BOOLEAN, "true");
    static final ValueNode FALSE = new ValueNode(Kind.BOOLEAN, "false");

    private final Kind kind;
    /** A string's content, or a number's or literal's JSON text. */
    private final String text;

    private ValueNode(Kind kind, String text) {
        this.kind = kind;
        this.text = text;
    }

    /** A string node; {@code null} gives the JSON {@code null}. */
    public static ValueNode text(String value) {
        return value == null ? NULL : new ValueNode(Kind.STRING, value);
    }

    public static ValueNode number(long value) {
        return new ValueNode(Kind.NUMBER, Long.toString(value));
    }

    public static ValueNode number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("JSON has no number " + value);
        }
        return new ValueNode(Kind.NUMBER, Double.toString(value));
    }

    /** A number from its JSON text, which the parser has checked. */
    static ValueNode numberText(String json) {
        return new ValueNode(Kind.NUMBER, json);
    }

    public static ValueNode bool(boolean value) {
        return value ? TRUE : FALSE;
    }

    public static ValueNode nullNode() {
        return NULL;
    }

    @Override
    public String asText() {
        return text;
    }

    @Override
    public long asLong(long fallback) {
        return switch (kind) {
            case NUMBER -> numberAsLong(text, fallback);
            case STRING -> numberAsLong(text.trim(), fallback);
            case BOOLEAN -> this == TRUE ? 1 : 0;
            case NULL -> 0;
        };
    }

    private static long numberAsLong(String number, long fallback) {
        try {
            return Long.parseLong(number);
        } catch (NumberFormatException notAnInteger) {
            try {
                return new BigDecimal(number).longValue();
            } catch (NumberFormatException notANumber) {
                return fallback;
            }
        }
    }

    @Override
    public boolean asBoolean(boolean fallback) {
        return switch (kind) {
            case BOOLEAN -> this == TRUE;
            case STRING -> switch (text.trim()) {
                case "true" -> true;
                case "false" -> false;
                default -> fallback;
            };
            case NUMBER -> isIntegral(text) ? asLong(0) != 0 : fallback;
            case NULL -> false;
        };
    }

    private static boolean isIntegral(String number) {
        return number.indexOf('.') < 0 && number.indexOf('e') < 0 && number.indexOf('E') < 0;
    }

    @Override
    public boolean isTextual() {
        return kind == Kind.STRING;
    }

    @Override
    public boolean isNumber() {
        return kind == Kind.NUMBER;
    }

    @Override
    public boolean isBoolean() {
        return kind == Kind.BOOLEAN;
    }

    @Override
    public boolean isNull() {
        return kind == Kind.NULL;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ValueNode other && kind == other.kind && text.equals(other.text);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, text);
    }
}
