package io.sparkplane.controlplane.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * A schedule as the REST API spells it: the body of {@code POST /api/v1/schedules} and
 * {@code PUT /api/v1/schedules/{id}} (absent fields are null). Exactly one of {@code cron} (with
 * {@code timeZone}) or {@code interval} (with {@code startAt}).
 *
 * @param job       the id of the job each fire time starts a run of (its current version)
 * @param cron      five fields (minute hour day-of-month month day-of-week) or a nickname ({@code @daily})
 * @param timeZone  the IANA zone the cron expression is read in; absent: UTC
 * @param interval  an ISO-8601 duration ({@code PT15M}), at least a minute
 * @param startAt   the first fire time of an interval; absent: when the schedule was made
 * @param catchUp   {@link CatchUpPolicy}; absent: LAST
 * @param parameters values of the job's parameters for the runs this schedule starts
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScheduleSpec(
        String job,
        String cron,
        String timeZone,
        String interval,
        String startAt,
        Boolean paused,
        String catchUp,
        Integer maxCatchUpRuns,
        Map<String, String> parameters,
        String description) {}
