package io.sparkplane.backend.dataprocserverless;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.dataproc.v1.Batch;
import io.sparkplane.spi.engine.AttemptFailure;
import io.sparkplane.spi.engine.AttemptOutcome;
import io.sparkplane.spi.engine.ClusterStatus;
import io.sparkplane.spi.engine.ClusterTopology;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The mapping from a batch's state and state message to the attempt's, table by table (the README's tables). */
class BatchStatesTest {

    private static final ClusterTopology TOPOLOGY = new ClusterTopology(2, 0, 0, Map.of("Spark History Server", "https://example/shs"), List.of());

    private static ClusterStatus status(Batch.State state, String message) {
        return BatchStates.status(state, message, TOPOLOGY);
    }

    @Test
    void everyStateOfTheClientsProtosHasItsMeaning() {
        record Row(Batch.State state, Class<? extends ClusterStatus> status, boolean jobStarted, boolean terminal) {}
        List<Row> table = List.of(
                new Row(Batch.State.STATE_UNSPECIFIED, ClusterStatus.Active.class, false, false),
                new Row(Batch.State.PENDING, ClusterStatus.Active.class, false, false),
                new Row(Batch.State.RUNNING, ClusterStatus.Active.class, true, false),
                new Row(Batch.State.CANCELLING, ClusterStatus.Active.class, false, false),
                new Row(Batch.State.CANCELLED, ClusterStatus.Gone.class, false, true),
                new Row(Batch.State.SUCCEEDED, ClusterStatus.Finished.class, false, true),
                new Row(Batch.State.FAILED, ClusterStatus.Finished.class, false, true),
                new Row(Batch.State.UNRECOGNIZED, ClusterStatus.Active.class, false, false));
        // a state added to the protos since fails here until the table (and the README's) says what it means
        assertThat(table.stream().map(Row::state)).as("every constant of Batch.State")
                .containsExactlyInAnyOrder(Batch.State.values());
        for (Row row : table) {
            ClusterStatus status = status(row.state(), "");
            assertThat(status).as(row.state().name()).isInstanceOf(row.status());
            assertThat(BatchStates.terminal(row.state())).as(row.state() + " terminal").isEqualTo(row.terminal());
            if (status instanceof ClusterStatus.Active active) {
                assertThat(active.jobStarted()).as(row.state() + " started").isEqualTo(row.jobStarted());
                assertThat(active.topology()).isEqualTo(TOPOLOGY);
                assertThat(active.detail()).contains(row.state() == Batch.State.CANCELLING ? "being cancelled" : row.state().name());
            }
        }
    }

    @Test
    void aGoingBatchsMessageIsInItsDetail() {
        assertThat(status(Batch.State.PENDING, "Waiting for capacity")).isEqualTo(
                new ClusterStatus.Active("the batch is PENDING: Waiting for capacity", TOPOLOGY, false));
        assertThat(status(Batch.State.CANCELLING, "Cancelling batch as ttl exceeded")).isEqualTo(
                new ClusterStatus.Active("the batch is being cancelled: Cancelling batch as ttl exceeded", TOPOLOGY, false));
        assertThat(status(Batch.State.RUNNING, null)).isEqualTo(new ClusterStatus.Active("the batch is RUNNING", TOPOLOGY, true));
    }

    @Test
    void aSucceededBatchFinishesTheAttemptWithExitCodeZero() {
        assertThat(status(Batch.State.SUCCEEDED, "")).isEqualTo(new ClusterStatus.Finished(AttemptOutcome.succeeded("the batch succeeded", 0)));
        assertThat(status(Batch.State.SUCCEEDED, "Batch completed")).isEqualTo(
                new ClusterStatus.Finished(AttemptOutcome.succeeded("Batch completed", 0)));
    }

    @Test
    void aFailedBatchsMessageSaysWhoseFailureItWas() {
        record Row(String message, AttemptFailure failure, Integer exitCode) {}
        List<Row> table = List.of(
                // the driver ran out of memory
                new Row("Job failed with message [java.lang.OutOfMemoryError: Java heap space]. Additional details can be found at: "
                        + "https://console.cloud.google.com/dataproc/batches/us-central1/sp-1?project=p", AttemptFailure.DRIVER_OUT_OF_MEMORY, null),
                new Row("Job failed with message [MemoryError]. Additional details can be found at: gs://b/x/driveroutput.*",
                        AttemptFailure.DRIVER_OUT_OF_MEMORY, null),
                new Row("Driver was killed: out of memory, exit code 137", AttemptFailure.DRIVER_OUT_OF_MEMORY, 137),
                // (the testkit's fake words a failed driver so, in its "run the jobs" mode)
                new Row("Job failed with message [java.lang.OutOfMemoryError: Java heap space]. Driver exited with code 1. Additional details can"
                        + " be found at: gs://b/google-cloud-dataproc-metainfo/u/jobs/srvls-batch-u/driveroutput.000000000",
                        AttemptFailure.DRIVER_OUT_OF_MEMORY, 1),
                // the driver ran and failed: Dataproc's own report of it, whatever the exception says
                new Row("Job failed with message [SyntaxError: invalid syntax]. Additional details can be found at:\n"
                        + "https://console.cloud.google.com/dataproc/batches/west1/goe-batch-20240426080958?project=p\n"
                        + "gcloud dataproc batches wait 'goe-batch-20240426080958' --region 'west1' --project 'p'\n"
                        + "gs://dataproc-staging-west1-123-l/google-cloud-dataproc-metainfo/2ad11/jobs/srvls-batch-3347f/driveroutput.*",
                        AttemptFailure.USER_CODE_ERROR, null),
                new Row("Job failed with message [ModuleNotFoundError: No module named 'file_utils']. Additional details can be found at: x",
                        AttemptFailure.USER_CODE_ERROR, null),
                new Row("Job failed with message [java.nio.file.AccessDeniedException: gs://data/in: 403 Forbidden]. Additional details",
                        AttemptFailure.USER_CODE_ERROR, null),
                new Row("Job failed with message [org.apache.spark.SparkException: Job aborted due to stage failure: ExecutorLostFailure "
                        + "(executor 3 exited caused by one of the running tasks) Reason: Container killed on request. Exit code is 137; "
                        + "java.lang.OutOfMemoryError on an executor]", AttemptFailure.USER_CODE_ERROR, null),
                new Row("Driver exited with code 1", AttemptFailure.USER_CODE_ERROR, 1),
                new Row("Job failed with message [ValueError: bad day]. Driver exited with code 1. Additional details can be found at: "
                        + "gs://b/google-cloud-dataproc-metainfo/u/jobs/srvls-batch-u/driveroutput.000000000", AttemptFailure.USER_CODE_ERROR, 1),
                new Row("The driver failed. ExitCode: 2", AttemptFailure.USER_CODE_ERROR, 2),
                new Row("spark-submit failed with exit status 3; quota", AttemptFailure.USER_CODE_ERROR, 3),
                // Dataproc could not give the batch what it needs
                new Row("Insufficient 'CPUS' quota. Requested 12.0, available 8.0.", AttemptFailure.PROVISIONING_FAILED, null),
                new Row("Driver compute node failed to initialize for batch in 600 seconds", AttemptFailure.PROVISIONING_FAILED, null),
                new Row("Permission 'iam.serviceAccounts.actAs' denied on service account jobs@p.iam.gserviceaccount.com",
                        AttemptFailure.PROVISIONING_FAILED, null),
                new Row("Subnetwork 'default' does not support Private Google Access which is required for Dataproc clusters",
                        AttemptFailure.PROVISIONING_FAILED, null),
                new Row("The zone 'projects/p/zones/us-central1-b' does not have enough resources available to fulfill the request",
                        AttemptFailure.PROVISIONING_FAILED, null),
                new Row("Runtime version 9.9 is not supported", AttemptFailure.PROVISIONING_FAILED, null),
                // the service failed under the batch, or stopped it
                new Row("Internal error", AttemptFailure.ENGINE_LOST, null),
                new Row("Batch failed: the service is unavailable", AttemptFailure.ENGINE_LOST, null),
                new Row("Cancelling batch as ttl exceeded", AttemptFailure.ENGINE_LOST, null),
                new Row("Driver node lost", AttemptFailure.ENGINE_LOST, null),
                // the job's own words without Dataproc's preamble
                new Row("Traceback (most recent call last): ZeroDivisionError: division by zero", AttemptFailure.USER_CODE_ERROR, null),
                new Row("Exception in thread \"main\" java.lang.ClassNotFoundException: com.example.Main", AttemptFailure.USER_CODE_ERROR, null),
                // nothing says the job failed: the service lost it
                new Row("Something unexpected happened", AttemptFailure.ENGINE_LOST, null),
                new Row("", AttemptFailure.ENGINE_LOST, null));
        for (Row row : table) {
            ClusterStatus status = status(Batch.State.FAILED, row.message());
            String oneLine = row.message().replaceAll("\\s+", " ").strip();
            assertThat(status).as(row.message()).isInstanceOfSatisfying(ClusterStatus.Finished.class, finished -> {
                assertThat(finished.outcome().failure()).as(row.message()).isEqualTo(row.failure());
                assertThat(finished.outcome().exitCode()).as(row.message()).isEqualTo(row.exitCode());
                assertThat(finished.outcome().message()).as(row.message())
                        .isEqualTo(oneLine.isEmpty() ? "the batch failed, and Dataproc gave no message" : oneLine);
            });
        }
    }

    @Test
    void aBatchCancelledBehindSparkplanesBackIsGoneWithDataprocsWords() {
        assertThat(status(Batch.State.CANCELLED, "Batch cancelled by the operator"))
                .isEqualTo(new ClusterStatus.Gone("the batch was cancelled: Batch cancelled by the operator"));
        assertThat(status(Batch.State.CANCELLED, "")).isEqualTo(new ClusterStatus.Gone("the batch was cancelled"));
    }

    @Test
    void theTerminalStatesAreTheEndedOnes() {
        assertThat(Arrays.stream(Batch.State.values()).filter(BatchStates::terminal))
                .containsExactlyInAnyOrder(Batch.State.SUCCEEDED, Batch.State.FAILED, Batch.State.CANCELLED);
    }
}
