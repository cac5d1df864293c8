package io.github.consulembedded.samples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
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
        assertThat(options.datacenters()).containsExactly("dc1");
        assertThat(options.federated()).isFalse();
    }

    @Test
    void readsEveryOption() {
        DemoOptions options = DemoOptions.parse("--servers", "5", "--clients", "0", "--binary", "/opt/consul",
                "--datacenter", "east", "--domain", "demo.local", "--screenshot", "shot.png");

        assertThat(options).isEqualTo(new DemoOptions(5, 0, java.util.Optional.of(Path.of("/opt/consul")), List.of("east"),
                "demo.local", java.util.Optional.empty(), java.util.Optional.of(Path.of("shot.png")), false));
    }

    @Test
    void readsSeveralDatacentersThePrimaryFirstWithServersAndClientsForEach() {
        DemoOptions options = DemoOptions.parse("--datacenters", "dc1, dc2,west", "--servers", "3", "--clients", "1");

        assertThat(options.datacenters()).containsExactly("dc1", "dc2", "west");
        assertThat(options.datacenter()).isEqualTo("dc1");
        assertThat(options.federated()).isTrue();
        assertThat(options.servers()).isEqualTo(3);
        assertThat(options.clients()).isEqualTo(1);
    }

    @Test
    void rejectsDatacentersThatAreEmptyRepeatedOrGivenBothWays() {
        assertThatThrownBy(() -> DemoOptions.parse("--datacenters", "dc1,,dc2"))
                .hasMessage("--datacenters needs comma-separated names without empty ones, was 'dc1,,dc2'");
        assertThatThrownBy(() -> DemoOptions.parse("--datacenters", "dc1,dc1"))
                .hasMessage("--datacenters must name distinct datacenters, was 'dc1,dc1'");
        assertThatThrownBy(() -> DemoOptions.parse("--datacenter", "east", "--datacenters", "dc1,dc2"))
                .hasMessageStartingWith("--datacenter and --datacenters exclude each other");
        assertThatThrownBy(() -> DemoOptions.parse("--datacenters")).hasMessage("--datacenters needs a value");
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
