package io.github.consulembedded.internal.json;

import java.util.Collections;
import java.util.Iterator;
import java.util.Map;

/**
 * A node of a JSON tree, with the reading methods of Jackson's node of the same name and the
 * same lenient conversions ({@code path} never returns {@code null}, {@code asText()} of a
 * missing node is ""), so that the library reads Consul's answers without a JSON library: a
 * fixture's first call in a fresh JVM must not pay for loading one.
 */
public abstract class JsonNode implements Iterable<JsonNode> {

    JsonNode() {
    }

    /** The field's value, or the missing node when this is no object or has no such field. */
    public JsonNode path(String field) {
        return MissingNode.INSTANCE;
    }

    /** The element at {@code index}, or the missing node when this is no array or has no such element. */
    public JsonNode path(int index) {
        return MissingNode.INSTANCE;
    }

    /** The field's value, or {@code null}. */
    public JsonNode get(String field) {
        return null;
    }

    /** The element at {@code index}, or {@code null}. */
    public JsonNode get(int index) {
        return null;
    }

    public boolean has(String field) {
        return get(field) != null;
    }

    /** Whether the field is there and not JSON {@code null}. */
    public boolean hasNonNull(String field) {
        JsonNode value = get(field);
        return value != null && !value.isNull();
    }

    /** The value as text: a string's content, a number's or literal's text, "" for containers and the missing node. */
    public abstract String asText();

    /** {@link #asText()}, or {@code fallback} for JSON {@code null} and the missing node. */
    public String asText(String fallback) {
        return isNull() || isMissingNode() ? fallback : asText();
    }

    public int asInt() {
        return asInt(0);
    }

    /** The value as an int: numbers (truncated), numeric strings, booleans as 1 or 0; else {@code fallback}. */
    public int asInt(int fallback) {
        return (int) asLong(fallback);
    }

    public long asLong() {
        return asLong(0);
    }

    /** The value as a long: numbers (truncated), numeric strings, booleans as 1 or 0; else {@code fallback}. */
    public long asLong(long fallback) {
        return fallback;
    }

    public boolean asBoolean() {
        return asBoolean(false);
    }

    /** The value as a boolean: booleans, the string "true"/"false", integers (non-zero); else {@code fallback}. */
    public boolean asBoolean(boolean fallback) {
        return fallback;
    }

    public boolean isTextual() {
        return false;
    }

    public boolean isNumber() {
        return false;
    }

    public boolean isBoolean() {
        return false;
    }

    public boolean isNull() {
        return false;
    }

    public boolean isMissingNode() {
        return false;
    }

    public boolean isObject() {
        return false;
    }

    public boolean isArray() {
        return false;
    }

    /** The number of fields or elements; 0 for anything else. */
    public int size() {
        return 0;
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    /** An object's fields in order; none for anything else. */
    public Iterator<Map.Entry<String, JsonNode>> fields() {
        return Collections.emptyIterator();
    }

    /** An object's field names in order; none for anything else. */
    public Iterator<String> fieldNames() {
        return Collections.emptyIterator();
    }

    /** An array's elements or an object's values; none for anything else. */
    @Override
    public Iterator<JsonNode> iterator() {
        return Collections.emptyIterator();
    }

    /** A copy that shares nothing mutable with this node. */
    public JsonNode deepCopy() {
        return this;
    }

    /** The node as compact JSON text. */
    @Override
    public String toString() {
        return JsonWriter.compact(this);
    }
}
