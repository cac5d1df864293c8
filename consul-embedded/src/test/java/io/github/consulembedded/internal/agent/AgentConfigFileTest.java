package io.github.consulembedded.internal.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.consulembedded.AgentPorts;
import io.github.consulembedded.Timing;
import io.github.consulembedded.internal.json.Json;
import io.github.consulembedded.internal.json.JsonNode;
import org.junit.jupiter.api.Test;

class AgentConfigFileTest {
    private static final AgentPorts PORTS = new AgentPorts(8500, -1, 8600, 8301, 8302, 8300);

    @Test
    void fastTimingSetsRaftMultiplierOneAndLoopbackGossipForBothPools() {
        JsonNode config = render(Timing.FAST);

        assertThat(config.path("performance").path("raft_multiplier").asInt()).isEqualTo(1);
        for (String pool : new String[] {"gossip_lan", "gossip_wan"}) {
            JsonNode gossip = config.path(pool);
            assertThat(gossip.path("gossip_interval").asText()).as(pool).isEqualTo("100ms");
            assertThat(gossip.path("probe_interval").asText()).as(pool).isEqualTo("100ms");
            assertThat(gossip.path("probe_timeout").asText()).as(pool).isEqualTo("100ms");
            assertThat(gossip.path("suspicion_mult").asInt()).as(pool).isEqualTo(3);
        }
    }

    @Test
    void productionTimingKeepsConsulsDefaults() {
        JsonNode config = render(Timing.PRODUCTION);

        assertThat(config.has("performance")).isFalse();
        assertThat(config.has("gossip_lan")).isFalse();
        assertThat(config.has("gossip_wan")).isFalse();
    }

    @Test
    void extraConfigOverridesTheGeneratedGossipTimings() {
        AgentConfig agent = AgentConfig.server().node("consul-server-1")
                .extraConfig("{\"gossip_lan\":{\"probe_timeout\":\"500ms\"}}").build();

        JsonNode config = Json.parseObject("config", AgentConfigFile.render(agent, PORTS));

        assertThat(config.path("gossip_lan").path("probe_timeout").asText()).isEqualTo("500ms");
        assertThat(config.path("gossip_lan").path("probe_interval").asText()).isEqualTo("100ms");
    }

    private static JsonNode render(Timing timing) {
        AgentConfig agent = AgentConfig.server().node("consul-server-1").timing(timing).build();
        return Json.parseObject("config", AgentConfigFile.render(agent, PORTS));
    }
}
