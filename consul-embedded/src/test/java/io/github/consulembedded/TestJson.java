package io.github.consulembedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reads the JSON text that {@link ConsulHttp}'s raw calls return, for assertions. */
public final class TestJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TestJson() {
    }

    public static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The field names of a JSON object, in order. */
    public static List<String> names(String jsonObject) {
        List<String> names = new ArrayList<>();
        read(jsonObject).fieldNames().forEachRemaining(names::add);
        return names;
    }
}
