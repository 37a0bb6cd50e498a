package io.sparkplane.testkit.databricks;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Set;

/**
 * What a test sees of one run of the fake workspace (a jobs/runs/submit), at one moment.
 *
 * @param runId the run's id, as runs/submit answered it
 * @param taskRunId the id of its one task's run, which runs/get-output takes
 * @param idempotencyToken the submit's idempotency_token, or null
 * @param lifeCycleState Databricks' life_cycle_state (QUEUED, PENDING, RUNNING, TERMINATING, TERMINATED, SKIPPED,
 *     INTERNAL_ERROR, BLOCKED, WAITING_FOR_RETRY)
 * @param resultState Databricks' result_state once it has one, else null
 * @param terminationCode status.termination_details.code once the run ended, else null
 * @param clusterId the id of the run's job cluster
 * @param submitted the runs/submit body as it came
 */
public record RunView(long runId, long taskRunId, String runName, String idempotencyToken, String lifeCycleState, String resultState,
        String stateMessage, String terminationCode, String clusterId, JsonNode submitted) {

    /** The life cycle states of a run that has not ended. */
    public static final Set<String> ACTIVE = Set.of("QUEUED", "PENDING", "RUNNING", "TERMINATING", "BLOCKED", "WAITING_FOR_RETRY");

    public RunView {
        requireNonNull(runName, "runName is null");
        requireNonNull(lifeCycleState, "lifeCycleState is null");
        requireNonNull(stateMessage, "stateMessage is null");
        requireNonNull(clusterId, "clusterId is null");
        requireNonNull(submitted, "submitted is null");
    }

    public boolean active() {
        return ACTIVE.contains(lifeCycleState);
    }
}
