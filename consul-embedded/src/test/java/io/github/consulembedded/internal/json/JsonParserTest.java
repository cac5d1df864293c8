package io.github.consulembedded.internal.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The internal parser and writer against Jackson, the reference the library used before. */
class JsonParserTest {
    private static final ObjectMapper JACKSON = new ObjectMapper();

    @Test
    void readsAndWritesRandomTreesExactlyAsJacksonDoes() throws Exception {
        Random random = new Random(42);
        for (int i = 0; i < 500; i++) {
            Object tree = randomValue(random, 0);
            String compact = JACKSON.writeValueAsString(tree);
            String pretty = JACKSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree);

            JsonNode fromCompact = JsonParser.parse(compact);
            JsonNode fromPretty = JsonParser.parse(pretty);

            assertThat(fromCompact).as(compact).isEqualTo(fromPretty);
            assertThat(JsonWriter.compact(fromCompact)).isEqualTo(compact);
            assertThat(JsonWriter.pretty(fromCompact)).isEqualTo(pretty);
            assertThat(JsonWriter.pretty(Json.fromValue(tree))).isEqualTo(pretty);
        }
    }

    @Test
    void readsAConsulAnswer() {
        JsonNode members = JsonParser.parse("[{\"Name\":\"consul-server-1\",\"Addr\":\"127.0.0.1\",\"Port\":8301,"
                + "\"Tags\":{\"role\":\"consul\",\"dc\":\"dc1\"},\"Status\":1,\"ProtocolMin\":1,\"Weird\":-1.5e3,"
                + "\"Flag\":true,\"Nothing\":null}]");

        assertThat(members.isArray()).isTrue();
        assertThat(members.size()).isEqualTo(1);
        JsonNode m = members.get(0);
        assertThat(m.path("Name").asText()).isEqualTo("consul-server-1");
        assertThat(m.path("Port").asInt()).isEqualTo(8301);
        assertThat(m.path("Status").asLong()).isEqualTo(1);
        assertThat(m.path("Weird").asInt()).isEqualTo(-1500);
        assertThat(m.path("Flag").asBoolean()).isTrue();
        assertThat(m.path("Nothing").isNull()).isTrue();
        assertThat(m.path("Nothing").asText("fallback")).isEqualTo("fallback");
        assertThat(m.hasNonNull("Nothing")).isFalse();
        assertThat(m.has("Nothing")).isTrue();
        assertThat(m.path("Missing").isMissingNode()).isTrue();
        assertThat(m.path("Missing").asText()).isEmpty();
        assertThat(m.path("Missing").path("deeper").path(3).asInt(7)).isEqualTo(7);
        List<String> tags = new ArrayList<>();
        m.path("Tags").fieldNames().forEachRemaining(tags::add);
        assertThat(tags).containsExactly("role", "dc");
        assertThat(members.path(1).isMissingNode()).isTrue();
    }

    @Test
    void convertsValuesLikeJackson() throws Exception {
        for (String json : List.of("\"12\"", "\" 34 \"", "\"x\"", "\"true\"", "\"false\"", "12", "-7", "2.9", "1e2", "true",
                "false", "null", "\"\"", "[1]", "{\"a\":1}", "9223372036854775807")) {
            JsonNode ours = JsonParser.parse(json);
            com.fasterxml.jackson.databind.JsonNode theirs = JACKSON.readTree(json);
            assertThat(ours.asInt()).as("asInt of %s", json).isEqualTo(theirs.asInt());
            assertThat(ours.asLong()).as("asLong of %s", json).isEqualTo(theirs.asLong());
            assertThat(ours.asBoolean()).as("asBoolean of %s", json).isEqualTo(theirs.asBoolean());
            assertThat(ours.isTextual()).as("isTextual of %s", json).isEqualTo(theirs.isTextual());
            assertThat(ours.size()).as("size of %s", json).isEqualTo(theirs.size());
            if (!theirs.isNumber() || theirs.isIntegralNumber()) {
                assertThat(ours.asText()).as("asText of %s", json).isEqualTo(theirs.asText());
            }
        }
    }

    @Test
    void decodesEscapes() {
        JsonNode s = JsonParser.parse("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\uD83D\\uDE00\"");

        assertThat(s.asText()).isEqualTo("a\"b\\c/d\b\f\n\r\té\uD83D\uDE00");
    }

    @Test
    void keepsTheLastOfDuplicateFields() {
        assertThat(JsonParser.parse("{\"a\":1,\"a\":2}").path("a").asInt()).isEqualTo(2);
    }

    @Test
    void namesTheProblemAndWhereItIs() {
        assertProblem("", "unexpected end of input, expected a value", 1, 1);
        assertProblem("{\"a\":1,}", "expected a field name", 1, 8);
        assertProblem("{\n  \"a\" 1\n}", "expected ':' after the field name", 2, 7);
        assertProblem("{\"a\":1", "unexpected end of input, expected ',' or '}'", 1, 7);
        assertProblem("[1 2]", "expected ',' or ']'", 1, 4);
        assertProblem("\"open", "unexpected end of input in a string", 1, 6);
        assertProblem("\"tab\there\"", "unescaped control character", 1, 5);
        assertProblem("\"\\x\"", "unknown escape '\\x'", 1, 3);
        assertProblem("\"\\u12g4\"", "not a hex digit", 1, 6);
        assertProblem("01", "leading zero", 1, 2);
        assertProblem("-", "a number needs a digit after '-'", 1, 2);
        assertProblem("1.", "a number needs a digit after '.'", 1, 3);
        assertProblem("1e+", "a number needs a digit in its exponent", 1, 4);
        assertProblem("tru", "expected 'true'", 1, 1);
        assertProblem("{} {}", "unexpected '{' after the JSON value", 1, 4);
        assertProblem("{'a':1}", "expected a field name in double quotes", 1, 2);
        assertProblem("[".repeat(600), "nested deeper than 500 levels", 1, 501);
    }

    @Test
    void parseObjectNamesWhatWasParsed() {
        assertThatThrownBy(() -> Json.parseObject("extraConfig", "{\"log_level\": }"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("extraConfig is not valid JSON: unexpected character '}', expected a value (at line 1, column 15)");
        assertThatThrownBy(() -> Json.parseObject("extraConfig", "[1]"))
                .hasMessage("extraConfig must be a JSON object, was: [1]");
    }

    @Test
    void mergesObjectsKeyByKeyAndReplacesEverythingElse() {
        ObjectNode base = Json.parseObject("base", "{\"ports\":{\"http\":1,\"dns\":2},\"list\":[1,2],\"keep\":true}");

        Json.merge(base, Json.parseObject("overlay", "{\"ports\":{\"dns\":-1},\"list\":[3],\"new\":\"x\"}"));

        assertThat(base.toString()).isEqualTo("{\"ports\":{\"http\":1,\"dns\":-1},\"list\":[3],\"keep\":true,\"new\":\"x\"}");
    }

    @Test
    void deepCopiesShareNothingMutable() {
        ObjectNode original = Json.parseObject("o", "{\"inner\":{\"a\":1},\"list\":[{\"b\":2}]}");
        ObjectNode copy = original.deepCopy();

        ((ObjectNode) copy.path("inner")).put("a", 9);
        ((ObjectNode) copy.path("list").path(0)).put("b", 9);

        assertThat(original.toString()).isEqualTo("{\"inner\":{\"a\":1},\"list\":[{\"b\":2}]}");
    }

    private static void assertProblem(String json, String problem, int line, int column) {
        assertThatThrownBy(() -> JsonParser.parse(json)).as(json).isInstanceOfSatisfying(JsonParseException.class, e -> {
            assertThat(e.problem()).contains(problem);
            assertThat(e.line()).as("line of %s", e.getMessage()).isEqualTo(line);
            assertThat(e.column()).as("column of %s", e.getMessage()).isEqualTo(column);
        });
    }

    private static Object randomValue(Random random, int depth) {
        int kind = random.nextInt(depth > 4 ? 5 : 7);
        return switch (kind) {
            case 0 -> randomString(random);
            case 1 -> random.nextInt(3) == 0 ? (Object) random.nextLong() : (Object) (random.nextInt(2000) - 1000);
            case 2 -> random.nextBoolean();
            case 3 -> null;
            case 4 -> random.nextInt(100_000) / 8.0;
            case 5 -> {
                Map<String, Object> map = new LinkedHashMap<>();
                int n = random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    map.put(randomString(random), randomValue(random, depth + 1));
                }
                yield map;
            }
            default -> {
                List<Object> list = new ArrayList<>();
                int n = random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    list.add(randomValue(random, depth + 1));
                }
                yield list;
            }
        };
    }

    private static String randomString(Random random) {
        String alphabet = "abcXYZ09 _-/\\\"\n\t\u0001\u001f\u00e9\u2028\uD83D\uDE00";
        StringBuilder s = new StringBuilder();
        int n = random.nextInt(8);
        for (int i = 0; i < n; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
