package io.sparkplane.controlplane.schedule;

import java.util.Map;
import java.util.UUID;

/** A checked schedule, its defaults filled in. */
public record ScheduleDefinition(UUID job, FireTimes times, boolean paused, CatchUpPolicy catchUp, int maxCatchUpRuns, Map<String, String> parameters) {

    public static final int DEFAULT_MAX_CATCH_UP_RUNS = 10;
}
