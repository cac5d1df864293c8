package io.github.consulembedded.internal.binary;

import io.github.consulembedded.BinaryUnavailableException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A release's {@code consul_<v>_SHA256SUMS} file: one {@code <sha256>  <file name>} line per archive. */
final class Sha256Sums {

    private static final Pattern LINE = Pattern.compile("([0-9a-fA-F]{64})\\s+\\*?(\\S+)");

    private final URI source;
    private final Map<String, String> byFileName;

    private Sha256Sums(URI source, Map<String, String> byFileName) {
        this.source = source;
        this.byFileName = byFileName;
    }

    static Sha256Sums parse(URI source, String text) {
        Map<String, String> sums = new LinkedHashMap<>();
        for (String line : text.split("\\R")) {
            Matcher m = LINE.matcher(line.trim());
            if (m.matches()) {
                sums.put(m.group(2), m.group(1).toLowerCase(Locale.ROOT));
            }
        }
        return new Sha256Sums(source, sums);
    }

    Optional<String> find(String fileName) {
        return Optional.ofNullable(byFileName.get(fileName));
    }

    String require(String fileName) {
        return find(fileName).orElseThrow(() -> new BinaryUnavailableException(source + " has no line for "
                + fileName + ", so this version has no build for that platform (it lists "
                + (byFileName.isEmpty() ? "nothing" : String.join(", ", byFileName.keySet())) + ")"));
    }

    URI source() {
        return source;
    }
}
