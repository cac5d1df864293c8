package io.github.consulembedded.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.consulembedded.ConsulAgent;
import io.github.consulembedded.ConsulHttp;
import io.github.consulembedded.ConsulHttpException;
import io.github.consulembedded.ConsulTls;
import io.github.consulembedded.junit.EmbeddedConsulCluster.AclToken;
import io.github.consulembedded.junit.EmbeddedConsulCluster.PropertySet;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** A cluster with every security switch on, used the way a test would use it; records what it saw. */
final class SecurityFixtures {
    static final Map<String, Object> SEEN = new ConcurrentHashMap<>();

    private SecurityFixtures() {
    }

    /** One server and one client (not dev mode): gossip, ACLs and TLS as a real deployment has them. */
    @Fixture
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    @EmbeddedConsulCluster(servers = 1, clients = 1, encrypt = true, acl = true, tls = true,
            exportProperties = PropertySet.CONSUL_EMBEDDED)
    static class EncryptAclTls {

        @BeforeAll
        static void beforeAll(@AclToken String token, ConsulTls tls) {
            SEEN.put("beforeAll token", token);
            SEEN.put("beforeAll caFile", tls.caFile());
            SEEN.put("property " + ExportedProperties.HTTP_ADDRESS, System.getProperty(ExportedProperties.HTTP_ADDRESS));
        }

        @Test
        @Order(1)
        void deniesAnonymousWritesAndAcceptsTheInjectedToken(URI uri, ConsulTls tls, @AclToken String token,
                ConsulHttp http) throws IOException {
            SEEN.put("uri", uri);
            SEEN.put("token", token);
            assertThat(uri.getScheme()).isEqualTo("https");
            assertThat(http.address()).isEqualTo(uri);

            ConsulHttp anonymous = new ConsulHttp(uri).withTls(tls);
            assertThatThrownBy(() -> anonymous.kvPut("left/behind", "anonymous"))
                    .isInstanceOfSatisfying(ConsulHttpException.class, e -> assertThat(e.status()).isEqualTo(403));
            HttpRequest withToken = HttpRequest.newBuilder(uri.resolve("/v1/kv/left/behind")).timeout(Duration.ofSeconds(10))
                    .header("X-Consul-Token", token).PUT(HttpRequest.BodyPublishers.ofString("by the first test")).build();
            HttpClient client = HttpClient.newBuilder().sslContext(tls.sslContext()).proxy(HttpClient.Builder.NO_PROXY).build();
            try {
                assertThat(client.send(withToken, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            // The injected helper carries the token: it sees the key, so the next test's empty answer means something.
            assertThat(http.kvGet("left/behind")).contains("by the first test");
        }

        @Test
        @Order(2)
        void resetEmptiedTheKvStoreDespiteAcls(ConsulHttp http) {
            assertThat(http.kvGet("left/behind")).isEmpty();
            assertThat(http.kvKeys("")).isEmpty();
        }

        @Test
        @Order(3)
        void encryptsGossipOnTheInjectedAgent(ConsulAgent agent) throws IOException {
            assertThat(new ObjectMapper().readTree(agent.http().get("/v1/agent/self")).path("Stats").path("serf_lan").path("encrypted").asText())
                    .isEqualTo("true");
        }
    }
}
