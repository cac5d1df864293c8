package io.github.consulembedded.internal.process;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** The last lines an agent printed, kept so that a failure message can quote them. */
public final class LogBuffer {
    private final int capacity;
    private final ArrayDeque<String> lines;

    public LogBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        this.capacity = capacity;
        this.lines = new ArrayDeque<>(capacity);
    }

    public synchronized void add(String line) {
        if (lines.size() == capacity) {
            lines.removeFirst();
        }
        lines.addLast(line);
    }

    /** The newest {@code max} lines, oldest first. */
    public synchronized List<String> last(int max) {
        List<String> all = new ArrayList<>(lines);
        return List.copyOf(all.subList(Math.max(0, all.size() - max), all.size()));
    }

    /** Lines indented for quoting inside an exception message. */
    public static String quote(List<String> lines) {
        if (lines.isEmpty()) {
            return "    (no output)";
        }
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append("    ").append(line);
        }
        return out.toString();
    }
}
