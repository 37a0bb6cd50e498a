package io.sparkplane.controlplane.cluster;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** One point of a run's metric series (the API's {@code MetricPoint}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MetricPoint(
        Instant at,
        int pendingTasks,
        int runningTasks,
        int completedTasks,
        int executorsAlive,
        int executorsBusy,
        int desiredWorkers,
        int aliveWorkers,
        Long meanTaskMillis) {}
