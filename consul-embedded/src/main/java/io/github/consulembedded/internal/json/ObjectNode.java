package io.github.consulembedded.internal.json;

import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/** A JSON object: fields in insertion order; {@code put} replaces a field of the same name in place. */
public final class ObjectNode extends JsonNode {
    private final Map<String, JsonNode> fields = new LinkedHashMap<>();

    @Override
    public JsonNode path(String field) {
        JsonNode value = fields.get(field);
        return value == null ? MissingNode.INSTANCE : value;
    }

    @Override
    public JsonNode get(String field) {
        return fields.get(field);
    }

    @Override
    public String asText() {
        return "";
    }

    @Override
    public boolean isObject() {
        return true;
    }

    @Override
    public int size() {
        return fields.size();
    }

    @Override
    public Iterator<Map.Entry<String, JsonNode>> fields() {
        return Collections.unmodifiableMap(fields).entrySet().iterator();
    }

    @Override
    public Iterator<String> fieldNames() {
        return Collections.unmodifiableSet(fields.keySet()).iterator();
    }

    @Override
    public Iterator<JsonNode> iterator() {
        return Collections.unmodifiableCollection(fields.values()).iterator();
    }

    /** Sets a string field; {@code null} writes JSON {@code null}. */
    public ObjectNode put(String field, String value) {
        return set(field, ValueNode.text(value));
    }

    public ObjectNode putNull(String field) {
        return set(field, ValueNode.NULL);
    }

    public ObjectNode put(String field, long value) {
        return set(field, ValueNode.number(value));
    }

    public ObjectNode put(String field, boolean value) {
        return set(field, ValueNode.bool(value));
    }

    /** Sets a field to {@code value}, JSON {@code null} for {@code null}. */
    public ObjectNode set(String field, JsonNode value) {
        if (value != null && value.isMissingNode()) {
            throw new IllegalArgumentException("the missing node is no value for field " + field);
        }
        fields.put(field, value == null ? ValueNode.NULL : value);
        return this;
    }

    /** A new empty array, set as the field. */
    public ArrayNode putArray(String field) {
        ArrayNode array = new ArrayNode();
        set(field, array);
        return array;
    }

    /** A new empty object, set as the field. */
    public ObjectNode putObject(String field) {
        ObjectNode object = new ObjectNode();
        set(field, object);
        return object;
    }

    /** Removes the field; returns its value or {@code null}. */
    public JsonNode remove(String field) {
        return fields.remove(field);
    }

    @Override
    public ObjectNode deepCopy() {
        ObjectNode copy = new ObjectNode();
        fields.forEach((name, value) -> copy.fields.put(name, value.deepCopy()));
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ObjectNode other && fields.equals(other.fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }
}
