package io.github.consulembedded.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.consulembedded.junit.EmbeddedConsulCluster.PropertySet;
import io.github.consulembedded.junit.EmbeddedConsulCluster.ResetPolicy;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLocksProvider.Lock;
import org.junit.jupiter.api.parallel.Resources;

class ClusterLocksTest {
    private final ClusterLocks locks = new ClusterLocks();

    @EmbeddedConsulCluster(servers = 1, clients = 0)
    static class ResetsBeforeEach {
        @Nested
        class Inner {
        }
    }

    @EmbeddedConsulCluster(servers = 1, clients = 0)
    static class SameClusterAsResetsBeforeEach {
    }

    @EmbeddedConsulCluster(servers = 1, clients = 0, reset = ResetPolicy.NEVER)
    static class NeverResets {
    }

    @EmbeddedConsulCluster(servers = 1, clients = 0, shared = false)
    static class OwnCluster {
    }

    @EmbeddedConsulCluster(servers = 1, clients = 0, exportProperties = PropertySet.SPRING_CLOUD_CONSUL)
    static class ExportsProperties {
    }

    @EmbeddedConsulCluster(servers = 1, clients = 0, encrypt = true, acl = true, tls = true)
    static class Secured {
    }

    @EmbeddedConsulCluster(servers = 1, clients = 0, tls = true)
    static class TlsOnly {
    }

    static class Plain {
    }

    @Test
    void classesSharingAClusterTakeItsLockExclusivelyWhenTheyReset() {
        Lock lock = locks.provideForClass(ResetsBeforeEach.class).iterator().next();

        assertThat(lock.getAccessMode()).isEqualTo(ResourceAccessMode.READ_WRITE);
        assertThat(lock.getKey()).isEqualTo("io.github.consulembedded.junit.cluster[1 server(s), 0 client(s), consul default, "
                + "dc dc1, domain cluster.local, timing FAST]");
        assertThat(locks.provideForClass(SameClusterAsResetsBeforeEach.class)).containsExactly(lock);
    }

    @Test
    void securitySwitchesMakeADifferentClusterWithItsOwnLock() {
        assertThat(locks.provideForClass(Secured.class)).extracting(Lock::getKey)
                .containsExactly("io.github.consulembedded.junit.cluster[1 server(s), 0 client(s), consul default, dc dc1, "
                        + "domain cluster.local, timing FAST, encrypt, acl, tls]");
        assertThat(locks.provideForClass(TlsOnly.class)).extracting(Lock::getKey)
                .containsExactly("io.github.consulembedded.junit.cluster[1 server(s), 0 client(s), consul default, dc dc1, "
                        + "domain cluster.local, timing FAST, tls]");
    }

    @Test
    void classesThatNeverResetOnlyReadTheSameLock() {
        Lock lock = locks.provideForClass(NeverResets.class).iterator().next();

        assertThat(lock.getAccessMode()).isEqualTo(ResourceAccessMode.READ);
        assertThat(lock.getKey()).isEqualTo(locks.provideForClass(ResetsBeforeEach.class).iterator().next().getKey());
    }

    @Test
    void aClassWithItsOwnClusterHasItsOwnLock() {
        assertThat(locks.provideForClass(OwnCluster.class)).extracting(Lock::getKey)
                .containsExactly("io.github.consulembedded.junit.cluster[1 server(s), 0 client(s), consul default, dc dc1, "
                        + "domain cluster.local, timing FAST, own cluster of " + OwnCluster.class.getName() + "]");
    }

    @Test
    void exportingPropertiesAlsoLocksTheSystemProperties() {
        assertThat(locks.provideForClass(ExportsProperties.class)).hasSize(2)
                .contains(new Lock(Resources.SYSTEM_PROPERTIES, ResourceAccessMode.READ_WRITE));
    }

    @Test
    void nestedClassesAreCoveredByTheEnclosingLockAndPlainClassesGetNone() {
        assertThat(locks.provideForNestedClass(List.of(ResetsBeforeEach.class), ResetsBeforeEach.Inner.class)).isEmpty();
        assertThat(locks.provideForClass(Plain.class)).isEmpty();
    }
}
