package io.sparkplane.controlplane.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.sparkplane.controlplane.run.AttemptState;
import io.sparkplane.controlplane.run.RunState;
import io.sparkplane.controlplane.run.TerminationReason;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A run as the API shows it: its definition as the API spells it ({@link RunSpec}, its fields at
 * the top level of the JSON) and where it stands. {@code historyUrl}, absent unless
 * {@code sparkplane.history.url} is set and an attempt's event log reached {@code history/}, is the
 * page of the latest such attempt's Spark application on that History Server ({@link HistoryLinks}).
 */
public record RunView(
        UUID id,
        String workspace,
        @JsonUnwrapped RunSpec spec,
        RunState state,
        TerminationReason reason,
        String message,
        int attempt,
        List<AttemptView> attempts,
        Instant createdAt,
        Instant queuedAt,
        Instant provisioningAt,
        Instant startedAt,
        Instant endedAt,
        Instant cancelRequestedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) JobRef job,
        @JsonInclude(JsonInclude.Include.NON_NULL) String historyUrl) {

    /** The saved job a run was started from (absent for a plain run), and the schedule and fire time that started it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record JobRef(UUID id, int version, UUID scheduleId, Instant fireTime) {}

    public record AttemptView(
            int attempt,
            AttemptState state,
            TerminationReason reason,
            String message,
            Integer exitCode,
            Instant provisioningAt,
            Instant startedAt,
            Instant endedAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) String sparkAppId,
            @JsonInclude(JsonInclude.Include.NON_NULL) String historyUrl) {}
}
