package io.sparkplane.backend.dataproc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.dataproc.v1.ClusterStatus.State;
import com.google.cloud.dataproc.v1.JobStatus;
import io.sparkplane.spi.engine.AttemptFailure;
import io.sparkplane.spi.engine.ClusterStatus;
import io.sparkplane.spi.engine.ClusterTopology;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DataprocStatesTest {

    private static final ClusterTopology TOPOLOGY = new ClusterTopology(2, 2, 0, Map.of(), List.of());

    private static com.google.cloud.dataproc.v1.ClusterStatus cluster(State state, String detail) {
        var builder = com.google.cloud.dataproc.v1.ClusterStatus.newBuilder().setDetail(detail);
        // a state newer than this client: what an older Sparkplane sees when Dataproc adds one
        return (state == State.UNRECOGNIZED ? builder.setStateValue(99) : builder.setState(state)).build();
    }

    private static JobStatus job(JobStatus.State state, String details) {
        return JobStatus.newBuilder().setState(state).setDetails(details).build();
    }

    private static ClusterStatus status(Optional<com.google.cloud.dataproc.v1.ClusterStatus> cluster, Optional<JobStatus> job) {
        return DataprocStates.status(new DataprocObservation(cluster, job, TOPOLOGY));
    }

    /** Every cluster state before the job is submitted: what it means, in docs/gcp.md's words. */
    static Stream<Arguments> clusterStatesBeforeTheJob() {
        return Stream.of(
                Arguments.of(State.UNKNOWN, "active", false),
                Arguments.of(State.CREATING, "active", false),
                Arguments.of(State.RUNNING, "active", false),
                Arguments.of(State.UPDATING, "active", false),
                Arguments.of(State.ERROR_DUE_TO_UPDATE, "active", false),
                Arguments.of(State.STARTING, "active", false),
                Arguments.of(State.REPAIRING, "active", false),
                Arguments.of(State.ERROR, "failed", false),
                Arguments.of(State.DELETING, "gone", false),
                Arguments.of(State.STOPPING, "gone", false),
                Arguments.of(State.STOPPED, "gone", false),
                Arguments.of(State.UNRECOGNIZED, "active", false));
    }

    @Test
    void theTableCoversEveryClusterState() {
        List<State> covered = clusterStatesBeforeTheJob().map(arguments -> (State) arguments.get()[0]).toList();
        assertThat(covered).containsExactlyInAnyOrder(State.values());
    }

    @ParameterizedTest
    @MethodSource("clusterStatesBeforeTheJob")
    void beforeItsJobTheClusterStateSaysWhetherTheAttemptGoesOn(State state, String kind, boolean started) {
        ClusterStatus status = status(Optional.of(cluster(state, state == State.UNRECOGNIZED ? "" : "detail of " + state)), Optional.empty());
        assertThat(kind(status)).as(state + ": " + status).isEqualTo(kind);
        if (status instanceof ClusterStatus.Active active) {
            assertThat(active.jobStarted()).isEqualTo(started);
            assertThat(active.topology()).isEqualTo(TOPOLOGY);
        }
        if (status instanceof ClusterStatus.Failed failed) {
            assertThat(failed.failure()).isEqualTo(AttemptFailure.PROVISIONING_FAILED);
            assertThat(failed.detail()).contains("is ERROR (detail of ERROR)").contains("before its job ran");
        }
    }

    @Test
    void aClusterDataprocNoLongerKnowsWithNoJobIsGone() {
        assertThat(status(Optional.empty(), Optional.empty())).isInstanceOf(ClusterStatus.Gone.class);
    }

    /** Every job state on a running cluster. */
    static Stream<Arguments> jobStatesOnARunningCluster() {
        return Stream.of(
                Arguments.of(JobStatus.State.STATE_UNSPECIFIED, "active", false),
                Arguments.of(JobStatus.State.PENDING, "active", false),
                Arguments.of(JobStatus.State.SETUP_DONE, "active", false),
                Arguments.of(JobStatus.State.RUNNING, "active", true),
                Arguments.of(JobStatus.State.ATTEMPT_FAILURE, "active", true),
                Arguments.of(JobStatus.State.DONE, "succeeded", false),
                Arguments.of(JobStatus.State.ERROR, "failed-job", false),
                Arguments.of(JobStatus.State.CANCEL_PENDING, "gone", false),
                Arguments.of(JobStatus.State.CANCEL_STARTED, "gone", false),
                Arguments.of(JobStatus.State.CANCELLED, "gone", false),
                Arguments.of(JobStatus.State.UNRECOGNIZED, "active", false));
    }

    @Test
    void theTableCoversEveryJobState() {
        List<JobStatus.State> covered = jobStatesOnARunningCluster().map(arguments -> (JobStatus.State) arguments.get()[0]).toList();
        assertThat(covered).containsExactlyInAnyOrder(JobStatus.State.values());
    }

    @ParameterizedTest
    @MethodSource("jobStatesOnARunningCluster")
    void onARunningClusterTheJobIsTheAttempt(JobStatus.State state, String kind, boolean started) {
        JobStatus job = state == JobStatus.State.UNRECOGNIZED ? JobStatus.newBuilder().setStateValue(99).build() : job(state, "");
        ClusterStatus status = status(Optional.of(cluster(State.RUNNING, "")), Optional.of(job));
        assertThat(kind(status)).as(state + ": " + status).isEqualTo(kind);
        if (status instanceof ClusterStatus.Active active) {
            assertThat(active.jobStarted()).isEqualTo(started);
        }
    }

    @Test
    void aFailedJobIsTheUsersCodeWithDataprocsDetailsAndTheExitCode() {
        ClusterStatus status = status(Optional.of(cluster(State.RUNNING, "")), Optional.of(job(JobStatus.State.ERROR,
                "Job failed with message [Exception in thread main: boom]. Driver exited with code 3.")));
        var outcome = ((ClusterStatus.Finished) status).outcome();
        assertThat(outcome.failure()).isEqualTo(AttemptFailure.USER_CODE_ERROR);
        assertThat(outcome.message()).startsWith("the Dataproc job failed: Job failed with message [Exception in thread main: boom]");
        assertThat(outcome.exitCode()).isEqualTo(3);
    }

    @Test
    void aJobEndsWithItsOwnOutcomeWhateverTheClusterDoesAfter() {
        for (State state : State.values()) {
            ClusterStatus done = status(Optional.of(cluster(state, "")), Optional.of(job(JobStatus.State.DONE, "")));
            assertThat(done).as(state.name()).isInstanceOf(ClusterStatus.Finished.class);
            assertThat(((ClusterStatus.Finished) done).outcome().succeeded()).isTrue();
        }
        assertThat(status(Optional.empty(), Optional.of(job(JobStatus.State.DONE, "")))).isInstanceOf(ClusterStatus.Finished.class);
    }

    @Test
    void aClusterThatFailsUnderARunningJobLosesTheEngineAndOneDeletedOrStoppedIsGone() {
        ClusterStatus failed = status(Optional.of(cluster(State.ERROR, "Insufficient 'CPUS' quota")), Optional.of(job(JobStatus.State.RUNNING, "")));
        assertThat(((ClusterStatus.Failed) failed).failure()).isEqualTo(AttemptFailure.ENGINE_LOST);
        assertThat(((ClusterStatus.Failed) failed).detail()).contains("is ERROR (Insufficient 'CPUS' quota)");
        ClusterStatus failedJob = status(Optional.of(cluster(State.ERROR, "")), Optional.of(job(JobStatus.State.ERROR, "agent lost")));
        assertThat(((ClusterStatus.Failed) failedJob).failure()).isEqualTo(AttemptFailure.ENGINE_LOST);
        for (State state : List.of(State.DELETING, State.STOPPING, State.STOPPED)) {
            assertThat(status(Optional.of(cluster(state, "")), Optional.of(job(JobStatus.State.RUNNING, "")))).as(state.name())
                    .isInstanceOf(ClusterStatus.Gone.class);
            assertThat(status(Optional.of(cluster(state, "")), Optional.of(job(JobStatus.State.ERROR, "the cluster was deleted"))))
                    .as(state.name()).isInstanceOf(ClusterStatus.Gone.class);
        }
        ClusterStatus vanished = status(Optional.empty(), Optional.of(job(JobStatus.State.RUNNING, "")));
        assertThat(((ClusterStatus.Gone) vanished).detail()).contains("no longer exists");
    }

    @Test
    void everyClusterSubstateIsSaidAndChangesNothing() {
        for (com.google.cloud.dataproc.v1.ClusterStatus.Substate substate : com.google.cloud.dataproc.v1.ClusterStatus.Substate.values()) {
            var builder = com.google.cloud.dataproc.v1.ClusterStatus.newBuilder().setState(State.RUNNING);
            var cluster = (substate == com.google.cloud.dataproc.v1.ClusterStatus.Substate.UNRECOGNIZED
                    ? builder.setSubstateValue(99) : builder.setSubstate(substate)).build();
            ClusterStatus status = status(Optional.of(cluster), Optional.of(job(JobStatus.State.RUNNING, "")));
            assertThat(status).as(substate.name()).isInstanceOf(ClusterStatus.Active.class);
            String detail = ((ClusterStatus.Active) status).detail();
            switch (substate) {
                case UNHEALTHY -> assertThat(detail).isEqualTo("the Dataproc job runs on a cluster that is RUNNING, unhealthy");
                case STALE_STATUS -> assertThat(detail).contains("its agent silent");
                case UNSPECIFIED -> assertThat(detail).isEqualTo("the Dataproc job runs");
                default -> assertThat(detail).startsWith("the Dataproc job runs");
            }
        }
    }

    @Test
    void aRunningJobQueuedForTheAgentHasNotStartedAndAStaleOneHas() {
        JobStatus queued = JobStatus.newBuilder().setState(JobStatus.State.RUNNING).setSubstate(JobStatus.Substate.QUEUED).build();
        ClusterStatus.Active waiting = (ClusterStatus.Active) status(Optional.of(cluster(State.RUNNING, "")), Optional.of(queued));
        assertThat(waiting.jobStarted()).as("a provisioning deadline still applies").isFalse();
        assertThat(waiting.detail()).isEqualTo("the Dataproc job is RUNNING (queued: the agent waits for resources)");
        JobStatus stale = JobStatus.newBuilder().setState(JobStatus.State.RUNNING).setSubstate(JobStatus.Substate.STALE_STATUS).build();
        ClusterStatus.Active silent = (ClusterStatus.Active) status(Optional.of(cluster(State.RUNNING, "")), Optional.of(stale));
        assertThat(silent.jobStarted()).isTrue();
        assertThat(silent.detail()).contains("stale");
    }

    @Test
    void exitCodesAreReadFromDataprocsWordings() {
        assertThat(DataprocStates.exitCode("Driver exited with code 1")).isEqualTo(1);
        assertThat(DataprocStates.exitCode("process exited with status 137")).isEqualTo(137);
        assertThat(DataprocStates.exitCode("Job failed with message [boom]")).isNull();
        assertThat(Arrays.asList(JobStatus.State.values())).contains(JobStatus.State.ATTEMPT_FAILURE);
    }

    private static String kind(ClusterStatus status) {
        if (status instanceof ClusterStatus.Finished finished) {
            return finished.outcome().succeeded() ? "succeeded" : "failed-job";
        }
        return status instanceof ClusterStatus.Active ? "active" : status instanceof ClusterStatus.Failed ? "failed" : "gone";
    }
}
