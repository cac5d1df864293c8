package io.github.consulembedded.internal.readiness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GossipRepairTest {
    private static final long SECOND = 1_000_000_000L;
    private static final Set<String> LIVE = Set.of("s1", "c1", "c2");
    private static final Set<String> ALL_ALIVE = Set.of("s1", "c1", "c2");

    @Test
    void noJoinWhileEveryAgentSeesEveryLiveMember() {
        GossipRepair repair = new GossipRepair();
        Map<String, Set<String>> views = Map.of("s1", ALL_ALIVE, "c1", ALL_ALIVE, "c2", ALL_ALIVE);
        assertThat(repair.due(views, LIVE, 0)).isEmpty();
        assertThat(repair.due(views, LIVE, 10 * SECOND)).isEmpty();
    }

    @Test
    void aGapIsLeftToGossipForTheGraceThenJoinedAndRetriedWhileItLasts() {
        GossipRepair repair = new GossipRepair();
        Map<String, Set<String>> gap = Map.of("s1", ALL_ALIVE, "c1", ALL_ALIVE, "c2", Set.of("s1", "c2"));
        assertThat(repair.due(gap, LIVE, 0)).isEmpty();
        assertThat(repair.due(gap, LIVE, SECOND / 2)).isEmpty();
        assertThat(repair.due(gap, LIVE, SECOND)).containsExactly(new GossipRepair.Join("c2", "c1"));
        assertThat(repair.due(gap, LIVE, SECOND + SECOND / 2)).as("not again at once").isEmpty();
        assertThat(repair.due(gap, LIVE, 3 * SECOND)).containsExactly(new GossipRepair.Join("c2", "c1"));
    }

    @Test
    void aGapThatClosesStartsItsGraceAfreshNextTime() {
        GossipRepair repair = new GossipRepair();
        Map<String, Set<String>> gap = Map.of("c2", Set.of("s1", "c2"));
        Map<String, Set<String>> closed = Map.of("c2", ALL_ALIVE);
        assertThat(repair.due(gap, LIVE, 0)).isEmpty();
        assertThat(repair.due(closed, LIVE, SECOND / 2)).isEmpty();
        assertThat(repair.due(gap, LIVE, SECOND)).as("missing again only since now").isEmpty();
        assertThat(repair.due(gap, LIVE, 2 * SECOND)).containsExactly(new GossipRepair.Join("c2", "c1"));
    }

    @Test
    void membersThatAreNotLiveAndViewersThatAreNotLiveAreLeftAlone() {
        GossipRepair repair = new GossipRepair();
        // c1 is frozen or stopped: others rightly see it failed. c3 is stopped: its view does not count.
        Set<String> live = Set.of("s1", "c2");
        Map<String, Set<String>> views = Map.of("c2", Set.of("s1", "c2"), "c3", Set.of("c3"));
        assertThat(repair.due(views, live, 0)).isEmpty();
        assertThat(repair.due(views, live, 5 * SECOND)).isEmpty();
    }
}
