package io.github.consulembedded.internal.json;

/** Text that is not JSON: the parser's complaint and where in the text it arose. */
public final class JsonParseException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String problem;
    private final int line;
    private final int column;

    JsonParseException(String problem, int line, int column) {
        super(problem + " (at line " + line + ", column " + column + ")");
        this.problem = problem;
        this.line = line;
        this.column = column;
    }

    /** The complaint without the location. */
    public String problem() {
        return problem;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
