package io.sparkplane.cli.schedules;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code schedules create} and {@code schedules update} were told on their command line.
 *
 * @param interval       as typed: {@code 15m} or {@code PT15M}
 * @param parameters     values of the job's parameters for the runs it starts, set one by one
 * @param removed        parameters to take out of the schedule's ({@code --remove-param}, update only)
 * @param paused         make it paused ({@code --paused}, create only)
 * @param description    {@code none} clears it
 */
public record ScheduleOptions(Optional<String> cron, Optional<String> timeZone, Optional<String> interval, Optional<String> startAt,
        Map<String, String> parameters, List<String> removed, Optional<String> catchUp, Optional<Integer> maxCatchUpRuns, boolean paused,
        Optional<String> description) {

    public ScheduleOptions {
        parameters = Map.copyOf(parameters);
        removed = List.copyOf(removed);
    }

    /** Whether they change nothing at all. */
    public boolean changeNothing() {
        return cron.isEmpty() && timeZone.isEmpty() && interval.isEmpty() && startAt.isEmpty() && parameters.isEmpty() && removed.isEmpty()
                && catchUp.isEmpty() && maxCatchUpRuns.isEmpty() && !paused && description.isEmpty();
    }
}
