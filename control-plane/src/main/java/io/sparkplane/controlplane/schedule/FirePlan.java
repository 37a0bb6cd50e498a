package io.sparkplane.controlplane.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a schedule does when it is due: which fire times start a run, which are recorded as missed,
 * and its next fire time. A fire time up to {@code misfireThreshold} late is on time (the scheduler
 * polls; a replica was busy); one later than that was missed, and the catch-up policy decides. After
 * more than {@value #MAX_DUE} missed fire times none is caught up. Pure.
 *
 * @param fire   the fire times to start runs for, oldest first
 * @param missed the fire times not started, when there are any
 * @param next   the first fire time after now; empty when the schedule never fires again
 */
public record FirePlan(List<Instant> fire, Optional<Missed> missed, Optional<Instant> next) {

    /** At most this many due fire times are looked at one by one; beyond, they are counted as missed in bulk. */
    static final int MAX_DUE = 10_000;

    /**
     * @param count how many were missed ({@code atLeast}: more than could be counted)
     */
    public record Missed(Instant first, Instant last, int count, boolean atLeast) {}

    /**
     * @param due the schedule's first fire time not yet handled, at or before {@code now}
     */
    public static FirePlan of(FireTimes times, Instant due, Instant now, Duration misfireThreshold, CatchUpPolicy catchUp, int maxCatchUpRuns) {
        List<Instant> late = new ArrayList<>();
        List<Instant> onTime = new ArrayList<>();
        Instant lateBefore = now.minus(misfireThreshold);
        Optional<Instant> time = Optional.of(due);
        boolean counted = true;
        while (time.isPresent() && !time.get().isAfter(now)) {
            if (late.size() + onTime.size() >= MAX_DUE) {
                counted = false;
                break;
            }
            (time.get().isBefore(lateBefore) ? late : onTime).add(time.get());
            time = times.next(time.get());
        }
        if (!counted) {
            // down for longer than MAX_DUE fire times: none is caught up, however it is configured, and the count is a floor
            List<Instant> seen = new ArrayList<>(late);
            seen.addAll(onTime);
            return new FirePlan(List.of(), Optional.of(new Missed(seen.get(0), seen.get(seen.size() - 1), seen.size(), true)), times.next(now));
        }
        Optional<Instant> next = time;
        List<Instant> fire = new ArrayList<>();
        List<Instant> caughtUp = switch (catchUp) {
            case NONE -> List.of();
            case LAST -> onTime.isEmpty() && !late.isEmpty() ? List.of(late.get(late.size() - 1)) : List.of();
            case ALL -> late.subList(Math.max(0, late.size() - maxCatchUpRuns), late.size());
        };
        fire.addAll(caughtUp);
        fire.addAll(onTime);
        List<Instant> notStarted = late.subList(0, late.size() - caughtUp.size());
        Optional<Missed> missed = notStarted.isEmpty() ? Optional.empty()
                : Optional.of(new Missed(notStarted.get(0), notStarted.get(notStarted.size() - 1), notStarted.size(), false));
        return new FirePlan(List.copyOf(fire), missed, next);
    }
}
