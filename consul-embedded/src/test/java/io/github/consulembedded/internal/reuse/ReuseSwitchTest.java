package io.github.consulembedded.internal.reuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ReuseSwitchTest {
    private static ReuseSwitch of(Map<String, String> props, Map<String, String> env) {
        Properties p = new Properties();
        p.putAll(props);
        return new ReuseSwitch(p, env);
    }

    @Test
    void offUnlessThePropertyOrTheVariableSaysSo() {
        assertThat(of(Map.of(), Map.of()).requested()).isFalse();
        assertThat(of(Map.of("consul.embedded.reuse", "true"), Map.of()).requested()).isTrue();
        assertThat(of(Map.of(), Map.of("CONSUL_EMBEDDED_REUSE", "true")).requested()).isTrue();
        assertThat(of(Map.of(), Map.of("CONSUL_EMBEDDED_REUSE", "force")).requested()).isTrue();
        assertThat(of(Map.of(), Map.of("CONSUL_EMBEDDED_REUSE", "yes")).requested()).isFalse();
        // The property wins over the variable.
        assertThat(of(Map.of("consul.embedded.reuse", "false"), Map.of("CONSUL_EMBEDDED_REUSE", "true")).requested()).isFalse();
    }

    @Test
    void ciTurnsReuseOffUnlessForced() {
        assertThat(of(Map.of(), Map.of()).allowed()).isTrue();
        assertThat(of(Map.of(), Map.of("CI", "true")).allowed()).isFalse();
        assertThat(of(Map.of("consul.embedded.reuse", "true"), Map.of("CI", "true")).allowed()).isFalse();
        assertThat(of(Map.of("consul.embedded.reuse", "force"), Map.of("CI", "true")).allowed()).isTrue();
        assertThat(of(Map.of(), Map.of("CI", "false")).allowed()).isTrue();
    }

    @Test
    void idleTimeoutAndWaitHaveDefaultsAndTakeDurations() {
        assertThat(of(Map.of(), Map.of()).idleTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(of(Map.of(), Map.of()).attachWait()).isEqualTo(Duration.ofSeconds(10));
        assertThat(of(Map.of("consul.embedded.reuse.idle-timeout", "90s"), Map.of()).idleTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(of(Map.of(), Map.of("CONSUL_EMBEDDED_REUSE_IDLE_TIMEOUT", "2h")).idleTimeout()).isEqualTo(Duration.ofHours(2));
        assertThat(of(Map.of("consul.embedded.reuse.wait", "PT1M"), Map.of()).attachWait()).isEqualTo(Duration.ofMinutes(1));
        assertThat(of(Map.of("consul.embedded.reuse.wait", "500ms"), Map.of()).attachWait()).isEqualTo(Duration.ofMillis(500));
        assertThatThrownBy(() -> of(Map.of("consul.embedded.reuse.idle-timeout", "soon"), Map.of()).idleTimeout())
                .hasMessageContaining("consul.embedded.reuse.idle-timeout").hasMessageContaining("'soon'");
        assertThatThrownBy(() -> of(Map.of("consul.embedded.reuse.idle-timeout", "0s"), Map.of()).idleTimeout())
                .hasMessageContaining("positive");
    }
}
