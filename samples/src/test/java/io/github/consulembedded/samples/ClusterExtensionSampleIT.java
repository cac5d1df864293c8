package io.github.consulembedded.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.consulembedded.ConsulAgent;
import io.github.consulembedded.ConsulCluster;
import io.github.consulembedded.ConsulHttp;
import io.github.consulembedded.ServiceRegistration;
import io.github.consulembedded.junit.EmbeddedConsulCluster;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's JUnit example: a real cluster of 3 servers and 2 clients, started once for every
 * test class that asks for the same one, emptied before each test, injected by type.
 */
// tag::readme[]
@EmbeddedConsulCluster(servers = 3, clients = 2)
class ClusterExtensionSampleIT {

    @Test
    void aKeyWrittenOnOneClientIsReadOnAnother(ConsulCluster cluster) {
        cluster.client(0).http().kvPut("config/greeting", "hello");

        assertThat(cluster.client(1).http().kvGet("config/greeting")).contains("hello");
    }

    @Test
    void aServiceRegisteredOnAClientIsInTheCatalog(ConsulCluster cluster, URI consul) throws InterruptedException {
        ConsulAgent owner = cluster.registerService(
                ServiceRegistration.builder("billing").id("billing-1").port(8080).build());

        // Any agent answers for the whole datacenter; the injected URI is the first client's.
        assertThat(catalogNodes(new ConsulHttp(consul), "billing")).containsExactly(owner.node());
        assertThat(owner.node()).startsWith("consul-client-");
    }

    @Test
    void everyTestStartsWithAnEmptyCluster(ConsulHttp consul) {
        assertThat(consul.kvKeys("")).isEmpty();
        assertThat(consul.catalogServices()).doesNotContain("billing");
    }

    /** The owner syncs a registration to the catalog right away, but asynchronously: polls briefly. */
    private static List<String> catalogNodes(ConsulHttp consul, String service) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<String> nodes = consul.catalogServiceNodes(service);
        while (nodes.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            nodes = consul.catalogServiceNodes(service);
        }
        return nodes;
    }
}
// end::readme[]
