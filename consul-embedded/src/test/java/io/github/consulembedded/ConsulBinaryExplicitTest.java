package io.github.consulembedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

@DisabledOnOs(value = OS.WINDOWS, disabledReason = "the stand-in consul is a shell script")
class ConsulBinaryExplicitTest {

    @TempDir
    Path dir;

    @Test
    void usesExplicitBinaryOfOtherVersionWithWarning() throws Exception {
        Path consul = script("consul-187", "echo 'Consul v1.8.7'\necho 'Revision 1.8.7'\n");
        BinarySettings settings = base().binary(consul).version("1.4.2").build();

        String stderr = capturingStderr(() -> {
            ConsulBinary binary = ConsulBinary.resolve(settings);
            assertThat(binary.source()).isEqualTo(ConsulBinary.Source.EXPLICIT);
            assertThat(binary.executable()).isEqualTo(consul);
            assertThat(binary.version()).isEqualTo("1.8.7");
        });

        assertThat(stderr).contains("WARN", consul.toString(), "1.8.7", "1.4.2");
    }

    @Test
    void explicitBinaryNeedsNoCacheOrNetwork() throws Exception {
        Path consul = script("consul", "echo 'Consul v1.4.2'\n");
        BinarySettings settings = base().binary(consul).offline(true).cacheDir(dir.resolve("never-created"))
                .downloadUrl("http://127.0.0.1:1").build();

        assertThat(ConsulBinary.resolve(settings).version()).isEqualTo("1.4.2");
        assertThat(dir.resolve("never-created")).doesNotExist();
    }

    @Test
    void missingBinaryNamesPathAndSystemProperty() {
        Path missing = dir.resolve("no-such-consul");
        BinarySettings settings = BinarySettings.from(props("consul.embedded.binary", missing.toString()), Map.of());

        assertThatThrownBy(() -> ConsulBinary.resolve(settings))
                .isExactlyInstanceOf(BinaryUnavailableException.class)
                .hasMessageContainingAll(missing.toString(), "system property consul.embedded.binary", "does not exist");
    }

    @Test
    void missingBinaryNamesEnvironmentVariable() {
        Path missing = dir.resolve("no-such-consul");
        BinarySettings settings = BinarySettings.from(new Properties(), Map.of("CONSUL_BINARY", missing.toString()));

        assertThatThrownBy(() -> ConsulBinary.resolve(settings))
                .hasMessageContainingAll(missing.toString(), "environment variable CONSUL_BINARY");
    }

    @Test
    void missingBinaryGivenInCodeSaysSo() {
        Path missing = dir.resolve("no-such-consul");

        assertThatThrownBy(() -> ConsulBinary.resolve(base().binary(missing).build()))
                .hasMessageContainingAll(missing.toString(), "(from code)");
    }

    @Test
    void systemPropertyBinaryBeatsEnvironmentBinary() throws Exception {
        Path fromProperty = script("prop-consul", "echo 'Consul v1.6.0'\n");
        Path fromEnv = script("env-consul", "echo 'Consul v1.7.0'\n");

        ConsulBinary binary = ConsulBinary.resolve(BinarySettings.from(
                props("consul.embedded.binary", fromProperty.toString()), Map.of("CONSUL_BINARY", fromEnv.toString())));

        assertThat(binary.executable()).isEqualTo(fromProperty);
        assertThat(binary.version()).isEqualTo("1.6.0");
    }

    @Test
    void codeBinaryBeatsSystemProperty() throws Exception {
        Path fromProperty = script("prop-consul", "echo 'Consul v1.6.0'\n");
        Path fromCode = script("code-consul", "echo 'Consul v1.9.1'\n");

        ConsulBinary binary = ConsulBinary.resolve(BinarySettings.builder(
                props("consul.embedded.binary", fromProperty.toString()), Map.of()).binary(fromCode).build());

        assertThat(binary.executable()).isEqualTo(fromCode);
        assertThat(binary.version()).isEqualTo("1.9.1");
    }

    @Test
    void nonExecutableFileIsRefused() throws Exception {
        Path plain = Files.writeString(dir.resolve("consul"), "not executable");

        assertThatThrownBy(() -> ConsulBinary.resolve(base().binary(plain).build()))
                .isExactlyInstanceOf(BinaryUnavailableException.class)
                .hasMessageContainingAll(plain.toString(), "not an executable file");
    }

    @Test
    void failingProbeQuotesExitCodeAndOutput() throws Exception {
        Path broken = script("broken", "echo 'segmentation fault, sorry' >&2\nexit 3\n");

        assertThatThrownBy(() -> ConsulBinary.resolve(base().binary(broken).build()))
                .isExactlyInstanceOf(BinaryUnavailableException.class)
                .hasMessageContainingAll(broken.toString(), "exited with 3", "segmentation fault, sorry");
    }

    @Test
    void programThatIsNotConsulIsRefused() throws Exception {
        Path other = script("nomad", "echo 'Nomad v1.0.0'\n");

        assertThatThrownBy(() -> ConsulBinary.resolve(base().binary(other).build()))
                .hasMessageContainingAll("does not look like a consul executable", "Nomad v1.0.0");
    }

    private BinarySettings.Builder base() {
        return BinarySettings.builder(new Properties(), Map.of()).cacheDir(dir.resolve("cache"));
    }

    private Path script(String name, String body) throws IOException {
        Path file = Files.writeString(dir.resolve(name), "#!/bin/sh\n" + body);
        assertThat(file.toFile().setExecutable(true)).isTrue();
        return file;
    }

    private static String capturingStderr(ThrowingRunnable action) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static Properties props(String key, String value) {
        Properties p = new Properties();
        p.setProperty(key, value);
        return p;
    }
}
