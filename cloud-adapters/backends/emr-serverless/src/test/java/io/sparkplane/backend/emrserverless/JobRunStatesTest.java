package io.sparkplane.backend.emrserverless;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.backend.emrserverless.JobRunStates.NativeState;
import io.sparkplane.spi.engine.AttemptFailure;
import io.sparkplane.spi.engine.AttemptOutcome;
import io.sparkplane.spi.engine.ClusterStatus;
import io.sparkplane.spi.engine.ClusterTopology;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mapping from a job run's state and state details to the attempt's, table by table (the README's tables). */
class JobRunStatesTest {

    private static final ClusterTopology TOPOLOGY = new ClusterTopology(1, 0, 0, Map.of(), List.of());

    private static ClusterStatus status(String state, String details) {
        return JobRunStates.status(state, details, TOPOLOGY);
    }

    @Test
    void everyDocumentedStateHasItsMeaning() {
        record Row(String state, Class<? extends ClusterStatus> status, boolean jobStarted) {}
        List<Row> table = List.of(
                new Row("SUBMITTED", ClusterStatus.Active.class, false),
                new Row("QUEUED", ClusterStatus.Active.class, false),
                new Row("PENDING", ClusterStatus.Active.class, false),
                new Row("SCHEDULED", ClusterStatus.Active.class, false),
                new Row("RUNNING", ClusterStatus.Active.class, true),
                new Row("CANCELLING", ClusterStatus.Active.class, false),
                new Row("SUCCESS", ClusterStatus.Finished.class, false),
                new Row("FAILED", ClusterStatus.Finished.class, false),
                new Row("CANCELLED", ClusterStatus.Gone.class, false));
        assertThat(table.stream().map(Row::state)).as("every state of the API's JobRunState")
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(NativeState.values()).map(Enum::name).toList());
        for (Row row : table) {
            ClusterStatus status = status(row.state(), null);
            assertThat(status).as(row.state()).isInstanceOf(row.status());
            if (status instanceof ClusterStatus.Active active) {
                assertThat(active.jobStarted()).as(row.state() + " started").isEqualTo(row.jobStarted());
                assertThat(active.topology()).isEqualTo(TOPOLOGY);
                assertThat(active.detail()).contains(row.state().equals("CANCELLING") ? "being cancelled" : row.state());
            }
        }
    }

    @Test
    void theTerminalStatesAreTheEndedOnes() {
        assertThat(Arrays.stream(NativeState.values()).filter(NativeState::terminal))
                .containsExactlyInAnyOrder(NativeState.SUCCESS, NativeState.FAILED, NativeState.CANCELLED);
    }

    @Test
    void aSucceededJobRunFinishesTheAttemptWithExitCodeZero() {
        assertThat(status("SUCCESS", null)).isEqualTo(new ClusterStatus.Finished(AttemptOutcome.succeeded("the job run succeeded", 0)));
        assertThat(status("SUCCESS", "Job completed")).isEqualTo(new ClusterStatus.Finished(AttemptOutcome.succeeded("Job completed", 0)));
    }

    @Test
    void aFailedJobRunsDetailsSayWhoseFailureItWas() {
        record Row(String details, AttemptFailure failure, Integer exitCode) {}
        List<Row> table = List.of(
                // the job's own failure: the driver ran and exited
                new Row("Job failed, please check complete logs in configured logging destination. ExitCode: 1. Last few exceptions: "
                        + "ZeroDivisionError: division by zero", AttemptFailure.USER_CODE_ERROR, 1),
                new Row("Job failed, please check complete logs in configured logging destination. ExitCode: 137.",
                        AttemptFailure.USER_CODE_ERROR, 137),
                // an exit code wins over words that would otherwise say the service failed
                new Row("Job failed, please check complete logs. ExitCode: 1. Last few exceptions: java.net.SocketTimeoutException: "
                        + "connect timed out; quota exceeded", AttemptFailure.USER_CODE_ERROR, 1),
                new Row("Job failed: py4j.protocol.Py4JJavaError: An error occurred", AttemptFailure.USER_CODE_ERROR, null),
                new Row("Exception in thread \"main\" java.lang.ClassNotFoundException: com.example.Main", AttemptFailure.USER_CODE_ERROR, null),
                // the service could not give the job what it needs
                new Row("Job failed because the application's maximum capacity was exceeded", AttemptFailure.PROVISIONING_FAILED, null),
                new Row("Account's max concurrent vCPUs limit exceeded", AttemptFailure.PROVISIONING_FAILED, null),
                new Row("Service quota exceeded: concurrent vCPUs", AttemptFailure.PROVISIONING_FAILED, null),
                new Row("Insufficient capacity in the requested Availability Zone", AttemptFailure.PROVISIONING_FAILED, null),
                new Row("The subnet subnet-0abc has no free IP addresses", AttemptFailure.PROVISIONING_FAILED, null),
                new Row("Application 00f1abcd is stopped", AttemptFailure.PROVISIONING_FAILED, null),
                new Row("Application is not in STARTED state", AttemptFailure.PROVISIONING_FAILED, null),
                new Row("Access denied: EMR Serverless could not assume the execution role", AttemptFailure.PROVISIONING_FAILED, null),
                new Row("Failed to pull the custom image 123456789012.dkr.ecr.us-east-1.amazonaws.com/spark:1", AttemptFailure.PROVISIONING_FAILED,
                        null),
                // the service failed, or stopped the job
                new Row("Internal error", AttemptFailure.ENGINE_LOST, null),
                new Row("An internal server error occurred", AttemptFailure.ENGINE_LOST, null),
                new Row("Job run timed out", AttemptFailure.ENGINE_LOST, null),
                new Row("Job run exceeded the execution timeout of 720 minutes", AttemptFailure.ENGINE_LOST, null),
                // nothing says the job failed: the service lost it
                new Row("Something unexpected happened", AttemptFailure.ENGINE_LOST, null),
                new Row("", AttemptFailure.ENGINE_LOST, null));
        for (Row row : table) {
            ClusterStatus status = status("FAILED", row.details());
            assertThat(status).as(row.details()).isInstanceOfSatisfying(ClusterStatus.Finished.class, finished -> {
                assertThat(finished.outcome().failure()).as(row.details()).isEqualTo(row.failure());
                assertThat(finished.outcome().exitCode()).as(row.details()).isEqualTo(row.exitCode());
                assertThat(finished.outcome().message()).as(row.details()).isEqualTo(row.details().isEmpty()
                        ? "the job run failed, and EMR Serverless gave no details" : row.details());
            });
        }
    }

    @Test
    void detailsAreOneLine() {
        ClusterStatus status = status("FAILED", "Job failed.\nExitCode: 2.\n  Traceback:\tboom");
        assertThat(((ClusterStatus.Finished) status).outcome().message()).isEqualTo("Job failed. ExitCode: 2. Traceback: boom");
    }

    @Test
    void aJobRunCancelledBehindSparkplanesBackIsGoneWithTheServicesWords() {
        assertThat(status("CANCELLED", "Job run timed out")).isEqualTo(new ClusterStatus.Gone("the job run was cancelled: Job run timed out"));
        assertThat(status("CANCELLED", null)).isEqualTo(new ClusterStatus.Gone("the job run was cancelled"));
    }

    @Test
    void aStateAddedToTheApiSinceGoesOnUntilTheRunsDeadlines() {
        assertThat(status("HIBERNATING", "new")).isEqualTo(new ClusterStatus.Active("the job run is HIBERNATING: new", TOPOLOGY, false));
    }
}
