package io.github.consulembedded.internal.binary;

import io.github.consulembedded.internal.process.ManagedProcess;
import java.util.List;

import io.github.consulembedded.BinaryUnavailableException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Asks an executable for its version with {@code <binary> version}, whose first line reads {@code Consul v1.8.7}. */
public final class VersionProbe {

    private static final Pattern FIRST_LINE = Pattern.compile("Consul v(\\S+)");
    private static final int MAX_QUOTED_OUTPUT = 2_000;

    private VersionProbe() {
    }

    /**
     * Returns the version the binary reports, like {@code 1.8.7}.
     *
     * @param description names the binary and where it was configured, for error messages
     */
    public static String probe(Path binary, String description, Duration timeout) {
        try {
            // The same unchanged file need not be asked again, in this JVM or the next.
            return BinaryFacts.remembered(binary, "version", real -> run(binary, description, timeout));
        } catch (IOException e) {
            throw new BinaryUnavailableException("Cannot read " + description + ": " + e, e);
        }
    }

    private static String run(Path binary, String description, Duration timeout) {
        ManagedProcess.Result result;
        try {
            result = ManagedProcess.run("consul-version", List.of(binary.toString(), "version"), null, timeout);
        } catch (IOException e) {
            throw new BinaryUnavailableException("Cannot run `" + binary + " version` for " + description + ": "
                    + e.getMessage() + "; is " + description + " a consul executable?", e);
        }
        Matcher m = FIRST_LINE.matcher(result.output().lines().findFirst().orElse("").trim());
        if (result.exitCode() != 0 || !m.lookingAt()) {
            throw new BinaryUnavailableException(description + " does not look like a consul executable: `"
                    + binary + " version` exited with " + result.exitCode() + " and printed: " + quote(result.output()));
        }
        return m.group(1);
    }

    private static String quote(String output) {
        String text = output.strip();
        if (text.length() > MAX_QUOTED_OUTPUT) {
            text = text.substring(0, MAX_QUOTED_OUTPUT) + "...";
        }
        return text.isEmpty() ? "(nothing)" : "'" + text + "'";
    }
}
