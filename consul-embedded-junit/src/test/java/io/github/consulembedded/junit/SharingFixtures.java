package io.github.consulembedded.junit;

import io.github.consulembedded.ConsulCluster;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Twenty classes that declare the same cluster, and one that declares another datacenter. */
final class SharingFixtures {
    /** Every cluster a fixture test was given, by identity. */
    static final Set<ConsulCluster> CLUSTERS = ConcurrentHashMap.newKeySet();

    private SharingFixtures() {
    }

    abstract static class RecordsCluster {
        @Test
        void recordsItsCluster(ConsulCluster cluster) {
            CLUSTERS.add(cluster);
        }
    }

    @Fixture @EmbeddedConsulCluster(servers = 1, clients = 0) static class Same01 extends RecordsCluster { }
    @Fixture @EmbeddedConsulCluster(servers = 1, clients = 0) static class Same02 extends RecordsCluster { }
    @Fixture @EmbeddedConsulCluster(servers = 1, clients = 0) static class Same03 extends RecordsCluster { }
    @Fixture @EmbeddedConsulCluster(servers = 1, clients = 0) static class Same04 extends RecordsCluster { }
    @Fixture @EmbeddedConsulCluster(servers = 1, clients = 0) static class Same05 extends RecordsCluster { }
    @Fixture @EmbeddedConsulCluster(servers = 1, clients = 0) static class Same06 extends RecordsCluster { }
    @Fixture @EmbeddedConsulCluster(servers = 1, clients = 0) static class Same07 extends RecordsCluster { }
    @Fixture @EmbeddedConsulCluster(servers = 1, clients = 0) static class Same08 extends RecordsCluster { }
    @Fixture @EmbeddedConsulCluster(servers = 1, clients = 0) static class Same09 extends RecordsCluster { }
    @Fixture @EmbeddedConsulCluster(servers = 1, clients = 0) static class Same10 extends RecordsCluster { }
    @Fixture @EmbeddedConsulCluster(servers = 1, clients = 0) static class Same11 extends RecordsCluster { }
    @Fixture @EmbeddedConsulCluster(servers = 1, clients = 0) static class Same12 extends RecordsCluster { }
    @Fixture @EmbeddedConsulCluster(servers = 1, clients = 0) static class Same13 extends RecordsCluster { }
    @Fixture @EmbeddedConsulCluster(servers = 1, clients = 0) static class Same14 extends RecordsCluster { }
    @Fixture @EmbeddedConsulCluster(servers = 1, clients = 0) static class Same15 extends RecordsCluster { }
    @Fixture @EmbeddedConsulCluster(servers = 1, clients = 0) static class Same16 extends RecordsCluster { }
    @Fixture @EmbeddedConsulCluster(servers = 1, clients = 0) static class Same17 extends RecordsCluster { }
    @Fixture @EmbeddedConsulCluster(servers = 1, clients = 0) static class Same18 extends RecordsCluster { }
    @Fixture @EmbeddedConsulCluster(servers = 1, clients = 0) static class Same19 extends RecordsCluster { }
    @Fixture @EmbeddedConsulCluster(servers = 1, clients = 0) static class Same20 extends RecordsCluster { }

    @Fixture @EmbeddedConsulCluster(servers = 1, clients = 0, datacenter = "dc2") static class OtherDatacenter extends RecordsCluster { }

    static final Class<?>[] SAME = {
        Same01.class,
        Same02.class,
        Same03.class,
        Same04.class,
        Same05.class,
        Same06.class,
        Same07.class,
        Same08.class,
        Same09.class,
        Same10.class,
        Same11.class,
        Same12.class,
        Same13.class,
        Same14.class,
        Same15.class,
        Same16.class,
        Same17.class,
        Same18.class,
        Same19.class,
        Same20.class,
    };
}
