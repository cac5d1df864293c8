package io.github.consulembedded.samples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's code snippets are copies of tagged regions of compiled samples: a Java block after
 * {@code <!-- snippet: PATH#TAG -->} must equal the lines between {@code // tag::TAG[]} and
 * {@code // end::TAG[]} in PATH, de-indented. Editing one without the other fails here.
 */
class ReadmeSnippetsTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern MARKER = Pattern.compile("<!-- snippet: (\\S+)#(\\S+) -->");

    @Test
    void everyReadmeSnippetMatchesItsTaggedSource() throws IOException {
        List<String> readme = Files.readAllLines(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
        int checked = 0;
        for (int i = 0; i < readme.size(); i++) {
            Matcher m = MARKER.matcher(readme.get(i));
            if (!m.find()) {
                continue;
            }
            List<String> block = codeBlockAfter(readme, i);
            List<String> source = taggedRegion(ROOT.resolve(m.group(1)), m.group(2));
            assertThat(String.join("\n", block))
                    .as("README snippet at line %d must equal %s#%s", i + 1, m.group(1), m.group(2))
                    .isEqualTo(String.join("\n", source));
            checked++;
        }
        assertThat(checked).as("snippets checked in README.md").isGreaterThanOrEqualTo(2);
    }

    private static List<String> codeBlockAfter(List<String> lines, int marker) {
        int open = marker + 1;
        assertThat(lines.get(open)).as("line after the snippet marker %d opens a code block", marker + 1).startsWith("```");
        List<String> block = new ArrayList<>();
        for (int i = open + 1; i < lines.size() && !lines.get(i).startsWith("```"); i++) {
            block.add(lines.get(i));
        }
        return block;
    }

    private static List<String> taggedRegion(Path file, String tag) throws IOException {
        List<String> region = new ArrayList<>();
        boolean inside = false;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.trim().equals("// end::" + tag + "[]")) {
                break;
            }
            if (inside) {
                region.add(line);
            }
            if (line.trim().equals("// tag::" + tag + "[]")) {
                inside = true;
            }
        }
        assertThat(region).as("region %s in %s", tag, file).isNotEmpty();
        int indent = region.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        List<String> out = new ArrayList<>();
        for (String line : region) {
            out.add(line.isBlank() ? "" : line.substring(indent));
        }
        return out;
    }
}
