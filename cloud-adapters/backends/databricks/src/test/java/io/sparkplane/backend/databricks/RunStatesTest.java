package io.sparkplane.backend.databricks;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.service.jobs.RunLifeCycleState;
import com.databricks.sdk.service.jobs.RunResultState;
import com.databricks.sdk.service.jobs.RunState;
import com.databricks.sdk.service.jobs.RunStatus;
import com.databricks.sdk.service.jobs.TerminationCodeCode;
import com.databricks.sdk.service.jobs.TerminationDetails;
import com.databricks.sdk.service.jobs.TerminationTypeType;
import io.sparkplane.spi.engine.AttemptFailure;
import io.sparkplane.spi.engine.ClusterStatus;
import io.sparkplane.spi.engine.ClusterTopology;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The mapping from a run's state to the attempt's, table by table (the README's tables): every life
 * cycle state, every result state, every pair of the two, every termination code of the SDK's enums.
 */
class RunStatesTest {

    private static final ClusterTopology TOPOLOGY = new ClusterTopology(2, 0, 0, Map.of("runPage", "https://example/#job/1/run/2"), List.of());

    private static ClusterStatus status(RunLifeCycleState life, RunResultState result, String message) {
        return RunStates.status(new RunState().setLifeCycleState(life).setResultState(result).setStateMessage(message), null, null, TOPOLOGY);
    }

    private static ClusterStatus status(RunLifeCycleState life, RunResultState result, String message, TerminationCodeCode code, String detail,
            String outputError) {
        RunStatus status = new RunStatus().setTerminationDetails(new TerminationDetails().setCode(code).setType(TerminationTypeType.CLIENT_ERROR)
                .setMessage(detail));
        return RunStates.status(new RunState().setLifeCycleState(life).setResultState(result).setStateMessage(message), status, outputError, TOPOLOGY);
    }

    /** A status in a word: Active, Active(started), Finished(ok), Finished(FAILURE), Failed(FAILURE), Gone. */
    private static String kind(ClusterStatus status) {
        if (status instanceof ClusterStatus.Active active) {
            assertThat(active.topology()).isEqualTo(TOPOLOGY);
            return active.jobStarted() ? "Active(started)" : "Active";
        }
        if (status instanceof ClusterStatus.Finished finished) {
            return "Finished(" + (finished.outcome().succeeded() ? "ok" : finished.outcome().failure().name()) + ")";
        }
        if (status instanceof ClusterStatus.Failed failed) {
            assertThat(failed.detail()).isNotBlank();
            return "Failed(" + failed.failure().name() + ")";
        }
        assertThat(((ClusterStatus.Gone) status).detail()).isNotBlank();
        return "Gone";
    }

    private static final Map<RunLifeCycleState, String> WITHOUT_RESULT = new LinkedHashMap<>();
    private static final Map<RunResultState, String> TERMINATED_WITH = new LinkedHashMap<>();

    static {
        WITHOUT_RESULT.put(RunLifeCycleState.QUEUED, "Active");
        WITHOUT_RESULT.put(RunLifeCycleState.PENDING, "Active");
        WITHOUT_RESULT.put(RunLifeCycleState.BLOCKED, "Active");
        WITHOUT_RESULT.put(RunLifeCycleState.WAITING_FOR_RETRY, "Active");
        WITHOUT_RESULT.put(RunLifeCycleState.RUNNING, "Active(started)");
        WITHOUT_RESULT.put(RunLifeCycleState.TERMINATING, "Active(started)");
        WITHOUT_RESULT.put(RunLifeCycleState.TERMINATED, "Failed(ENGINE_LOST)");
        WITHOUT_RESULT.put(RunLifeCycleState.SKIPPED, "Failed(PROVISIONING_FAILED)");
        WITHOUT_RESULT.put(RunLifeCycleState.INTERNAL_ERROR, "Failed(ENGINE_LOST)");

        TERMINATED_WITH.put(RunResultState.SUCCESS, "Finished(ok)");
        TERMINATED_WITH.put(RunResultState.SUCCESS_WITH_FAILURES, "Finished(ok)");
        TERMINATED_WITH.put(RunResultState.FAILED, "Finished(USER_CODE_ERROR)");
        TERMINATED_WITH.put(RunResultState.TIMEDOUT, "Failed(ENGINE_LOST)");
        TERMINATED_WITH.put(RunResultState.CANCELED, "Gone");
        TERMINATED_WITH.put(RunResultState.MAXIMUM_CONCURRENT_RUNS_REACHED, "Failed(PROVISIONING_FAILED)");
        TERMINATED_WITH.put(RunResultState.EXCLUDED, "Failed(PROVISIONING_FAILED)");
        TERMINATED_WITH.put(RunResultState.UPSTREAM_FAILED, "Failed(PROVISIONING_FAILED)");
        TERMINATED_WITH.put(RunResultState.UPSTREAM_CANCELED, "Failed(PROVISIONING_FAILED)");
        TERMINATED_WITH.put(RunResultState.DISABLED, "Failed(PROVISIONING_FAILED)");
    }

    @Test
    void everyLifeCycleStateWithoutAResultHasItsMeaning() {
        // a state added to the SDK since fails here until the table (and the README's) says what it means
        assertThat(WITHOUT_RESULT.keySet()).containsExactlyInAnyOrder(RunLifeCycleState.values());
        WITHOUT_RESULT.forEach((life, expected) -> assertThat(kind(status(life, null, ""))).as(life.name()).isEqualTo(expected));
        assertThat(kind(status(null, null, "a new state"))).as("a state the SDK does not know").isEqualTo("Active");
    }

    @Test
    void everyResultStateOfAnEndedRunHasItsMeaning() {
        assertThat(TERMINATED_WITH.keySet()).containsExactlyInAnyOrder(RunResultState.values());
        TERMINATED_WITH.forEach((result, expected) -> assertThat(kind(status(RunLifeCycleState.TERMINATED, result, ""))).as(result.name())
                .isEqualTo(expected));
    }

    /**
     * Every pair: a run that has not ended goes on whatever result it shows; TERMINATING with a result
     * is ended as TERMINATED is (its task is done; its cluster goes by itself); SKIPPED and
     * INTERNAL_ERROR end the attempt whatever the result says.
     */
    @Test
    void everyLifeCycleStateWithEveryResultState() {
        List<RunResultState> results = new ArrayList<>(Arrays.asList(RunResultState.values()));
        results.add(null);
        for (RunLifeCycleState life : RunLifeCycleState.values()) {
            for (RunResultState result : results) {
                String expected = switch (life) {
                    case QUEUED, PENDING, BLOCKED, WAITING_FOR_RETRY, RUNNING -> WITHOUT_RESULT.get(life);
                    case TERMINATING -> result == null ? "Active(started)" : TERMINATED_WITH.get(result);
                    case TERMINATED -> result == null ? "Failed(ENGINE_LOST)" : TERMINATED_WITH.get(result);
                    case SKIPPED -> "Failed(PROVISIONING_FAILED)";
                    case INTERNAL_ERROR -> "Failed(ENGINE_LOST)";
                };
                assertThat(kind(status(life, result, ""))).as(life + " x " + result).isEqualTo(expected);
            }
        }
    }

    /** Every termination code of a FAILED run: why it failed, whichever the result said. */
    @Test
    void everyTerminationCodeSaysWhyARunEnded() {
        Map<TerminationCodeCode, String> table = new LinkedHashMap<>();
        table.put(TerminationCodeCode.SUCCESS, "Finished(USER_CODE_ERROR)");
        table.put(TerminationCodeCode.SUCCESS_WITH_FAILURES, "Finished(USER_CODE_ERROR)");
        table.put(TerminationCodeCode.RUN_EXECUTION_ERROR, "Finished(USER_CODE_ERROR)");
        table.put(TerminationCodeCode.USER_CANCELED, "Finished(USER_CODE_ERROR)");
        table.put(TerminationCodeCode.CANCELED, "Finished(USER_CODE_ERROR)");
        for (TerminationCodeCode code : List.of(TerminationCodeCode.CLUSTER_ERROR, TerminationCodeCode.CLOUD_FAILURE,
                TerminationCodeCode.INVALID_CLUSTER_REQUEST, TerminationCodeCode.CLUSTER_REQUEST_LIMIT_EXCEEDED,
                TerminationCodeCode.WORKSPACE_RUN_LIMIT_EXCEEDED, TerminationCodeCode.MAX_CONCURRENT_RUNS_EXCEEDED,
                TerminationCodeCode.MAX_JOB_QUEUE_SIZE_EXCEEDED, TerminationCodeCode.MAX_SPARK_CONTEXTS_EXCEEDED,
                TerminationCodeCode.BUDGET_POLICY_LIMIT_EXCEEDED, TerminationCodeCode.FEATURE_DISABLED, TerminationCodeCode.UNAUTHORIZED_ERROR,
                TerminationCodeCode.INVALID_RUN_CONFIGURATION, TerminationCodeCode.DISABLED, TerminationCodeCode.SKIPPED)) {
            table.put(code, "Failed(PROVISIONING_FAILED)");
        }
        for (TerminationCodeCode code : List.of(TerminationCodeCode.RESOURCE_NOT_FOUND, TerminationCodeCode.STORAGE_ACCESS_ERROR,
                TerminationCodeCode.LIBRARY_INSTALLATION_ERROR, TerminationCodeCode.REPOSITORY_CHECKOUT_FAILED)) {
            table.put(code, "Failed(STAGING_FAILED)");
        }
        table.put(TerminationCodeCode.DRIVER_ERROR, "Failed(ENGINE_LOST)");
        table.put(TerminationCodeCode.INTERNAL_ERROR, "Failed(ENGINE_LOST)");
        table.put(TerminationCodeCode.BREAKING_CHANGE, "Failed(ENGINE_LOST)");
        assertThat(table.keySet()).containsExactlyInAnyOrder(TerminationCodeCode.values());

        table.forEach((code, expected) -> {
            assertThat(kind(status(RunLifeCycleState.TERMINATED, RunResultState.FAILED, "failed", code, "why", null))).as("FAILED, " + code)
                    .isEqualTo(expected);
            // with no result (TERMINATED) or an error state, the code alone says; success and cancel mean what they say there
            String alone = switch (RunStates.ending(code)) {
                case SUCCEEDED -> "Finished(ok)";
                case CANCELLED -> "Gone";
                default -> expected;
            };
            assertThat(kind(status(RunLifeCycleState.TERMINATED, null, "", code, "why", null))).as("TERMINATED without a result, " + code)
                    .isEqualTo(alone);
            String internal = RunStates.ending(code) == RunStates.Ending.SUCCEEDED ? "Failed(ENGINE_LOST)" : alone;
            assertThat(kind(status(RunLifeCycleState.INTERNAL_ERROR, RunResultState.FAILED, "", code, "why", null))).as("INTERNAL_ERROR, " + code)
                    .isEqualTo(internal);
        });
    }

    @Test
    void anInternalErrorWithoutACodeIsAClusterThatDidNotStartWhenItsWordsSaySo() {
        ClusterStatus notStarted = status(RunLifeCycleState.INTERNAL_ERROR, RunResultState.FAILED,
                "Cluster '1207-000001-abcdefgh' was terminated. Reason: CLOUD_PROVIDER_LAUNCH_FAILURE (CLOUD_FAILURE)");
        ClusterStatus lost = status(RunLifeCycleState.INTERNAL_ERROR, RunResultState.FAILED, "Run failed with error message Unexpected failure");

        assertThat(notStarted).isEqualTo(new ClusterStatus.Failed(AttemptFailure.PROVISIONING_FAILED, "Databricks could not start the run: Cluster"
                + " '1207-000001-abcdefgh' was terminated. Reason: CLOUD_PROVIDER_LAUNCH_FAILURE (CLOUD_FAILURE)"));
        assertThat(lost).isEqualTo(new ClusterStatus.Failed(AttemptFailure.ENGINE_LOST, "Databricks lost the run: Run failed with error message"
                + " Unexpected failure"));
    }

    @Test
    void aFailedTasksMessageIsItsErrorLineElseDatabricksWords() {
        ClusterStatus withError = status(RunLifeCycleState.TERMINATED, RunResultState.FAILED, "Workload failed, see run output for details",
                TerminationCodeCode.RUN_EXECUTION_ERROR, "Workload failed, see run output for details", "ValueError: boom\nmore");
        ClusterStatus withoutError = status(RunLifeCycleState.TERMINATED, RunResultState.FAILED, "Workload failed, see run output for details",
                TerminationCodeCode.RUN_EXECUTION_ERROR, "Task main failed with message: exit 3", null);
        ClusterStatus plain = status(RunLifeCycleState.TERMINATED, RunResultState.FAILED, "");

        assertThat(((ClusterStatus.Finished) withError).outcome().message()).isEqualTo("ValueError: boom");
        assertThat(((ClusterStatus.Finished) withoutError).outcome().message()).isEqualTo("Task main failed with message: exit 3");
        assertThat(((ClusterStatus.Finished) plain).outcome().message()).isEqualTo("the Databricks run's task failed");
        assertThat(((ClusterStatus.Finished) withError).outcome().exitCode()).as("Databricks does not say").isNull();
    }

    @Test
    void theDriverRunningOutOfMemoryIsNamedSoAndAnExecutorsIsTheJobs() {
        ClusterStatus driver = status(RunLifeCycleState.TERMINATED, RunResultState.FAILED, "failed", TerminationCodeCode.RUN_EXECUTION_ERROR, "failed",
                "java.lang.OutOfMemoryError: Java heap space");
        ClusterStatus executor = status(RunLifeCycleState.TERMINATED, RunResultState.FAILED, "failed", TerminationCodeCode.RUN_EXECUTION_ERROR, "failed",
                "SparkException: Job aborted: executor 3 lost: OutOfMemoryError");
        ClusterStatus lostDriver = status(RunLifeCycleState.INTERNAL_ERROR, RunResultState.FAILED, "", TerminationCodeCode.DRIVER_ERROR,
                "The driver ran out of memory (OutOfMemoryError)", null);

        assertThat(kind(driver)).isEqualTo("Finished(DRIVER_OUT_OF_MEMORY)");
        assertThat(kind(executor)).isEqualTo("Finished(USER_CODE_ERROR)");
        assertThat(kind(lostDriver)).isEqualTo("Failed(DRIVER_OUT_OF_MEMORY)");
    }

    @Test
    void aGoingRunsDetailSaysItsStateAndMessage() {
        assertThat(status(RunLifeCycleState.PENDING, null, "Waiting for cluster")).isEqualTo(
                new ClusterStatus.Active("the run is PENDING (its job cluster is starting): Waiting for cluster", TOPOLOGY, false));
        assertThat(status(RunLifeCycleState.RUNNING, null, null)).isEqualTo(new ClusterStatus.Active("the run is RUNNING", TOPOLOGY, true));
        assertThat(status(RunLifeCycleState.TERMINATED, RunResultState.CANCELED, "Run cancelled.")).isEqualTo(
                new ClusterStatus.Gone("the Databricks run was cancelled: Run cancelled."));
    }

    @Test
    void onlyTerminatedSkippedAndInternalErrorAreEnded() {
        for (RunLifeCycleState life : RunLifeCycleState.values()) {
            boolean expected = life == RunLifeCycleState.TERMINATED || life == RunLifeCycleState.SKIPPED || life == RunLifeCycleState.INTERNAL_ERROR;
            assertThat(RunStates.ended(life)).as(life.name()).isEqualTo(expected);
        }
        assertThat(RunStates.ended(null)).isFalse();
        assertThat(RunStates.taskFailed(new RunState().setResultState(RunResultState.FAILED), null)).isTrue();
        assertThat(RunStates.taskFailed(new RunState().setResultState(RunResultState.FAILED),
                new RunStatus().setTerminationDetails(new TerminationDetails().setCode(TerminationCodeCode.CLUSTER_ERROR)))).isFalse();
        assertThat(RunStates.taskFailed(new RunState().setResultState(RunResultState.SUCCESS), null)).isFalse();
    }
}
