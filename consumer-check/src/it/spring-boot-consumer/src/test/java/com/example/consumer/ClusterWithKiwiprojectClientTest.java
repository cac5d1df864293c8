package com.example.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.consulembedded.junit.EmbeddedConsulCluster;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kiwiproject.consul.Consul;
import org.kiwiproject.consul.model.agent.ImmutableRegistration;
import org.kiwiproject.consul.model.catalog.CatalogService;

/**
 * What a user of Spring Boot and kiwiproject's consul-client writes: a real cluster from the
 * extension, talked to through the user's own Consul client (its OkHttp and Jackson, not ours).
 */
@EmbeddedConsulCluster(servers = 3, clients = 1)
class ClusterWithKiwiprojectClientTest {
    private final Consul consul;

    ClusterWithKiwiprojectClientTest(URI cluster) {
        this.consul = Consul.builder().withUrl(cluster.toString()).build();
    }

    @AfterEach
    void closeClient() {
        consul.destroy();
    }

    @Test
    void writesAndReadsAKey() {
        assertThat(consul.keyValueClient().putValue("config/greeting", "hello")).isTrue();

        assertThat(consul.keyValueClient().getValueAsString("config/greeting")).contains("hello");
    }

    @Test
    void registersAServiceAndFindsItInTheCatalog() throws InterruptedException {
        consul.agentClient().register(ImmutableRegistration.builder().id("billing-1").name("billing").port(8080).build());

        List<CatalogService> found = List.of();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (found.isEmpty() && System.nanoTime() < deadline) {
            found = consul.catalogClient().getService("billing").getResponse();
            if (found.isEmpty()) {
                Thread.sleep(50);
            }
        }
        assertThat(found).extracting(CatalogService::getServiceId).containsExactly("billing-1");
        assertThat(found.get(0).getServicePort()).isEqualTo(8080);
    }
}
