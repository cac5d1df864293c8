package io.github.consulembedded;

import io.github.consulembedded.internal.agent.AgentConfig;
import io.github.consulembedded.internal.security.GossipKeys;
import io.github.consulembedded.ConsulTls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.consulembedded.internal.security.CertificateAuthority;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import io.github.consulembedded.internal.agent.Agent;
import io.github.consulembedded.internal.agent.TestAgents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecurityIT {

    @Test
    void gossipEncryptionHoldsForServersAndClientsAndKeepsOutAgentsWithoutTheKey() {
        try (ConsulCluster cluster = ConsulCluster.builder().servers(3).clients(1).encrypt()
                .binary(RealConsul.binary()).start()) {
            for (ConsulAgent agent : List.of(cluster.server(0), cluster.client(0))) {
                assertThat(TestJson.read(agent.http().get("/v1/agent/self")).path("Stats").path("serf_lan").path("encrypted").asText())
                        .as("serf_lan encrypted on %s", agent.node()).isEqualTo("true");
            }
            AgentConfig intruder = AgentConfig.client().node("intruder")
                    .retryJoin(cluster.servers().stream().map(ConsulAgent::serfLanAddress).toList()).build();
            try (Agent stranger = TestAgents.start(intruder)) {
                assertNeverWithin(Duration.ofSeconds(5), () -> cluster.server(0).http().members().stream()
                        .anyMatch(m -> m.name().equals("intruder")));
                assertThat(stranger.api().members()).extracting(ConsulMember::name).containsExactly("intruder");
            }
        }
    }

    @Test
    void aclsDenyAnonymousWritesAndLetTheLibraryWork() {
        try (ConsulCluster cluster = ConsulCluster.builder().servers(3).clients(1).acl()
                .binary(RealConsul.binary()).start()) {
            String token = cluster.aclMasterToken().orElseThrow();
            ConsulHttp anonymous = new ConsulHttp(cluster.httpAddress());
            assertThatThrownBy(() -> anonymous.kvPut("secret", "x"))
                    .isInstanceOf(ConsulHttpException.class)
                    .satisfies(e -> assertThat(((ConsulHttpException) e).status()).isEqualTo(403));
            anonymous.withToken(token).kvPut("secret", "x");
            assertThat(cluster.http().kvGet("secret")).contains("x");

            ConsulAgent owner = cluster.registerService(ServiceRegistration.builder("guarded").port(1).build());
            assertThat(owner.http().agentServices()).containsKey("guarded");
            assertThat(cluster.deregisterService("guarded")).containsExactly(owner.node());
            cluster.registerService(ServiceRegistration.builder("again").port(2).build());
            cluster.reset();
            assertThat(cluster.http().kvKeys("")).isEmpty();
            assertThat(cluster.http().catalogServices()).containsExactly("consul");
        }
    }

    @Test
    void tlsServesHttpsWithTheGeneratedCaOnlyAndRejectsAgentsOfAnotherCa(@TempDir Path otherCaDir) throws Exception {
        try (ConsulCluster cluster = ConsulCluster.builder().servers(3).clients(1).tls()
                .binary(RealConsul.binary()).start()) {
            ConsulTls tls = cluster.tls().orElseThrow();
            URI api = cluster.httpAddress();
            assertThat(api.getScheme()).isEqualTo("https");
            assertThat(cluster.client(0).ports().http()).isEqualTo(-1);
            // A timeout, so that a TLS handshake the agent refuses can never hang the test: the JDK's client
            // has been seen to wait forever for an answer when the agent dropped a caller without a certificate.
            HttpRequest leader = HttpRequest.newBuilder(api.resolve("/v1/status/leader")).timeout(Duration.ofSeconds(10)).build();
            HttpClient mutual = HttpClient.newBuilder().sslContext(tls.sslContext()).proxy(HttpClient.Builder.NO_PROXY).build();
            assertThat(mutual.send(leader, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(new ConsulHttp(api).withTls(tls).leader()).isNotEmpty();
            HttpClient defaultTrust = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
            assertThatThrownBy(() -> defaultTrust.send(leader, HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(SSLException.class);
            // verify_incoming: trusting the CA is not enough, the caller must present a certificate of it too.
            SSLContext trustOnly = SSLContext.getInstance("TLS");
            trustOnly.init(null, new TrustManager[] {tls.trustManager()}, null);
            HttpClient noClientCertificate = HttpClient.newBuilder().sslContext(trustOnly).proxy(HttpClient.Builder.NO_PROXY).build();
            assertThatThrownBy(() -> noClientCertificate.send(leader, HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(java.io.IOException.class);
            assertThat(tls.clientCertFile()).isRegularFile();
            assertThat(tls.clientKeyFile()).isRegularFile();
            assertThat(tls.sslContext().getProtocol()).isEqualTo("TLS");

            CertificateAuthority other = CertificateAuthority.createOrReuse(RealConsul.binary().executable(), otherCaDir);
            List<Path> cert = other.certificateFor("foreign", false, "dc1", "cluster.local");
            AgentConfig foreign = AgentConfig.client().node("foreign")
                    .tls(new ConsulTls(other.caFile(), cert.get(0), cert.get(1)))
                    .retryJoin(cluster.servers().stream().map(ConsulAgent::serfLanAddress).toList()).build();
            try (Agent stranger = TestAgents.start(foreign)) {
                assertNeverWithin(Duration.ofSeconds(5), () -> {
                    try {
                        stranger.api().kvGet("anything");
                        return true;
                    } catch (ConsulHttpException e) {
                        return false;
                    }
                });
            }
        }
    }

    @Test
    void encryptAclAndTlsTogetherStaySupervisedAndResettable() {
        List<ClusterEvent> events = new CopyOnWriteArrayList<>();
        try (ConsulCluster cluster = ConsulCluster.builder().servers(3).clients(2).encrypt().acl().tls()
                .listener(events::add).binary(RealConsul.binary()).start()) {
            cluster.http().kvPut("k", "v");
            ConsulAgent client = cluster.client(1);
            long pid = client.pid();
            cluster.kill(client);
            cluster.awaitReady(Duration.ofSeconds(60));
            assertThat(client.pid()).isPositive().isNotEqualTo(pid);
            cluster.registerService(ServiceRegistration.builder("s").port(3).build());
            cluster.reset();
            assertThat(cluster.http().kvKeys("")).isEmpty();
            assertThat(cluster.http().catalogServices()).containsExactly("consul");
        }
    }

    @Test
    void refusesAKeyThatDiffersFromTheStoredKeyring(@TempDir Path dir) {
        Path data = dir.resolve("data");
        String first = GossipKeys.generate();
        try (Agent agent = TestAgents.start(AgentConfig.server().dataDir(data).encryptKey(first).build())) {
            assertThat(agent.api().leader()).isNotEmpty();
        }
        assertThat(GossipKeys.storedKeys(data)).containsExactly(first);
        AgentConfig other = AgentConfig.server().dataDir(data).encryptKey(GossipKeys.generate()).build();
        assertThatThrownBy(() -> TestAgents.start(other))
                .isInstanceOf(ConsulEmbeddedException.class)
                .hasMessageContaining("holds a gossip keyring")
                .hasMessageContaining(data.toString());
    }

    @Test
    void persistentEncryptedClusterReusesItsStoredKey(@TempDir Path root) {
        String key;
        try (ConsulCluster cluster = ConsulCluster.builder().servers(1).dataRoot(root).encrypt()
                .binary(RealConsul.binary()).start()) {
            key = cluster.gossipKey().orElseThrow();
        }
        try (ConsulCluster cluster = ConsulCluster.builder().servers(1).dataRoot(root).encrypt()
                .binary(RealConsul.binary()).start()) {
            assertThat(cluster.gossipKey()).contains(key);
        }
    }

    @Test
    void persistentTlsClusterComesBackWithItsCaAndPorts(@TempDir Path root) {
        Path ca;
        try (ConsulCluster cluster = ConsulCluster.builder().servers(1).clients(1).dataRoot(root).tls()
                .binary(RealConsul.binary()).start()) {
            cluster.http().kvPut("kept", "over https");
            ca = cluster.tls().orElseThrow().caFile();
        }
        try (ConsulCluster cluster = ConsulCluster.builder().servers(1).clients(1).dataRoot(root).tls()
                .binary(RealConsul.binary()).start()) {
            assertThat(cluster.tls().orElseThrow().caFile()).isEqualTo(ca);
            assertThat(cluster.http().kvGet("kept")).contains("over https");
            assertThat(cluster.client(0).ports().http()).isEqualTo(-1);
        }
    }

    private static void assertNeverWithin(Duration window, java.util.function.BooleanSupplier condition) {
        long end = System.nanoTime() + window.toNanos();
        while (System.nanoTime() < end) {
            assertThat(condition.getAsBoolean()).as("condition must not hold within " + window).isFalse();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
