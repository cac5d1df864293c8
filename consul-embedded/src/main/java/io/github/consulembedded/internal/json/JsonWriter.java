package io.github.consulembedded.internal.json;

import java.util.Iterator;
import java.util.Map;

/**
 * Writes a tree as JSON text: compact, or pretty-printed exactly as Jackson's default pretty
 * printer does (objects one field per line, indented by two spaces; arrays on one line), the
 * form of the agent config files and of the work area's own files.
 */
public final class JsonWriter {
    private static final String NEWLINE = System.lineSeparator();
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final StringBuilder out = new StringBuilder(256);
    private final boolean pretty;

    private JsonWriter(boolean pretty) {
        this.pretty = pretty;
    }

    /** The node as pretty-printed JSON text; the missing node as "". */
    public static String pretty(JsonNode node) {
        return write(node, true);
    }

    /** The node as compact JSON text; the missing node as "". */
    public static String compact(JsonNode node) {
        return write(node, false);
    }

    private static String write(JsonNode node, boolean pretty) {
        if (node.isMissingNode()) {
            return "";
        }
        JsonWriter writer = new JsonWriter(pretty);
        writer.value(node, 0);
        return writer.out.toString();
    }

    /** {@code nesting}: how many objects enclose this value; arrays indent nothing, as with Jackson. */
    private void value(JsonNode node, int nesting) {
        if (node.isObject()) {
            object(node, nesting);
        } else if (node.isArray()) {
            array(node, nesting);
        } else if (node.isTextual()) {
            string(node.asText());
        } else {
            out.append(node.asText());
        }
    }

    private void object(JsonNode node, int nesting) {
        if (node.size() == 0) {
            out.append(pretty ? "{ }" : "{}");
            return;
        }
        out.append('{');
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            newline(nesting + 1);
            string(field.getKey());
            out.append(pretty ? " : " : ":");
            value(field.getValue(), nesting + 1);
            if (fields.hasNext()) {
                out.append(',');
            }
        }
        newline(nesting);
        out.append('}');
    }

    private void array(JsonNode node, int nesting) {
        if (node.size() == 0) {
            out.append(pretty ? "[ ]" : "[]");
            return;
        }
        out.append(pretty ? "[ " : "[");
        Iterator<JsonNode> elements = node.iterator();
        while (elements.hasNext()) {
            value(elements.next(), nesting);
            if (elements.hasNext()) {
                out.append(pretty ? ", " : ",");
            }
        }
        out.append(pretty ? " ]" : "]");
    }

    private void newline(int nesting) {
        if (pretty) {
            out.append(NEWLINE);
            for (int i = 0; i < nesting; i++) {
                out.append("  ");
            }
        }
    }

    /** Escapes as Jackson does: quote, backslash and control characters; everything else as is. */
    private void string(String s) {
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
}
