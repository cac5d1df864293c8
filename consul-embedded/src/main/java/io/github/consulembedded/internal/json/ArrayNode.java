package io.github.consulembedded.internal.json;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/** A JSON array. */
public final class ArrayNode extends JsonNode {
    private final List<JsonNode> elements = new ArrayList<>();

    @Override
    public JsonNode path(int index) {
        JsonNode value = get(index);
        return value == null ? MissingNode.INSTANCE : value;
    }

    @Override
    public JsonNode get(int index) {
        return index >= 0 && index < elements.size() ? elements.get(index) : null;
    }

    @Override
    public String asText() {
        return "";
    }

    @Override
    public boolean isArray() {
        return true;
    }

    @Override
    public int size() {
        return elements.size();
    }

    @Override
    public Iterator<JsonNode> iterator() {
        return Collections.unmodifiableList(elements).iterator();
    }

    /** Appends a string, JSON {@code null} for {@code null}. */
    public ArrayNode add(String value) {
        return add(ValueNode.text(value));
    }

    public ArrayNode add(long value) {
        return add(ValueNode.number(value));
    }

    public ArrayNode add(boolean value) {
        return add(ValueNode.bool(value));
    }

    /** Appends {@code value}, JSON {@code null} for {@code null}. */
    public ArrayNode add(JsonNode value) {
        if (value != null && value.isMissingNode()) {
            throw new IllegalArgumentException("the missing node is no array element");
        }
        elements.add(value == null ? ValueNode.NULL : value);
        return this;
    }

    /** A new empty object, appended. */
    public ObjectNode addObject() {
        ObjectNode object = new ObjectNode();
        add(object);
        return object;
    }

    @Override
    public ArrayNode deepCopy() {
        ArrayNode copy = new ArrayNode();
        elements.forEach(e -> copy.elements.add(e.deepCopy()));
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ArrayNode other && elements.equals(other.elements);
    }

    @Override
    public int hashCode() {
        return elements.hashCode();
    }
}
