package io.github.consulembedded.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.consulembedded.ConsulCluster;
import io.github.consulembedded.ConsulHttp;
import io.github.consulembedded.ServiceRegistration;
import io.github.consulembedded.junit.EmbeddedConsulCluster;
import io.github.consulembedded.junit.EmbeddedConsulCluster.Datacenter;
import org.junit.jupiter.api.Test;

// tag::readme[]
@EmbeddedConsulCluster(datacenters = {"dc1", "dc2"}, servers = 3, clients = 1)
class TwoDatacentersSampleIT {

    @Test
    void dc1FindsAServiceOfDc2(ConsulCluster cluster, ConsulHttp dc1, @Datacenter("dc2") ConsulHttp dc2) {
        cluster.registerService(cluster.clients("dc2").get(0),
                ServiceRegistration.builder("billing").port(8080).build());
        dc2.kvPut("config/region", "west");

        assertThat(dc1.get("/v1/catalog/service/billing?dc=dc2")).contains("\"consul-client-1-dc2\"");
        assertThat(dc1.get("/v1/kv/config/region?dc=dc2")).contains("\"config/region\"");
        assertThat(dc1.kvGet("config/region")).isEmpty(); // each datacenter has its own KV
    }
}
// end::readme[]
