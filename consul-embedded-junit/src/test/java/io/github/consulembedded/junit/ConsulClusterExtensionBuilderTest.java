package io.github.consulembedded.junit;

import static org.assertj.core.api.Assertions.assertThat;
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

    @Test
    void reuseIsOffByDefaultAndOnWhenAskedInTheBuilderOrTheAnnotation() throws Exception {
        java.lang.reflect.Field field = ConsulClusterExtension.class.getDeclaredField("programmatic");
        field.setAccessible(true);
        assertThat(((ClassSettings) field.get(ConsulClusterExtension.builder().build())).cluster().reuse()).isFalse();
        assertThat(((ClassSettings) field.get(ConsulClusterExtension.builder().reuse(true).build())).cluster().reuse()).isTrue();
        assertThat(ClassSettings.of(Plain.class.getAnnotation(EmbeddedConsulCluster.class), Plain.class).cluster().reuse()).isFalse();
        assertThat(ClassSettings.of(Reused.class.getAnnotation(EmbeddedConsulCluster.class), Reused.class).cluster().reuse()).isTrue();
    }

    @EmbeddedConsulCluster
    static class Plain {
    }

    @EmbeddedConsulCluster(reuse = true)
    static class Reused {
    }
}
