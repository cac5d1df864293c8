package io.github.consulembedded.samples;

import static org.assertj.core.api.Assertions.assertThat;

import com.ecwid.consul.v1.ConsulClient;
import com.ecwid.consul.v1.agent.model.NewService;
import com.ecwid.consul.v1.catalog.CatalogServiceRequest;
import com.ecwid.consul.v1.catalog.model.CatalogService;
import com.ecwid.consul.v1.health.HealthServicesRequest;
import com.ecwid.consul.v1.health.model.HealthService;
import io.github.consulembedded.ConsulAgent;
import io.github.consulembedded.ConsulCluster;
import io.github.consulembedded.junit.EmbeddedConsulCluster;
import io.github.consulembedded.junit.EmbeddedConsulCluster.Node;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Service discovery with a Consul client that applications use (Ecwid's consul-api, the one
 * behind Spring Cloud Consul): "billing" registers itself through its local agent,
 * consul-client-2, with a TTL health check; "shop" finds it through its own agent,
 * consul-client-1, in the health API, in the catalog and in DNS. Same configuration as
 * {@link ClusterExtensionSampleIT}, so both classes share one cluster.
 */
@EmbeddedConsulCluster(servers = 3, clients = 2)
class ServiceDiscoverySampleIT {

    @Test
    void findsAServiceRegisteredOnAnotherClientThroughHealthCatalogAndDns(
            @Node("consul-client-2") URI billingAgent, ConsulAgent shopAgent, ConsulCluster cluster) throws Exception {
        ConsulClient billing = new ConsulClient(billingAgent.getHost(), billingAgent.getPort());
        NewService service = new NewService();
        service.setId("billing-1");
        service.setName("billing");
        service.setPort(8080);
        NewService.Check ttl = new NewService.Check();
        ttl.setTtl("30s");
        service.setCheck(ttl);
        billing.agentServiceRegister(service);
        billing.agentCheckPass("service:billing-1");

        ConsulClient shop = new ConsulClient(shopAgent.httpAddress().getHost(), shopAgent.httpAddress().getPort());
        List<HealthService> healthy = eventually(() -> shop.getHealthServices("billing",
                HealthServicesRequest.newBuilder().setPassing(true).build()).getValue());
        assertThat(healthy).singleElement().satisfies(instance -> {
            assertThat(instance.getNode().getNode()).isEqualTo("consul-client-2");
            assertThat(instance.getService().getId()).isEqualTo("billing-1");
            assertThat(instance.getService().getPort()).isEqualTo(8080);
        });
        List<CatalogService> catalog = shop.getCatalogService("billing", CatalogServiceRequest.newBuilder().build()).getValue();
        assertThat(catalog).extracting(CatalogService::getNode).containsExactly("consul-client-2");

        // Consul's DNS interface: one SRV record per healthy instance, with the service's port. DNS
        // allows stale reads from any server by default, so it may lag the health API briefly.
        String name = "billing.service." + cluster.spec().domain();
        assertThat(eventually(() -> Dns.srvPorts(shopAgent.dnsAddress(), name))).containsExactly(8080);
    }

    /** Registration reaches the catalog asynchronously: polls until the list is not empty. */
    private static <T> List<T> eventually(Supplier<List<T>> query) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<T> result = query.get();
        while (result.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            result = query.get();
        }
        return result;
    }

    /** A minimal DNS client: one SRV question over UDP, the ports of the answers. */
    static final class Dns {
        private static final int SRV = 33;

        static List<Integer> srvPorts(InetSocketAddress server, String name) {
            try {
                return query(server, name);
            } catch (IOException e) {
                throw new UncheckedIOException("DNS query for " + name + " to " + server + " failed", e);
            }
        }

        private static List<Integer> query(InetSocketAddress server, String name) throws IOException {
            ByteArrayOutputStream query = new ByteArrayOutputStream();
            query.writeBytes(new byte[] {0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0}); // id, RD, 1 question
            for (String label : name.split("\\.")) {
                byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
                query.write(bytes.length);
                query.writeBytes(bytes);
            }
            query.writeBytes(new byte[] {0, 0, SRV, 0, 1}); // end of name, type SRV, class IN
            byte[] answer = new byte[4096];
            DatagramPacket response = new DatagramPacket(answer, answer.length);
            try (DatagramSocket socket = new DatagramSocket()) {
                socket.setSoTimeout(5000);
                socket.send(new DatagramPacket(query.toByteArray(), query.size(), server));
                socket.receive(response);
            }
            ByteBuffer in = ByteBuffer.wrap(answer, 0, response.getLength());
            int questions = in.getShort(4) & 0xffff;
            int answers = in.getShort(6) & 0xffff;
            in.position(12);
            for (int i = 0; i < questions; i++) {
                skipName(in);
                in.position(in.position() + 4); // type, class
            }
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < answers; i++) {
                skipName(in);
                int type = in.getShort() & 0xffff;
                in.position(in.position() + 6); // class, ttl
                int length = in.getShort() & 0xffff;
                int end = in.position() + length;
                if (type == SRV) {
                    in.position(in.position() + 4); // priority, weight
                    ports.add(in.getShort() & 0xffff);
                }
                in.position(end);
            }
            return ports;
        }

        private static void skipName(ByteBuffer in) {
            while (true) {
                int length = in.get() & 0xff;
                if (length == 0) {
                    return;
                }
                if ((length & 0xc0) == 0xc0) { // compression pointer: two bytes end the name
                    in.get();
                    return;
                }
                in.position(in.position() + length);
            }
        }
    }
}
