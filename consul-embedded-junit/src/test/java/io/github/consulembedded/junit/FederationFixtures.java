package io.github.consulembedded.junit;

import io.github.consulembedded.ConsulAgent;
import io.github.consulembedded.ConsulCluster;
import io.github.consulembedded.ConsulHttp;
import io.github.consulembedded.junit.EmbeddedConsulCluster.Datacenter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Two federated datacenters, and injection of a given datacenter's agent. */
final class FederationFixtures {
    static final Map<String, Object> SEEN = new ConcurrentHashMap<>();

    private FederationFixtures() {
    }

    @Fixture
    @EmbeddedConsulCluster(datacenters = {"east", "west"}, servers = 1, clients = 1)
    static class TwoDatacenters {
        @Test
        void test(ConsulCluster cluster, ConsulAgent defaultAgent, @Datacenter("west") ConsulAgent westAgent,
                @Datacenter("west") ConsulHttp west, ConsulHttp east) {
            SEEN.put("datacenters", cluster.datacenters());
            SEEN.put("default agent", defaultAgent.node() + "@" + defaultAgent.datacenter());
            SEEN.put("west agent", westAgent.node() + "@" + westAgent.datacenter());
            west.kvPut("where", "west");
            SEEN.put("east sees its own", east.kvGet("where").isPresent());
            SEEN.put("east reads west", east.get("/v1/kv/where?dc=west").contains("\"Key\""));
        }
    }

    @Fixture
    @EmbeddedConsulCluster(datacenters = {"east", "west"}, servers = 1, clients = 1)
    static class UnknownDatacenter {
        @Test
        void test(@Datacenter("north") ConsulAgent agent) {
        }
    }
}
