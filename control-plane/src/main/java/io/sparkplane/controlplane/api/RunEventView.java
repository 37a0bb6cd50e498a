package io.sparkplane.controlplane.api;

import io.sparkplane.controlplane.run.RunEventType;
import io.sparkplane.controlplane.run.RunState;
import io.sparkplane.controlplane.run.TerminationReason;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

public record RunEventView(
        long id,
        UUID runId,
        Integer attempt,
        Instant at,
        RunEventType type,
        RunState fromState,
        RunState toState,
        TerminationReason reason,
        String message) {

    public record Page(List<RunEventView> items) {}
}
