package io.github.consulembedded.internal.json;

/**
 * Reads JSON text (RFC 8259) into a tree: one value, surrounded by nothing but whitespace.
 * Duplicate fields keep the last value, as Jackson does. Nesting is bounded, so that hostile
 * input cannot overflow the stack.
 */
public final class JsonParser {
    private static final int MAX_DEPTH = 500;

    private final String text;
    private int pos;
    private int depth;

    private JsonParser(String text) {
        this.text = text;
    }

    /**
     * Parses {@code text}.
     *
     * @throws JsonParseException naming the problem and its line and column
     */
    public static JsonNode parse(String text) {
        JsonParser parser = new JsonParser(text);
        parser.skipWhitespace();
        JsonNode value = parser.value();
        parser.skipWhitespace();
        if (parser.pos < text.length()) {
            throw parser.error("unexpected '" + text.charAt(parser.pos) + "' after the JSON value");
        }
        return value;
    }

    private JsonNode value() {
        if (pos >= text.length()) {
            throw error("unexpected end of input, expected a value");
        }
        char c = text.charAt(pos);
        return switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> ValueNode.text(string());
            case 't' -> literal("true", ValueNode.TRUE);
            case 'f' -> literal("false", ValueNode.FALSE);
            case 'n' -> literal("null", ValueNode.NULL);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected character '" + printable(c) + "', expected a value");
            }
        };
    }

    private ObjectNode object() {
        enter();
        pos++;
        ObjectNode object = new ObjectNode();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            depth--;
            return object;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error(pos >= text.length() ? "unexpected end of input, expected a field name"
                        : "unexpected character '" + printable(text.charAt(pos)) + "', expected a field name in double quotes");
            }
            String name = string();
            skipWhitespace();
            expect(':', "':' after the field name");
            skipWhitespace();
            object.set(name, value());
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == '}') {
                depth--;
                return object;
            }
            if (c != ',') {
                pos--;
                throw error(c == 0 ? "unexpected end of input, expected ',' or '}'"
                        : "unexpected character '" + printable(c) + "', expected ',' or '}'");
            }
        }
    }

    private ArrayNode array() {
        enter();
        pos++;
        ArrayNode array = new ArrayNode();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            depth--;
            return array;
        }
        while (true) {
            skipWhitespace();
            array.add(value());
            skipWhitespace();
            char c = peek();
            pos++;
            if (c == ']') {
                depth--;
                return array;
            }
            if (c != ',') {
                pos--;
                throw error(c == 0 ? "unexpected end of input, expected ',' or ']'"
                        : "unexpected character '" + printable(c) + "', expected ',' or ']'");
            }
        }
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " levels");
        }
    }

    private String string() {
        pos++;
        StringBuilder out = null;
        int start = pos;
        while (true) {
            if (pos >= text.length()) {
                throw error("unexpected end of input in a string");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                String value = out == null ? text.substring(start, pos) : out.append(text, start, pos).toString();
                pos++;
                return value;
            }
            if (c < 0x20) {
                throw error("unescaped control character (code " + (int) c + ") in a string");
            }
            if (c != '\\') {
                pos++;
                continue;
            }
            if (out == null) {
                out = new StringBuilder();
            }
            out.append(text, start, pos);
            pos++;
            if (pos >= text.length()) {
                throw error("unexpected end of input in an escape");
            }
            char e = text.charAt(pos++);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> out.append(unicodeEscape());
                default -> {
                    pos--;
                    throw error("unknown escape '\\" + printable(e) + "' in a string");
                }
            }
            start = pos;
        }
    }

    private char unicodeEscape() {
        if (pos + 4 > text.length()) {
            throw error("unexpected end of input in a \\u escape");
        }
        int value = 0;
        for (int i = 0; i < 4; i++) {
            int digit = Character.digit(text.charAt(pos), 16);
            if (digit < 0) {
                throw error("not a hex digit in a \\u escape: '" + printable(text.charAt(pos)) + "'");
            }
            value = value * 16 + digit;
            pos++;
        }
        return (char) value;
    }

    private JsonNode number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
        } else if (isDigit(peek())) {
            digits();
        } else {
            throw error("a number needs a digit after '-'");
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw error("a number needs a digit after '.'");
            }
            digits();
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("a number needs a digit in its exponent");
            }
            digits();
        }
        if (isDigit(peek())) {
            throw error("a number may not have a leading zero");
        }
        return ValueNode.numberText(text.substring(start, pos));
    }

    private void digits() {
        while (isDigit(peek())) {
            pos++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private JsonNode literal(String word, JsonNode node) {
        if (!text.startsWith(word, pos)) {
            throw error("unrecognised token, expected '" + word + "'");
        }
        pos += word.length();
        return node;
    }

    private void expect(char c, String what) {
        if (peek() != c) {
            throw error(pos >= text.length() ? "unexpected end of input, expected " + what
                    : "unexpected character '" + printable(text.charAt(pos)) + "', expected " + what);
        }
        pos++;
    }

    /** The character at the position, or 0 at the end. */
    private char peek() {
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    private void skipWhitespace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    private static String printable(char c) {
        return c < 0x20 ? "\\u" + String.format("%04x", (int) c) : String.valueOf(c);
    }

    private JsonParseException error(String problem) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < Math.min(pos, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new JsonParseException(problem, line, column);
    }
}
