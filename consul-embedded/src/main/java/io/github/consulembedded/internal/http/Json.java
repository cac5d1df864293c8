package io.github.consulembedded.internal.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/** The library's one ObjectMapper and the deep merge used for extra agent config. */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /**
     * Parses a JSON object.
     *
     * @throws IllegalArgumentException naming {@code what} and the parser's complaint
     */
    public static ObjectNode parseObject(String what, String json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " is not valid JSON: " + e.getOriginalMessage()
                    + " (at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")", e);
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(what + " must be a JSON object, was: " + json);
        }
        return (ObjectNode) node;
    }

    public static ObjectNode fromMap(String what, Map<String, ?> map) {
        JsonNode node = MAPPER.valueToTree(map);
        if (!node.isObject()) {
            throw new IllegalArgumentException(what + " must be a map of config keys, was: " + map);
        }
        return (ObjectNode) node;
    }

    /** Merges {@code overlay} into {@code base}: objects merge key by key, anything else replaces. */
    public static ObjectNode merge(ObjectNode base, JsonNode overlay) {
        Iterator<Map.Entry<String, JsonNode>> fields = overlay.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode existing = base.get(field.getKey());
            if (existing != null && existing.isObject() && field.getValue().isObject()) {
                merge((ObjectNode) existing, field.getValue());
            } else {
                base.set(field.getKey(), field.getValue().deepCopy());
            }
        }
        return base;
    }

    /**
     * {@code json} checked to be an object and written in the canonical (pretty-printed) form;
     * {@code null} counts as the empty object.
     *
     * @throws IllegalArgumentException naming {@code what} when it is not a JSON object
     */
    public static String canonical(String what, String json) {
        return write(parseObject(what, json == null ? "{}" : json));
    }

    /** Both objects (canonical text) merged, {@code overlay} over {@code base}, in the canonical form. */
    public static String mergeText(String what, String base, String overlay) {
        return write(merge(parseObject(what, base), parseObject(what, overlay)));
    }

    /** {@code overlay} merged over the tree of maps {@code base}, written in the canonical form. */
    public static String mergeAndWrite(Map<String, ?> base, ObjectNode overlay) {
        return write(merge(fromMap("generated config", base), overlay));
    }

    public static String write(JsonNode node) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    /** Parses JSON text; throws {@link java.io.IOException} subclasses for text that is not JSON. */
    public static JsonNode read(String text) throws com.fasterxml.jackson.core.JsonProcessingException {
        return MAPPER.readTree(text);
    }

    /** The node that stands for "no body". */
    public static JsonNode missing() {
        return MAPPER.missingNode();
    }

    /** A JSON string node for answers that are plain text. */
    public static JsonNode text(String text) {
        return MAPPER.getNodeFactory().textNode(text);
    }

    /** Any value (maps, lists, nodes) as JSON bytes. */
    public static byte[] bytes(Object value) throws com.fasterxml.jackson.core.JsonProcessingException {
        return MAPPER.writeValueAsBytes(value);
    }
}
