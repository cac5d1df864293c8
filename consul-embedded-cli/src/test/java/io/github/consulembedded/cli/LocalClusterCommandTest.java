package io.github.consulembedded.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalClusterCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        LocalClusterCommand command = new LocalClusterCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), code -> {
                    throw new AssertionError("no signal is sent in this test, so nothing may exit the JVM");
                }, false);
        return command.execute(List.of(args));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void badArgumentExitsTwoWithMessageAndUsageOnStderr() {
        assertThat(run("--servers", "0")).isEqualTo(LocalClusterCommand.USAGE);
        assertThat(err()).startsWith("consul-embedded: --servers must be >= 1, was 0\n").contains("Usage: ", "--status-file FILE");
        assertThat(out()).isEmpty();
    }

    @Test
    void helpDescribesTheSecuritySwitches() {
        assertThat(run("--help")).isZero();
        assertThat(out()).contains("--encrypt", "--acl", "--tls");
    }

    @Test
    void invalidConsulVersionExitsTwoNamingTheSetting() {
        assertThat(run("--consul-version", "0.9.0")).isEqualTo(LocalClusterCommand.USAGE);
        assertThat(err()).startsWith("consul-embedded: version must be a Consul 1.x release >= 1.4.0, was '0.9.0'");
    }

    @Test
    void helpPrintsUsageOnStdoutAndExitsZero() {
        assertThat(run("--help")).isEqualTo(LocalClusterCommand.OK);
        assertThat(out()).isEqualTo(CliParser.usage());
        assertThat(err()).isEmpty();
    }

    @Test
    void versionPrintsLibraryAndDefaultConsulVersion() {
        assertThat(run("--version")).isEqualTo(LocalClusterCommand.OK);
        assertThat(LocalClusterCommand.libraryVersion()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(out()).isEqualTo("consul-embedded " + LocalClusterCommand.libraryVersion() + " (default Consul 1.4.2)\n");
    }

    @Test
    void missingBinaryExitsThreeWithTheReason(@TempDir Path tmp) {
        Path missing = tmp.resolve("no-such-consul");
        assertThat(run("--binary", missing.toString(), "--servers", "1", "--clients", "0")).isEqualTo(LocalClusterCommand.NO_BINARY);
        assertThat(err()).startsWith("consul-embedded: no Consul binary: The consul binary " + missing)
                .contains("does not exist");
    }
}
