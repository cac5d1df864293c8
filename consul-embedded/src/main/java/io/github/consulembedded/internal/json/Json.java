package io.github.consulembedded.internal.json;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/** The library's JSON entry points: trees from text and from maps, the deep merge used for extra agent config, and text. */
public final class Json {
    /** The canonical (pretty-printed) form of the empty object. */
    public static final String EMPTY_OBJECT = "{ }";

    private Json() {
    }

    /** Whether {@code json} is exactly the empty object as written by hand or canonically, or {@code null}. */
    public static boolean isTriviallyEmpty(String json) {
        return json == null || json.equals("{}") || json.equals(EMPTY_OBJECT);
    }

    public static ObjectNode object() {
        return new ObjectNode();
    }

    public static ArrayNode array() {
        return new ArrayNode();
    }

    /**
     * Parses a JSON object.
     *
     * @throws IllegalArgumentException naming {@code what} and the parser's complaint
     */
    public static ObjectNode parseObject(String what, String json) {
        JsonNode node;
        try {
            node = JsonParser.parse(json);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(what + " is not valid JSON: " + e.problem()
                    + " (at line " + e.line() + ", column " + e.column() + ")", e);
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException(what + " must be a JSON object, was: " + json);
        }
        return (ObjectNode) node;
    }

    public static ObjectNode fromMap(String what, Map<String, ?> map) {
        JsonNode node = fromValue(map);
        if (!node.isObject()) {
            throw new IllegalArgumentException(what + " must be a map of config keys, was: " + map);
        }
        return (ObjectNode) node;
    }

    /**
     * A tree of maps (string keys), collections, arrays of objects, strings, numbers, booleans,
     * enums (by name), nodes and {@code null}s as a JSON tree.
     */
    public static JsonNode fromValue(Object value) {
        if (value == null) {
            return ValueNode.nullNode();
        }
        if (value instanceof JsonNode node) {
            return node;
        }
        if (value instanceof String s) {
            return ValueNode.text(s);
        }
        if (value instanceof Boolean b) {
            return ValueNode.bool(b);
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof java.math.BigInteger) {
            return ValueNode.numberText(value.toString());
        }
        if (value instanceof Double || value instanceof Float) {
            return ValueNode.number(((Number) value).doubleValue());
        }
        if (value instanceof java.math.BigDecimal d) {
            return ValueNode.numberText(d.toString());
        }
        if (value instanceof Enum<?> e) {
            return ValueNode.text(e.name());
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = new ObjectNode();
            map.forEach((k, v) -> object.set(String.valueOf(k), fromValue(v)));
            return object;
        }
        if (value instanceof Collection<?> collection) {
            ArrayNode array = new ArrayNode();
            collection.forEach(e -> array.add(fromValue(e)));
            return array;
        }
        if (value instanceof Object[] elements) {
            ArrayNode array = new ArrayNode();
            for (Object e : elements) {
                array.add(fromValue(e));
            }
            return array;
        }
        throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON: " + value);
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

    /** Pretty-printed JSON text. */
    public static String write(JsonNode node) {
        return JsonWriter.pretty(node);
    }

    /**
     * Parses JSON text.
     *
     * @throws JsonParseException for text that is not JSON
     */
    public static JsonNode read(String text) {
        return JsonParser.parse(text);
    }

    /** The node that stands for "no body". */
    public static JsonNode missing() {
        return MissingNode.INSTANCE;
    }

    /** A JSON string node for answers that are plain text. */
    public static JsonNode text(String text) {
        return ValueNode.text(text);
    }

    /** Any value {@link #fromValue} takes, as compact JSON bytes. */
    public static byte[] bytes(Object value) {
        return JsonWriter.compact(fromValue(value)).getBytes(StandardCharsets.UTF_8);
    }
}
