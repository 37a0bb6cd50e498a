package io.sparkplane.backend.dataproc;

import com.google.cloud.dataproc.v1.JobStatus;
import io.sparkplane.spi.engine.AttemptFailure;
import io.sparkplane.spi.engine.AttemptOutcome;
import io.sparkplane.spi.engine.ClusterStatus;
import java.util.EnumSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dataproc's cluster and job states to Sparkplane's, the one place they are read (docs/gcp.md has
 * the table). Pure.
 *
 * <p>The job is the attempt: its end is the outcome, whatever the cluster does after. Before the job
 * is submitted (Dataproc takes a job only on a running cluster), the cluster's state says whether it
 * is coming up, cannot ({@code ERROR}: {@code PROVISIONING_FAILED}), or was deleted or stopped by
 * someone else (gone). A cluster that fails under a running job loses the engine; one deleted or
 * stopped by someone else is gone.
 */
final class DataprocStates {

    private static final Set<com.google.cloud.dataproc.v1.ClusterStatus.State> COMING_UP = EnumSet.of(
            com.google.cloud.dataproc.v1.ClusterStatus.State.CREATING, com.google.cloud.dataproc.v1.ClusterStatus.State.STARTING,
            com.google.cloud.dataproc.v1.ClusterStatus.State.UNKNOWN, com.google.cloud.dataproc.v1.ClusterStatus.State.REPAIRING);
    /** States in which the cluster runs jobs: an update that failed leaves it running, only not resizable. */
    private static final Set<com.google.cloud.dataproc.v1.ClusterStatus.State> UP = EnumSet.of(
            com.google.cloud.dataproc.v1.ClusterStatus.State.RUNNING, com.google.cloud.dataproc.v1.ClusterStatus.State.UPDATING,
            com.google.cloud.dataproc.v1.ClusterStatus.State.ERROR_DUE_TO_UPDATE);
    /** The cluster under a job that cannot go on. */
    private static final Set<com.google.cloud.dataproc.v1.ClusterStatus.State> LOST = EnumSet.of(
            com.google.cloud.dataproc.v1.ClusterStatus.State.ERROR, com.google.cloud.dataproc.v1.ClusterStatus.State.DELETING,
            com.google.cloud.dataproc.v1.ClusterStatus.State.STOPPING, com.google.cloud.dataproc.v1.ClusterStatus.State.STOPPED);
    private static final Pattern EXIT_CODE = Pattern.compile("(?i)exit(?:ed)?(?: with)?(?: code| status| value)?[ :=\\[]*(-?\\d+)");

    private DataprocStates() {}

    static ClusterStatus status(DataprocObservation seen) {
        if (seen.job().isPresent()) {
            return withJob(seen, seen.job().get());
        }
        if (seen.cluster().isEmpty()) {
            return new ClusterStatus.Gone("Dataproc no longer knows the cluster, and its job was never submitted");
        }
        com.google.cloud.dataproc.v1.ClusterStatus cluster = seen.cluster().get();
        if (cluster.getState() == com.google.cloud.dataproc.v1.ClusterStatus.State.ERROR) {
            return new ClusterStatus.Failed(AttemptFailure.PROVISIONING_FAILED, "the Dataproc cluster " + describe(cluster) + " before its job ran");
        }
        if (UP.contains(cluster.getState())) {
            return new ClusterStatus.Active("the Dataproc cluster is " + cluster.getState() + "; its job is being submitted", seen.topology(), false);
        }
        if (COMING_UP.contains(cluster.getState()) || unrecognized(cluster)) {
            return new ClusterStatus.Active("the Dataproc cluster " + describe(cluster), seen.topology(), false);
        }
        // DELETING, STOPPING, STOPPED: not Sparkplane's doing, which ends the attempt before it asks again
        return new ClusterStatus.Gone("the Dataproc cluster " + describe(cluster) + " before its job was submitted");
    }

