package io.sparkplane.controlplane.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A schedule as the API shows it: its fields as sent with their defaults filled in, and where its firing stands. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScheduleView(
        UUID id,
        String workspace,
        String job,
        String cron,
        String timeZone,
        String interval,
        String startAt,
        boolean paused,
        CatchUpPolicy catchUp,
        Integer maxCatchUpRuns,
        Map<String, String> parameters,
        String description,
        List<Instant> nextFireTimes,
        Instant lastFireTime,
        UUID lastRunId,
        Instant createdAt,
        Instant updatedAt) {

    /** How many coming fire times a schedule shows. */
    static final int SHOWN_FIRE_TIMES = 5;

    /** One page of schedules, newest first; {@code nextCursor} is null on the last page. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Page(List<ScheduleView> items, String nextCursor) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Event(long id, ScheduleEventType type, Instant fireTime, UUID runId, String message, Instant at) {

        public record Page(List<Event> items) {}
    }
}
