package io.github.consulembedded.internal.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.consulembedded.BinaryUnavailableException;
import java.net.URI;
import org.junit.jupiter.api.Test;

class BinarySha256SumsTest {

    private static final URI SOURCE = URI.create("https://mirror.example/consul/1.5.0/consul_1.5.0_SHA256SUMS");
    private static final String A = "a".repeat(64);
    private static final String B = "B".repeat(64);

    @Test
    void findsLineForArchive() {
        Sha256Sums sums = Sha256Sums.parse(SOURCE, A + "  consul_1.5.0_darwin_amd64.zip\r\n"
                + B + " *consul_1.5.0_linux_amd64.zip\n\n# trailing junk\n");

        assertThat(sums.find("consul_1.5.0_darwin_amd64.zip")).contains(A);
        assertThat(sums.require("consul_1.5.0_linux_amd64.zip")).isEqualTo("b".repeat(64));
    }

    @Test
    void missingLineNamesFileAndSource() {
        Sha256Sums sums = Sha256Sums.parse(SOURCE, A + "  consul_1.5.0_darwin_amd64.zip\n");

        assertThatThrownBy(() -> sums.require("consul_1.5.0_linux_arm64.zip"))
                .isExactlyInstanceOf(BinaryUnavailableException.class)
                .hasMessageContainingAll(SOURCE.toString(), "no line for consul_1.5.0_linux_arm64.zip",
                        "consul_1.5.0_darwin_amd64.zip");
    }
}
