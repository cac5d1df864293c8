package io.github.consulembedded.internal;

import io.github.consulembedded.BinaryUnavailableException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Asks an executable for its version with {@code <binary> version}, whose first line reads {@code Consul v1.8.7}. */
public final class VersionProbe {

    private static final Pattern FIRST_LINE = Pattern.compile("Consul v(\\S+)");
    private static final int MAX_QUOTED_OUTPUT = 2_000;

    // A cluster resolves its binary once per agent; the same unchanged file need not be asked again.
    private static final Map<ProbedFile, String> PROBED = new ConcurrentHashMap<>();

    private record ProbedFile(Path path, long size, FileTime modified) {
    }

    private VersionProbe() {
    }

    /**
     * Returns the version the binary reports, like {@code 1.8.7}.
     *
     * @param description names the binary and where it was configured, for error messages
     */
    public static String probe(Path binary, String description, Duration timeout) {
        ProbedFile key;
        try {
            key = new ProbedFile(binary, Files.size(binary), Files.getLastModifiedTime(binary));
        } catch (IOException e) {
            throw new BinaryUnavailableException("Cannot read " + description + ": " + e, e);
        }
        return PROBED.computeIfAbsent(key, k -> run(binary, description, timeout));
    }

    private static String run(Path binary, String description, Duration timeout) {
        Path output = null;
        Process process = null;
        try {
            output = Files.createTempFile("consul-version-", ".txt");
            // Output goes to a file so no reader thread is needed to keep the pipe from filling up.
            process = new ProcessBuilder(binary.toString(), "version")
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .start();
            process.getOutputStream().close();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new BinaryUnavailableException("`" + binary + " version` did not finish within " + timeout
                        + "; is " + description + " a consul executable? Output so far: " + quote(output));
            }
            String text = read(output);
            Matcher m = FIRST_LINE.matcher(text.lines().findFirst().orElse("").trim());
            if (process.exitValue() != 0 || !m.lookingAt()) {
                throw new BinaryUnavailableException(description + " does not look like a consul executable: `"
                        + binary + " version` exited with " + process.exitValue() + " and printed: " + quote(output));
            }
            return m.group(1);
        } catch (IOException e) {
            throw new BinaryUnavailableException("Cannot run `" + binary + " version` for " + description + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BinaryUnavailableException("Interrupted while probing " + description, e);
        } finally {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException ignored) {
                    // A leftover few bytes in the temp dir are not worth failing the probe over.
                }
            }
        }
    }

    private static String read(Path output) throws IOException {
        return new String(Files.readAllBytes(output), StandardCharsets.UTF_8);
    }

    private static String quote(Path output) {
        try {
            String text = read(output).strip();
            if (text.length() > MAX_QUOTED_OUTPUT) {
                text = text.substring(0, MAX_QUOTED_OUTPUT) + "...";
            }
            return text.isEmpty() ? "(nothing)" : "'" + text + "'";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }
}
