package io.github.consulembedded.benchmark;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads or replaces the text between two marker lines of a file, keeping the markers and the rest. */
final class ReadmeSection {
    private ReadmeSection() {
    }

    /** The text between the markers, stripped. */
    static String read(Path file, String start, String end) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int from = text.indexOf(start);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IOException(file + " must contain the lines " + start + " and " + end + " (in this order)");
        }
        return text.substring(from + start.length(), to).strip();
    }

    static void replace(Path file, String start, String end, String content) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int from = text.indexOf(start);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IOException(file + " must contain the lines " + start + " and " + end
                    + " (in this order); the results go between them");
        }
        String updated = text.substring(0, from + start.length()) + "\n" + content.strip() + "\n" + text.substring(to);
        Files.writeString(file, updated, StandardCharsets.UTF_8);
    }
}
