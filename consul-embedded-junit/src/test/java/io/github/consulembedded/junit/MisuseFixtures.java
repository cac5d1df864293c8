package io.github.consulembedded.junit;

import io.github.consulembedded.ConsulAgent;
import io.github.consulembedded.ConsulTls;
import io.github.consulembedded.junit.EmbeddedConsulCluster.AclToken;
import io.github.consulembedded.junit.EmbeddedConsulCluster.Node;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each class gets something wrong; the tests assert the exact message. */
final class MisuseFixtures {
    private MisuseFixtures() {
    }

    @Fixture
    @EmbeddedConsulCluster(servers = 0)
    static class NoServers {
        @Test
        void test() {
        }
    }

    @Fixture
    @EmbeddedConsulCluster(servers = 1, clients = -1)
    static class NegativeClients {
        @Test
        void test() {
        }
    }

    @Fixture
    @EmbeddedConsulCluster(consulVersion = "0.9.3")
    static class TooOldVersion {
        @Test
        void test() {
        }
    }

    @Fixture
    @EmbeddedConsulCluster(servers = 1, clients = 0, domain = "no spaces allowed")
    static class BadDomain {
        @Test
        void test() {
        }
    }

    @Fixture
    @EmbeddedConsulCluster(servers = 1, clients = 0)
    static class NodeOnAString {
        @Test
        void test(@Node("consul-server-1") String address) {
        }
    }

    @Fixture
    @EmbeddedConsulCluster(servers = 1, clients = 0)
    static class UnknownNode {
        @Test
        void test(@Node("consul-client-9") ConsulAgent agent) {
        }
    }

    @Fixture
    @EmbeddedConsulCluster(servers = 1, clients = 0)
    static class TlsMaterialWithoutTls {
        @Test
        void test(ConsulTls tls) {
        }
    }

    @Fixture
    @EmbeddedConsulCluster(servers = 1, clients = 0)
    static class AclTokenWithoutAcl {
        @Test
        void test(@AclToken String token) {
        }
    }

    @Fixture
    static class AclTokenWithoutAclInCode {
        @RegisterExtension
        static final ConsulClusterExtension CONSUL = ConsulClusterExtension.builder().servers(1).clients(0).build();

        @Test
        void test(@AclToken String token) {
        }
    }

    @Fixture
    @EmbeddedConsulCluster(servers = 1, clients = 0)
    static class AclTokenOnAnInt {
        @Test
        void test(@AclToken int token) {
        }
    }

    @Fixture
    @EmbeddedConsulCluster(servers = 1, clients = 0)
    static class AnnotationAndField {
        @RegisterExtension
        static final ConsulClusterExtension CONSUL = ConsulClusterExtension.builder().servers(1).clients(0).build();

        @Test
        void test() {
        }
    }

    @Fixture
    @EmbeddedConsulCluster(servers = 1, clients = 0)
    static class NestedDiffers {
        @Nested
        @EmbeddedConsulCluster(servers = 1, clients = 0, datacenter = "elsewhere")
        class Inner {
            @Test
            void test() {
            }
        }
    }

    @Fixture
    @ExtendWith(ConsulClusterExtension.class)
    static class ExtendWithoutAnnotation {
        @Test
        void test() {
        }
    }

    @Fixture
    static class InstanceField {
        @RegisterExtension
        final ConsulClusterExtension consul = ConsulClusterExtension.builder().servers(1).clients(0).build();

        @Test
        void test() {
        }
    }

    /** configure(...) may add settings, but must not change what the sharing key says. */
    @Fixture
    static class ConfigureChangesServers {
        @RegisterExtension
        static final ConsulClusterExtension CONSUL = ConsulClusterExtension.builder().servers(3).clients(0)
                .configure(cluster -> cluster.servers(2)).build();

        @Test
        void test() {
        }
    }

    /** Turning on a security switch in configure(...) would hide it from the key, injection and the lock. */
    @Fixture
    static class ConfigureTurnsOnEncrypt {
        @RegisterExtension
        static final ConsulClusterExtension CONSUL = ConsulClusterExtension.builder().servers(1).clients(0)
                .configure(cluster -> cluster.encrypt()).build();

        @Test
        void test() {
        }
    }
}
