package io.github.consulembedded.samples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {

    @Test
    void defaultsToThreeServersAndThreeClientsStartedByTheDemo() {
        DemoOptions options = DemoOptions.parse();

        assertThat(options.servers()).isEqualTo(3);
        assertThat(options.clients()).isEqualTo(3);
        assertThat(options.statusFile()).isEmpty();
        assertThat(options.screenshot()).isEmpty();
        assertThat(options.datacenter()).isEqualTo("dc1");
    }

    @Test
    void readsEveryOption() {
        DemoOptions options = DemoOptions.parse("--servers", "5", "--clients", "0", "--binary", "/opt/consul",
                "--datacenter", "east", "--domain", "demo.local", "--screenshot", "shot.png");

        assertThat(options).isEqualTo(new DemoOptions(5, 0, java.util.Optional.of(Path.of("/opt/consul")), "east",
                "demo.local", java.util.Optional.empty(), java.util.Optional.of(Path.of("shot.png")), false));
    }

    @Test
    void rejectsBadValuesNamingTheOption() {
        assertThatThrownBy(() -> DemoOptions.parse("--servers", "0")).hasMessage("--servers must be >= 1, was 0");
        assertThatThrownBy(() -> DemoOptions.parse("--clients", "many")).hasMessage("--clients must be a whole number, was 'many'");
        assertThatThrownBy(() -> DemoOptions.parse("--clients")).hasMessage("--clients needs a value");
        assertThatThrownBy(() -> DemoOptions.parse("--colour", "red")).hasMessage("unknown option: --colour");
        assertThatThrownBy(() -> DemoOptions.parse("--status-file", "s.json", "--screenshot", "x.png"))
                .hasMessageContaining("cannot be combined");
    }
}
