package io.github.consulembedded.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.consulembedded.ClusterEvent;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ClusterWatcherTest {

    @Test
    void whatTheClusterStillLacksIsPrintedAndQuietsTheTicker() {
        List<String> lines = new CopyOnWriteArrayList<>();
        try (ClusterWatcher watcher = new ClusterWatcher(lines::add, null, 1)) {
            assertThat(watcher.reportedNotReadyWithin(TimeUnit.SECONDS.toNanos(5))).isFalse();
            watcher.onEvent(new ClusterEvent(ClusterEvent.Type.NOT_READY_YET, "",
                    "not ready after 5.0 s: consul-client-1: frozen", Instant.now()));
            assertThat(lines).containsExactly("  not ready after 5.0 s: consul-client-1: frozen");
            assertThat(watcher.reportedNotReadyWithin(TimeUnit.SECONDS.toNanos(5))).isTrue();
            assertThat(watcher.reportedNotReadyWithin(0)).isFalse();
        }
    }
}
