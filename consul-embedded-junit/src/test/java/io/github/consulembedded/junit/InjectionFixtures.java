package io.github.consulembedded.junit;

import io.github.consulembedded.ConsulAgent;
import io.github.consulembedded.ConsulCluster;
import io.github.consulembedded.ConsulHttp;
import io.github.consulembedded.junit.EmbeddedConsulCluster.Node;
import io.github.consulembedded.junit.EmbeddedConsulCluster.PropertySet;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Records what was injected where, and the exported properties as tests saw them. */
final class InjectionFixtures {
    static final Map<String, Object> SEEN = new ConcurrentHashMap<>();

    private InjectionFixtures() {
    }

    /** The topology: 3 servers and 2 clients, injected everywhere JUnit allows. */
    @Fixture
    @EmbeddedConsulCluster(servers = 3, clients = 2,
            exportProperties = {PropertySet.CONSUL_EMBEDDED, PropertySet.SPRING_CLOUD_CONSUL})
    static class ThreeServersTwoClients {
        ThreeServersTwoClients(ConsulCluster cluster) {
            SEEN.put("constructor", cluster);
        }

        @BeforeAll
        static void beforeAll(URI address) {
            SEEN.put("beforeAll", address);
            SEEN.put("property " + ExportedProperties.HTTP_ADDRESS, System.getProperty(ExportedProperties.HTTP_ADDRESS));
            SEEN.put("property " + ExportedProperties.SPRING_HOST, System.getProperty(ExportedProperties.SPRING_HOST));
            SEEN.put("property " + ExportedProperties.SPRING_PORT, System.getProperty(ExportedProperties.SPRING_PORT));
        }

        @BeforeEach
        void beforeEach(ConsulHttp http) {
            SEEN.put("beforeEach", http);
        }

        @Test
        void test(ConsulCluster cluster, ConsulAgent agent, @Node("consul-client-2") URI secondClient,
                @Node("consul-server-3") ConsulAgent thirdServer) {
            SEEN.put("test cluster", cluster);
            SEEN.put("test agent", agent);
            SEEN.put("test consul-client-2", secondClient);
            SEEN.put("test consul-server-3", thirdServer);
            SEEN.put("dataDirs", cluster.agents().stream().map(ConsulAgent::dataDir).toList());
        }

        @Nested
        class Inner {
            @Test
            void nestedTest(ConsulCluster cluster) {
                SEEN.put("nested cluster", cluster);
            }
        }
    }
}
