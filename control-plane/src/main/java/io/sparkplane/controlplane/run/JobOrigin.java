package io.sparkplane.controlplane.run;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Where a run started from a saved job came from: the job, the version of it the run follows, and,
 * for a run a schedule started, the schedule and the fire time it started for.
 */
public record JobOrigin(UUID jobId, int jobVersion, Optional<UUID> scheduleId, Optional<Instant> fireTime) {

    public JobOrigin {
        Objects.requireNonNull(jobId, "jobId is null");
        Objects.requireNonNull(scheduleId, "scheduleId is null");
        Objects.requireNonNull(fireTime, "fireTime is null");
    }
}
