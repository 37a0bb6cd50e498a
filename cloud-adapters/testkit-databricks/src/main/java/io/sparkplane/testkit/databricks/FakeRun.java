package io.sparkplane.testkit.databricks;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.testkit.localspark.LocalRun;

/**
 * One run of the fake workspace: a jobs/runs/submit of one task on its own job cluster, with the
 * state Databricks reports of it (life cycle, result, message, and the newer status with its
 * termination details) and the output runs/get-output hands over. Guarded by the state's lock.
 */
final class FakeRun {

    final long runId;
    final long taskRunId;
    final long jobId;
    final String runName;
    final String idempotencyToken;
    final ObjectNode submitted;
    /** The one task of the submit. */
    final ObjectNode task;
    final String creator;
    final long startTime;
    final FakeCluster cluster;

    String lifeCycleState = "PENDING";
    String resultState;
    String stateMessage = "Waiting for cluster";
    boolean userCancelledOrTimedout;
    String terminationCode;
    String terminationType;
    String terminationMessage;
    long endTime;
    /** When (System.nanoTime) its cluster has started, or failed to. */
    long clusterReadyAt;
    /** Set: its cluster fails to start, with this message. */
    String clusterFailure;

    /** runs/get-output's fields: the driver's output, and the error of a failed task. */
    String logs = "";
    String error;
    String errorTrace;
    /** Run mode: the task's local spark-submit, once it started. */
    LocalRun localRun;

    FakeRun(long runId, long taskRunId, long jobId, String runName, String idempotencyToken, ObjectNode submitted, ObjectNode task, String creator,
            long startTime, FakeCluster cluster) {
        this.runId = runId;
        this.taskRunId = taskRunId;
        this.jobId = jobId;
        this.runName = requireNonNull(runName, "runName is null");
        this.idempotencyToken = idempotencyToken;
        this.submitted = requireNonNull(submitted, "submitted is null");
        this.task = requireNonNull(task, "task is null");
        this.creator = requireNonNull(creator, "creator is null");
        this.startTime = startTime;
        this.cluster = requireNonNull(cluster, "cluster is null");
    }

    boolean active() {
        return RunView.ACTIVE.contains(lifeCycleState);
    }

    /** The newer {@code status.state} of the life cycle state. */
    String statusState() {
        return switch (lifeCycleState) {
            case "TERMINATED", "SKIPPED", "INTERNAL_ERROR" -> "TERMINATED";
            case "WAITING_FOR_RETRY" -> "WAITING";
            default -> lifeCycleState;
        };
    }

    RunView view() {
        return new RunView(runId, taskRunId, runName, idempotencyToken, lifeCycleState, resultState, stateMessage, terminationCode, cluster.clusterId,
                submitted.deepCopy());
    }
}
