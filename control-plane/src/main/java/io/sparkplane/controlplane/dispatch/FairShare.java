package io.sparkplane.controlplane.dispatch;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Which queued runs start next when a backend has room, shared between workspaces. The rule: each
 * next start goes to the workspace with the fewest active runs (counting the ones just picked), its
 * longest-waiting run first; ties go to the workspace whose head run has waited longest. So a
 * workspace with 500 runs queued and one with 5 take turns, and the 5 start long before the 500
 * drain. Within a workspace runs start in queue order: a run its quotas have no room for (active
 * runs, or executors for its first workers) holds back the runs behind it until the room is there.
 * Pure.
 */
public final class FairShare {

    private FairShare() {}

    /** A queued run of the backend with room. */
    public record Candidate(UUID runId, String workspace, Instant queuedAt, int initialExecutors) {}

    /** What a workspace has going now, and its limits. */
    public record Usage(int activeRuns, int executors, Optional<Integer> maxActiveRuns, Optional<Integer> maxExecutors) {

        public static final Usage NONE = new Usage(0, 0, Optional.empty(), Optional.empty());

        boolean fits(Candidate candidate) {
            return maxActiveRuns.map(max -> activeRuns < max).orElse(true)
                    && maxExecutors.map(max -> executors + candidate.initialExecutors() <= max).orElse(true);
        }

        Usage plus(Candidate candidate) {
            return new Usage(activeRuns + 1, executors + candidate.initialExecutors(), maxActiveRuns, maxExecutors);
        }
    }

    /**
     * @param queued the queued runs in queue order (oldest first)
     * @param usage  by workspace; a workspace not in it has nothing going and no limits
     * @param room   how many runs the backend may start
     * @return the runs to start, in the order they were picked
     */
    public static List<UUID> pick(List<Candidate> queued, Map<String, Usage> usage, int room) {
        Map<String, Deque<Candidate>> byWorkspace = new LinkedHashMap<>();
        for (Candidate candidate : queued) {
            byWorkspace.computeIfAbsent(candidate.workspace(), ignored -> new ArrayDeque<>()).add(candidate);
        }
        Map<String, Usage> current = new HashMap<>(usage);
        List<UUID> picked = new ArrayList<>();
        while (picked.size() < room) {
            Optional<String> next = byWorkspace.entrySet().stream()
                    .filter(entry -> !entry.getValue().isEmpty())
                    .filter(entry -> current.getOrDefault(entry.getKey(), Usage.NONE).fits(entry.getValue().peekFirst()))
                    .min(Comparator.<Map.Entry<String, Deque<Candidate>>>comparingInt(
                                    entry -> current.getOrDefault(entry.getKey(), Usage.NONE).activeRuns())
                            .thenComparing(entry -> entry.getValue().peekFirst().queuedAt())
                            .thenComparing(entry -> entry.getValue().peekFirst().runId()))
                    .map(Map.Entry::getKey);
            if (next.isEmpty()) {
                break;
            }
            Candidate chosen = byWorkspace.get(next.get()).removeFirst();
            current.put(next.get(), current.getOrDefault(next.get(), Usage.NONE).plus(chosen));
            picked.add(chosen.runId());
        }
        return picked;
    }
}
