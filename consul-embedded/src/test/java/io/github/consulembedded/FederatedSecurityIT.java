package io.github.consulembedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * encrypt, tls and acl across two datacenters: the WAN pool has the gossip key, one CA serves
 * every datacenter, and ACLs made in the primary hold in the secondary through replication.
 */
class FederatedSecurityIT {

    @Test
    void encryptTlsAndAclHoldAcrossDatacenters() {
        try (ConsulCluster cluster = ConsulCluster.builder().datacenters("dc1", "dc2").servers(1).clients(1)
                .encrypt().tls().acl().binary(RealConsul.binary()).start()) {
            // encrypt: both pools, LAN and WAN, of every server are encrypted.
            for (ConsulAgent server : cluster.servers()) {
                JsonNode stats = TestJson.read(server.http().get("/v1/agent/self")).path("Stats");
                assertThat(stats.path("serf_lan").path("encrypted").asText()).as("LAN of %s", server.node()).isEqualTo("true");
                assertThat(stats.path("serf_wan").path("encrypted").asText()).as("WAN of %s", server.node()).isEqualTo("true");
            }

            // tls: one CA; the library's user certificate works against dc2's agents, and dc1 forwards to dc2 over TLS.
            ConsulTls tls = cluster.tls().orElseThrow();
            String token = cluster.aclMasterToken().orElseThrow();
            ConsulAgent dc2Client = cluster.clients("dc2").get(0);
            assertThat(dc2Client.httpAddress().getScheme()).isEqualTo("https");
            ConsulHttp dc2 = new ConsulHttp(dc2Client.httpAddress()).withTls(tls).withToken(token);
            dc2.kvPut("secret", "in dc2");
            ConsulHttp dc1 = cluster.clients("dc1").get(0).http();
            assertThat(TestJson.read(dc1.get("/v1/kv/secret?dc=dc2")).get(0).path("Key").asText()).isEqualTo("secret");

            // acl: default deny in dc2 too, and a token made in the primary works in dc2 once replicated.
            ConsulHttp anonymousDc2 = new ConsulHttp(dc2Client.httpAddress()).withTls(tls);
            assertThatThrownBy(() -> anonymousDc2.kvPut("anonymous", "x"))
                    .isInstanceOfSatisfying(ConsulHttpException.class, e -> assertThat(e.status()).isEqualTo(403));
            String policy = TestJson.read(dc1.put("/v1/acl/policy",
                    "{\"Name\":\"kv-writer\",\"Rules\":\"key_prefix \\\"\\\" { policy = \\\"write\\\" }\"}")).path("ID").asText();
            String writer = TestJson.read(dc1.put("/v1/acl/token",
                    "{\"Description\":\"writer\",\"Policies\":[{\"ID\":\"" + policy + "\"}]}")).path("SecretID").asText();
            ConsulHttp writerDc2 = new ConsulHttp(dc2Client.httpAddress()).withTls(tls).withToken(writer);
            awaitSucceeds(Duration.ofSeconds(30), () -> writerDc2.kvPut("by-writer", "ok"));
            assertThat(dc2.kvGet("by-writer")).contains("ok");

            cluster.reset();
            assertThat(TestJson.read(dc1.get("/v1/acl/policies"))).extracting(p -> p.path("Name").asText())
                    .containsExactly("global-management");
        }
    }

    private static void awaitSucceeds(Duration timeout, Runnable call) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                call.run();
                return;
            } catch (ConsulHttpException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
