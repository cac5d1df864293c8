package io.github.consulembedded.internal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistedRegistrationsTest {

    /** Trimmed from files Consul 1.8.7 wrote into a data dir (1.4 writes the same fields). */
    @Test
    void readsTheIdsOfPersistedServicesAndChecks(@TempDir Path dataDir) throws IOException {
        write(dataDir.resolve("services/2f09a9e405039d0360db665e7d558dc1"),
                "{\"Token\":\"\",\"Service\":{\"ID\":\"orphan-1\",\"Service\":\"orphan\",\"Port\":1},\"Source\":\"remote\"}");
        write(dataDir.resolve("checks/4a12fa76e6f6fc62df5d32b1e578003a"),
                "{\"Check\":{\"Node\":\"n\",\"CheckID\":\"nodecheck\",\"ServiceID\":\"\"},\"ChkType\":{\"CheckID\":\"nodecheck\"},\"Token\":\"\"}");
        write(dataDir.resolve("checks/b5acc894ca6415fc89a879859f99b93c"),
                "{\"Check\":{\"Node\":\"n\",\"CheckID\":\"service:orphan-1\",\"ServiceID\":\"orphan-1\"},\"Token\":\"\"}");
        write(dataDir.resolve("checks/state/b5acc894ca6415fc89a879859f99b93c"), "{\"CheckID\":\"service:orphan-1\"}");

        assertThat(PersistedRegistrations.serviceIds(dataDir)).containsExactly("orphan-1");
        assertThat(PersistedRegistrations.checkIds(dataDir)).containsExactly("nodecheck", "service:orphan-1");
    }

    @Test
    void anAgentThatNeverRegisteredAnythingHasNone(@TempDir Path dataDir) {
        assertThat(PersistedRegistrations.serviceIds(dataDir)).isEmpty();
        assertThat(PersistedRegistrations.checkIds(dataDir)).isEmpty();
    }

    @Test
    void aFileItCannotReadIsNamedRatherThanIgnored(@TempDir Path dataDir) throws IOException {
        write(dataDir.resolve("services/0123abcd"), "{\"Token\":\"\",\"Serv");

        assertThat(PersistedRegistrations.serviceIds(dataDir)).containsExactly("0123abcd");
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
