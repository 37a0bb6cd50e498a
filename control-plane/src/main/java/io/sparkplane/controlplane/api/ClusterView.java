package io.sparkplane.controlplane.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A run's engine cluster in the API ({@code GET /api/v1/runs/{id}/cluster}). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterView(
        UUID runId,
        int attempt,
        Status status,
        String backend,
        String clusterName,
        RunSpec.Autoscaling autoscaling,
        int desiredWorkers,
        int aliveWorkers,
        int decommissioningWorkers,
        String lastDecision,
        Map<String, String> endpoints,
        Instant observedAt) {

    public enum Status {
        PENDING,
        ACTIVE,
        TERMINATED
    }
}
