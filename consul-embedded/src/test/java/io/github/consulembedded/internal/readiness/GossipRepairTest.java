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
        assertThat(repair.due("dc1", views, LIVE, 0)).isEmpty();
        assertThat(repair.due("dc1", views, LIVE, 10 * SECOND)).isEmpty();
    }

    @Test
    void aGapIsLeftToGossipForTheGraceThenJoinedAndRetriedWhileItLasts() {
        GossipRepair repair = new GossipRepair();
        Map<String, Set<String>> gap = Map.of("s1", ALL_ALIVE, "c1", ALL_ALIVE, "c2", Set.of("s1", "c2"));
        assertThat(repair.due("dc1", gap, LIVE, 0)).isEmpty();
        assertThat(repair.due("dc1", gap, LIVE, SECOND / 2)).isEmpty();
        assertThat(repair.due("dc1", gap, LIVE, SECOND)).containsExactly(new GossipRepair.Join("c2", "c1"));
        assertThat(repair.due("dc1", gap, LIVE, SECOND + SECOND / 2)).as("not again at once").isEmpty();
        assertThat(repair.due("dc1", gap, LIVE, 3 * SECOND)).containsExactly(new GossipRepair.Join("c2", "c1"));
    }

    @Test
    void aGapThatClosesStartsItsGraceAfreshNextTime() {
        GossipRepair repair = new GossipRepair();
        Map<String, Set<String>> gap = Map.of("c2", Set.of("s1", "c2"));
        Map<String, Set<String>> closed = Map.of("c2", ALL_ALIVE);
        assertThat(repair.due("dc1", gap, LIVE, 0)).isEmpty();
        assertThat(repair.due("dc1", closed, LIVE, SECOND / 2)).isEmpty();
        assertThat(repair.due("dc1", gap, LIVE, SECOND)).as("missing again only since now").isEmpty();
        assertThat(repair.due("dc1", gap, LIVE, 2 * SECOND)).containsExactly(new GossipRepair.Join("c2", "c1"));
    }

    @Test
    void eachDatacentersGapKeepsItsGraceWhileTheDatacentersAreLookedAtInTurn() {
        GossipRepair repair = new GossipRepair();
        Map<String, Set<String>> dc1 = Map.of("s1", ALL_ALIVE, "c1", ALL_ALIVE, "c2", ALL_ALIVE);
        Set<String> live2 = Set.of("s1-dc2", "c1-dc2");
        Map<String, Set<String>> dc2Gap = Map.of("s1-dc2", live2, "c1-dc2", Set.of("c1-dc2"));
        for (long now = 0; now < SECOND; now += SECOND / 4) {
            assertThat(repair.due("dc1", dc1, LIVE, now)).isEmpty();
            assertThat(repair.due("dc2", dc2Gap, live2, now)).isEmpty();
        }
        assertThat(repair.due("dc1", dc1, LIVE, SECOND)).isEmpty();
        assertThat(repair.due("dc2", dc2Gap, live2, SECOND)).containsExactly(new GossipRepair.Join("c1-dc2", "s1-dc2"));
    }

    @Test
    void membersThatAreNotLiveAndViewersThatAreNotLiveAreLeftAlone() {
        GossipRepair repair = new GossipRepair();
        // c1 is frozen or stopped: others rightly see it failed. c3 is stopped: its view does not count.
        Set<String> live = Set.of("s1", "c2");
        Map<String, Set<String>> views = Map.of("c2", Set.of("s1", "c2"), "c3", Set.of("c3"));
        assertThat(repair.due("dc1", views, live, 0)).isEmpty();
        assertThat(repair.due("dc1", views, live, 5 * SECOND)).isEmpty();
    }
}
