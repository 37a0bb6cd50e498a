package io.sparkplane.controlplane.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.controlplane.dispatch.FairShare.Candidate;
import io.sparkplane.controlplane.dispatch.FairShare.Usage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FairShareTest {

    private static final Instant T0 = Instant.parse("2026-12-05T00:00:00Z");
    private final Map<UUID, String> names = new HashMap<>();

    private Candidate run(String name, String workspace, int second, int executors) {
        UUID id = UUID.nameUUIDFromBytes(name.getBytes());
        names.put(id, name);
        return new Candidate(id, workspace, T0.plusSeconds(second), executors);
    }

    private List<String> picked(List<Candidate> queued, Map<String, Usage> usage, int room) {
        return FairShare.pick(queued, usage, room).stream().map(names::get).toList();
    }

    @Test
    void aSmallWorkspaceStartsBeforeALargeBacklogDrains() {
        List<Candidate> queued = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            queued.add(run("a" + i, "a", i, 1));
        }
        for (int i = 0; i < 5; i++) {
            queued.add(run("b" + i, "b", 1000 + i, 1));
        }
        // turns by fewest active runs: a0, b0, a1, b1, ...
        assertThat(picked(queued, Map.of(), 10)).containsExactly("a0", "b0", "a1", "b1", "a2", "b2", "a3", "b3", "a4", "b4");
    }

    @Test
    void theWorkspaceWithFewerActiveRunsGoesFirst() {
        List<Candidate> queued = List.of(run("a0", "a", 0, 1), run("a1", "a", 1, 1), run("b0", "b", 5, 1));
        Map<String, Usage> usage = Map.of("a", new Usage(3, 3, Optional.empty(), Optional.empty()));
        assertThat(picked(queued, usage, 2)).containsExactly("b0", "a0");
    }

    @Test
    void tiesGoToTheRunThatWaitedLongest() {
        List<Candidate> queued = List.of(run("b0", "b", 0, 1), run("a0", "a", 1, 1), run("b1", "b", 2, 1));
        assertThat(picked(queued, Map.of(), 3)).containsExactly("b0", "a0", "b1");
    }

    @Test
    void maxActiveRunsHoldsAWorkspaceBack() {
        List<Candidate> queued = List.of(run("a0", "a", 0, 1), run("a1", "a", 1, 1), run("a2", "a", 2, 1), run("b0", "b", 3, 1));
        Map<String, Usage> usage = Map.of("a", new Usage(1, 1, Optional.of(2), Optional.empty()));
        // b has nothing going, so it goes first; a has room for one more
        assertThat(picked(queued, usage, 10)).containsExactly("b0", "a0");
    }

    @Test
    void aRunWhoseFirstExecutorsDoNotFitWaitsAndSoDoThoseBehindIt() {
        List<Candidate> queued = List.of(run("big", "a", 0, 8), run("small", "a", 1, 1), run("b0", "b", 2, 8));
        Map<String, Usage> usage = Map.of("a", new Usage(1, 4, Optional.empty(), Optional.of(10)));
        assertThat(picked(queued, usage, 10)).containsExactly("b0");
    }

    @Test
    void executorsPickedInThisPassCount() {
        List<Candidate> queued = List.of(run("a0", "a", 0, 4), run("a1", "a", 1, 4), run("a2", "a", 2, 4));
        Map<String, Usage> usage = Map.of("a", new Usage(0, 0, Optional.empty(), Optional.of(8)));
        assertThat(picked(queued, usage, 10)).containsExactly("a0", "a1");
    }

    @Test
    void neverMoreThanTheRoom() {
        List<Candidate> queued = List.of(run("a0", "a", 0, 1), run("b0", "b", 1, 1), run("c0", "c", 2, 1));
        assertThat(picked(queued, Map.of(), 2)).containsExactly("a0", "b0");
        assertThat(picked(queued, Map.of(), 0)).isEmpty();
    }

    @Test
    void aZeroQuotaStartsNothing() {
        List<Candidate> queued = List.of(run("a0", "a", 0, 1));
        assertThat(picked(queued, Map.of("a", new Usage(0, 0, Optional.of(0), Optional.empty())), 5)).isEmpty();
    }
}