    private static ClusterStatus withJob(DataprocObservation seen, JobStatus job) {
        switch (job.getState()) {
            case DONE:
                return new ClusterStatus.Finished(AttemptOutcome.succeeded("the Dataproc job is DONE", 0));
            case ERROR: {
                String message = "the Dataproc job failed" + (job.getDetails().isBlank() ? "" : ": " + job.getDetails().strip());
                if (clusterLost(seen)) {
                    return lost(seen, message + " (its cluster " + clusterWords(seen) + ")");
                }
                return new ClusterStatus.Finished(AttemptOutcome.failed(AttemptFailure.USER_CODE_ERROR, message, exitCode(job.getDetails())));
            }
            case CANCEL_PENDING:
            case CANCEL_STARTED:
            case CANCELLED:
                // Sparkplane's own cancel ends the attempt before it asks again: someone else cancelled it
                return new ClusterStatus.Gone("the Dataproc job is " + job.getState() + ", not by Sparkplane"
                        + (job.getDetails().isBlank() ? "" : ": " + job.getDetails().strip()));
            default:
                break;
        }
        if (clusterLost(seen)) {
            return lost(seen, "the Dataproc job is " + job.getState() + " but its cluster " + clusterWords(seen));
        }
        // a RUNNING job QUEUED waits for the agent to take it: not started yet (the substates apply to RUNNING)
        boolean queued = job.getSubstate() == JobStatus.Substate.QUEUED;
        boolean started = (job.getState() == JobStatus.State.RUNNING && !queued) || job.getState() == JobStatus.State.ATTEMPT_FAILURE;
        String detail = switch (job.getState()) {
            case RUNNING -> (queued ? "the Dataproc job is RUNNING" : "the Dataproc job runs") + substate(job)
                    + seen.cluster().filter(cluster -> cluster.getSubstateValue() != 0).map(cluster -> " on a cluster that " + describe(cluster))
                            .orElse("");
            case ATTEMPT_FAILURE -> "the Dataproc job failed an attempt and is restarted"
                    + (job.getDetails().isBlank() ? "" : ": " + job.getDetails().strip());
            default -> "the Dataproc job is " + job.getState() + substate(job);
        };
        return new ClusterStatus.Active(detail, seen.topology(), started);
    }

    /** The cluster under the job failed, or is gone or going (deleted or stopped by someone else): the job cannot go on. */
    private static boolean clusterLost(DataprocObservation seen) {
        return seen.cluster().isEmpty() || LOST.contains(seen.cluster().get().getState());
    }

    /** A cluster that failed under its job is torn down as it ends; one deleted or stopped by someone else is gone already. */
    private static ClusterStatus lost(DataprocObservation seen, String detail) {
        boolean failed = seen.cluster().map(cluster -> cluster.getState() == com.google.cloud.dataproc.v1.ClusterStatus.State.ERROR)
                .orElse(false);
        return failed ? new ClusterStatus.Failed(AttemptFailure.ENGINE_LOST, detail) : new ClusterStatus.Gone(detail);
    }

    private static String clusterWords(DataprocObservation seen) {
        return seen.cluster().map(DataprocStates::describe).orElse("no longer exists");
    }

    private static String substate(JobStatus job) {
        return switch (job.getSubstate()) {
            case QUEUED -> " (queued: the agent waits for resources)";
            case STALE_STATUS -> " (stale: the agent has not reported for a while)";
            default -> "";
        };
    }

    private static boolean unrecognized(com.google.cloud.dataproc.v1.ClusterStatus cluster) {
        return cluster.getState() == com.google.cloud.dataproc.v1.ClusterStatus.State.UNRECOGNIZED;
    }

    /** {@code is ERROR (Insufficient 'CPUS' quota)}, {@code is RUNNING, unhealthy (HDFS capacity exhausted)}. */
    static String describe(com.google.cloud.dataproc.v1.ClusterStatus cluster) {
        String state = unrecognized(cluster) ? "is in a state unknown to Sparkplane" : "is " + cluster.getState();
        // the substate is a warning, not a state of its own: an unhealthy running cluster may still finish its job
        state += switch (cluster.getSubstate()) {
            case UNHEALTHY -> ", unhealthy";
            case STALE_STATUS -> ", its agent silent (the status may be stale)";
            default -> "";
        };
        return cluster.getDetail().isBlank() ? state : state + " (" + cluster.getDetail().strip() + ")";
    }

    /** The exit code a failure's details give, or null. */
    static Integer exitCode(String details) {
        Matcher matcher = EXIT_CODE.matcher(details);
        if (!matcher.find()) {
            return null;
        }
        try {
            return Integer.valueOf(matcher.group(1));
        } catch (NumberFormatException e) {
            return null;
        }
    }

}
