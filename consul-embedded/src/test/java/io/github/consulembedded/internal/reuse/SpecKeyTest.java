package io.github.consulembedded.internal.reuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.consulembedded.ClusterSpec;
import io.github.consulembedded.Timing;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SpecKeyTest {
    private static final String SHA = "a".repeat(64);

    private static String key(ClusterSpec.Builder spec) {
        return SpecKey.of(spec.build(), "1.4.2", SHA);
    }

    @Test
    void equalSpecsHaveEqualKeysWhateverTheReuseFlagOrBinarySettings() {
        ClusterSpec.Builder base = ClusterSpec.builder().servers(3).clients(1).extraConfig("consul-client-1", "{\"b\":1,\"a\":2}")
                .extraConfig("consul-server-1", "{}");
        assertThat(key(base)).isEqualTo(key(ClusterSpec.builder().servers(3).clients(1).reuse(true)
                .extraConfig("consul-server-1", "{}").extraConfig("consul-client-1", "{\"b\":1,\"a\":2}")));
    }

    @Test
    void anyDifferenceInTopologyTimingSecurityOrBinaryMakesAnotherKey() {
        String base = key(ClusterSpec.builder().servers(3).clients(1));
        assertThat(key(ClusterSpec.builder().servers(3).clients(2))).isNotEqualTo(base);
        assertThat(key(ClusterSpec.builder().servers(1).clients(1))).isNotEqualTo(base);
        assertThat(key(ClusterSpec.builder().servers(3).clients(1).timing(Timing.PRODUCTION))).isNotEqualTo(base);
        assertThat(key(ClusterSpec.builder().servers(3).clients(1).acl())).isNotEqualTo(base);
        assertThat(key(ClusterSpec.builder().servers(3).clients(1).encrypt())).isNotEqualTo(base);
        assertThat(key(ClusterSpec.builder().servers(3).clients(1).tls())).isNotEqualTo(base);
        assertThat(key(ClusterSpec.builder().servers(3).clients(1).datacenter("dc2"))).isNotEqualTo(base);
        assertThat(SpecKey.of(ClusterSpec.builder().servers(3).clients(1).build(), "1.4.3", SHA)).isNotEqualTo(base);
        assertThat(SpecKey.of(ClusterSpec.builder().servers(3).clients(1).build(), "1.4.2", "b".repeat(64))).isNotEqualTo(base);
    }

    @Test
    void theCodecReadsBackASpecWithTheSameKey() {
        ClusterSpec spec = ClusterSpec.builder().servers(3).clients(2).datacenter("east").domain("test.local")
                .recursors("1.1.1.1").ui(false).timing(Timing.PRODUCTION).supervise(false).readyTimeout(Duration.ofSeconds(42))
                .extraConfig("{\"log_level\":\"warn\"}").extraConfig("consul-client-2", "{\"node_meta\":{\"a\":\"b\"}}")
                .encrypt().acl("secret-token").build();
        String expected = SpecKey.of(spec, "1.4.2", SHA);
        ClusterSpec read = SpecCodec.decodeWithoutBinary(SpecCodec.encode(spec, Path.of("/opt/consul"), "1.4.2")).build();
        assertThat(SpecKey.of(read, "1.4.2", SHA)).isEqualTo(expected);
        assertThat(read).isEqualTo(spec);
    }

    @Test
    void aPersistentClusterIsNotReused() {
        assertThatThrownBy(() -> ClusterSpec.builder().dataRoot(Path.of("/tmp/x")).reuse(true).build())
                .hasMessageContaining("reuse").hasMessageContaining("dataRoot");
    }
}
