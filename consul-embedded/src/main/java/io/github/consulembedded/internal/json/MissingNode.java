package io.github.consulembedded.internal.json;

/** What {@link JsonNode#path} returns for a field or element that is not there, and an empty answer. */
public final class MissingNode extends JsonNode {
    static final MissingNode INSTANCE = new MissingNode();

    private MissingNode() {
    }

    public static MissingNode getInstance() {
        return INSTANCE;
    }

    @Override
    public String asText() {
        return "";
    }

    @Override
    public boolean isMissingNode() {
        return true;
    }

    @Override
    public String toString() {
        return "";
    }
}
