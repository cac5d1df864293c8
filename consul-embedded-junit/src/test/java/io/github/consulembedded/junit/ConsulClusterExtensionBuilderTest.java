package io.github.consulembedded.junit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

class ConsulClusterExtensionBuilderTest {

    @Test
    void rejectsInvalidSettingsNamingTheBuilderMethodAndValue() {
        assertThatThrownBy(() -> ConsulClusterExtension.builder().servers(0).build())
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("ConsulClusterExtension.builder().servers(0): servers must be >= 1, was 0");
        assertThatThrownBy(() -> ConsulClusterExtension.builder().clients(-2).build())
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("ConsulClusterExtension.builder().clients(-2): clients must be >= 0, was -2");
        assertThatThrownBy(() -> ConsulClusterExtension.builder().consulVersion("latest").build())
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessage("ConsulClusterExtension.builder().consulVersion(\"latest\"): version must be a Consul 1.x release "
                        + ">= 1.4.0, was 'latest'");
        assertThatThrownBy(() -> ConsulClusterExtension.builder().datacenter("").build())
                .isInstanceOf(ExtensionConfigurationException.class)
                .hasMessageStartingWith("ConsulClusterExtension.builder().datacenter(\"\"): datacenter ");
    }
}
