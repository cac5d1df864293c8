package io.github.consulembedded.internal.util;

import java.util.Iterator;
import java.util.Map;

/**
 * Writes a small tree of maps, strings, integers and booleans as JSON text, exactly as Jackson's
 * default pretty printer would. The generated agent config is written with it so that starting
 * agents does not load Jackson (about 0.5 s of class loading) when there is no extra config to merge.
 */
public final class JsonText {
    /**
     * What Jackson's pretty printer makes of an empty object: the canonical form of the default
     * extra config, recognised here without initialising Jackson.
     */
    public static final String EMPTY_OBJECT = "{ }";
    private static final String NEWLINE = System.lineSeparator();
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private JsonText() {
    }

    /** Whether {@code json} is exactly the empty object as written by hand or canonically, so parsing can be skipped. */
    public static boolean isTriviallyEmpty(String json) {
        return json == null || json.equals("{}") || json.equals(EMPTY_OBJECT);
    }

    /** The object as pretty-printed JSON; values must be maps, strings, integers, longs or booleans. */
    public static String write(Map<String, ?> object) {
        StringBuilder out = new StringBuilder(512);
        writeObject(out, object, 0);
        return out.toString();
    }

    private static void writeObject(StringBuilder out, Map<String, ?> object, int depth) {
        if (object.isEmpty()) {
            out.append("{ }");
            return;
        }
        out.append('{');
        Iterator<? extends Map.Entry<String, ?>> entries = object.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<String, ?> entry = entries.next();
            out.append(NEWLINE);
            indent(out, depth + 1);
            writeString(out, entry.getKey());
            out.append(" : ");
            writeValue(out, entry.getValue(), depth + 1);
            if (entries.hasNext()) {
                out.append(',');
            }
        }
        out.append(NEWLINE);
        indent(out, depth);
        out.append('}');
    }

    @SuppressWarnings("unchecked")
    private static void writeValue(StringBuilder out, Object value, int depth) {
        if (value instanceof Map<?, ?> map) {
            writeObject(out, (Map<String, ?>) map, depth);
        } else if (value instanceof String s) {
            writeString(out, s);
        } else if (value instanceof Integer || value instanceof Long || value instanceof Boolean) {
            out.append(value);
        } else {
            throw new IllegalArgumentException("cannot write " + (value == null ? "null" : value.getClass().getName())
                    + " as agent config JSON");
        }
    }

    /** Escapes as Jackson does: quote, backslash and control characters; everything else as is. */
    private static void writeString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static void indent(StringBuilder out, int depth) {
        for (int i = 0; i < depth; i++) {
            out.append("  ");
        }
    }
}
