package io.sparkplane.backend.databricks;

import com.databricks.sdk.service.jobs.RunLifeCycleState;
import com.databricks.sdk.service.jobs.RunResultState;
import com.databricks.sdk.service.jobs.RunState;
import com.databricks.sdk.service.jobs.RunStatus;
import com.databricks.sdk.service.jobs.TerminationCodeCode;
import com.databricks.sdk.service.jobs.TerminationDetails;
import io.sparkplane.spi.engine.AttemptFailure;
import io.sparkplane.spi.engine.AttemptOutcome;
import io.sparkplane.spi.engine.ClusterStatus;
import io.sparkplane.spi.engine.ClusterTopology;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a Databricks run's state means for its attempt: the one mapping from runs/get's {@code
 * state} (life_cycle_state, result_state, state_message) and {@code status} (termination_details
 * code, type and message) to Sparkplane's, table-tested in {@code RunStatesTest} over every constant
 * of the SDK's enums and written out in the module's README. Pure.
 *
 * <p>A run that has not ended is {@link ClusterStatus.Active} (its job started once RUNNING). An
 * ended run's termination code says why, where Databricks gives one: the task's code failed ({@code
 * USER_CODE_ERROR}, its error line from runs/get-output as the message), the cluster or the workspace
 * could not run it ({@code PROVISIONING_FAILED}), its files or libraries could not be fetched ({@code
 * STAGING_FAILED}), Databricks lost it ({@code ENGINE_LOST}), or it was cancelled ({@link
 * ClusterStatus.Gone}). Without a code the result state says, and an INTERNAL_ERROR's message.
 */
public final class RunStates {

    /** Out of memory in the driver, in a JVM's, a Python process's or Databricks' words. */
    private static final List<Pattern> OUT_OF_MEMORY = patterns("outofmemoryerror", "out of memory", "\\boom\\b", "memoryerror",
            "gc overhead limit exceeded", "driver is (temporarily )?unavailable.*memory");
    /** What names an executor's memory rather than the driver's: an executor lost to it fails a stage, which the driver reports. */
    private static final List<Pattern> EXECUTOR = patterns("executor");
    /** An INTERNAL_ERROR with no termination code whose words say the cluster never came up. */
    private static final List<Pattern> CLUSTER_NOT_STARTED = patterns("cluster '.*' was terminated", "could not (be )?(launch|start|create)",
            "failed to (launch|start|create)", "launch failure", "quota", "capacity", "instances? (are|is) not available", "insufficient",
            "instance pool", "cluster policy", "spark version", "node type", "bootstrap", "unable to (create|start|launch)");

    /** How an ended run ended, as its termination code (or result) says. */
    enum Ending {
        SUCCEEDED,
        /** The task ran and its code failed. */
        TASK_FAILED,
        CANCELLED,
        /** The cluster could not be started, or the workspace would not run the task (limits, permissions, its configuration). */
        NOT_STARTED,
        /** The task's files or libraries could not be fetched or installed. */
        NOT_STAGED,
        /** Databricks lost the task under it (the driver, the service). */
        LOST,
    }

    private RunStates() {}

    /**
     * @param state runs/get's {@code state}; null fields where Databricks sent none or a value the SDK does not know
     * @param status runs/get's {@code status}, or null
     * @param outputError runs/get-output's {@code error} of a failed task (its exception line), or null: the message of a failed task's code
     * @param topology what to report of a run that goes on
     */
    public static ClusterStatus status(RunState state, RunStatus status, String outputError, ClusterTopology topology) {
        RunLifeCycleState life = state == null ? null : state.getLifeCycleState();
        RunResultState result = state == null ? null : state.getResultState();
        String message = clean(state == null ? null : state.getStateMessage());
        TerminationDetails details = status == null ? null : status.getTerminationDetails();
        if (life == null) {
            // a state added to the API since, which the SDK reads as null: not an end, the run's own deadlines still apply
            return new ClusterStatus.Active(withMessage("the run's state is not one Sparkplane knows", message), topology, false);
        }
        return switch (life) {
            case QUEUED -> new ClusterStatus.Active(withMessage("the run is QUEUED (the workspace is at a limit)", message), topology, false);
            case PENDING -> new ClusterStatus.Active(withMessage("the run is PENDING (its job cluster is starting)", message), topology, false);
            case BLOCKED, WAITING_FOR_RETRY -> new ClusterStatus.Active(withMessage("the run is " + life, message), topology, false);
            case RUNNING -> new ClusterStatus.Active(withMessage("the run is RUNNING", message), topology, true);
            case TERMINATING -> result == null
                    ? new ClusterStatus.Active(withMessage("the run's task ended; its job cluster is being torn down", message), topology, true)
                    : ended(result, details, message, outputError);
            case TERMINATED -> ended(result, details, message, outputError);
            case SKIPPED -> new ClusterStatus.Failed(AttemptFailure.PROVISIONING_FAILED, words("Databricks skipped the run", details, message));
            case INTERNAL_ERROR -> {
                Ending ending = ending(details).orElse(internalError(details, message));
                // an error state whose code says success contradicts itself: Databricks lost the run
                yield byEnding(ending == Ending.SUCCEEDED ? Ending.LOST : ending, details, message, outputError);
            }
        };
    }

    /** Whether the run has ended for good: its state does not change any more (TERMINATING still holds its cluster). */
    public static boolean ended(RunLifeCycleState life) {
        if (life == null) {
            return false;
        }
        return switch (life) {
            case TERMINATED, SKIPPED, INTERNAL_ERROR -> true;
            case QUEUED, PENDING, RUNNING, TERMINATING, BLOCKED, WAITING_FOR_RETRY -> false;
        };
    }

    /** Whether the run's task failed in its own code (its output's error line is then worth reading). */
    public static boolean taskFailed(RunState state, RunStatus status) {
        if (state == null || state.getResultState() != RunResultState.FAILED) {
            return false;
        }
        TerminationDetails details = status == null ? null : status.getTerminationDetails();
        return ending(details).orElse(Ending.TASK_FAILED) == Ending.TASK_FAILED;
    }

    /** An ended run by its result state; the termination code, where there is one, says why it failed. */
    private static ClusterStatus ended(RunResultState result, TerminationDetails details, String message, String outputError) {
        if (result == null) {
            return byEnding(ending(details).orElse(Ending.LOST), details, message, outputError);
        }
        return switch (result) {
            case SUCCESS, SUCCESS_WITH_FAILURES -> new ClusterStatus.Finished(AttemptOutcome.succeeded(
                    message.isEmpty() ? "the Databricks run succeeded" : message, 0));
            case FAILED -> {
                Ending ending = ending(details).orElse(Ending.TASK_FAILED);
                // a FAILED result whose code says success or cancel contradicts itself: its task failed
                yield byEnding(ending == Ending.SUCCEEDED || ending == Ending.CANCELLED ? Ending.TASK_FAILED : ending, details, message, outputError);
            }
            case TIMEDOUT -> new ClusterStatus.Failed(AttemptFailure.ENGINE_LOST, words("Databricks stopped the run at its timeout", details, message));
            case CANCELED -> new ClusterStatus.Gone(words("the Databricks run was cancelled", details, message));
            case MAXIMUM_CONCURRENT_RUNS_REACHED -> new ClusterStatus.Failed(AttemptFailure.PROVISIONING_FAILED,
                    words("Databricks skipped the run: the workspace's limit of concurrent runs was reached", details, message));
            case EXCLUDED, UPSTREAM_FAILED, UPSTREAM_CANCELED, DISABLED -> new ClusterStatus.Failed(AttemptFailure.PROVISIONING_FAILED,
                    words("Databricks did not run the task (" + result + ")", details, message));
        };
    }

    private static ClusterStatus byEnding(Ending ending, TerminationDetails details, String message, String outputError) {
        return switch (ending) {
            case SUCCEEDED -> new ClusterStatus.Finished(AttemptOutcome.succeeded(message.isEmpty() ? "the Databricks run succeeded" : message, 0));
            case TASK_FAILED -> {
                String shown = taskMessage(details, message, outputError);
                yield new ClusterStatus.Finished(AttemptOutcome.failed(outOfMemory(shown + " " + clean(outputError))
                        ? AttemptFailure.DRIVER_OUT_OF_MEMORY : AttemptFailure.USER_CODE_ERROR, shown, null));
            }
            case CANCELLED -> new ClusterStatus.Gone(words("the Databricks run was cancelled", details, message));
            case NOT_STARTED -> new ClusterStatus.Failed(AttemptFailure.PROVISIONING_FAILED, words("Databricks could not start the run", details, message));
            case NOT_STAGED -> new ClusterStatus.Failed(AttemptFailure.STAGING_FAILED,
                    words("Databricks could not fetch or install the run's files", details, message));
            case LOST -> {
                String shown = words("Databricks lost the run", details, message);
                yield new ClusterStatus.Failed(outOfMemory(shown) ? AttemptFailure.DRIVER_OUT_OF_MEMORY : AttemptFailure.ENGINE_LOST, shown);
            }
        };
    }

    /** What a termination code says of how the run ended; empty without one (or one the SDK does not know). */
    static Optional<Ending> ending(TerminationDetails details) {
        if (details == null || details.getCode() == null) {
            return Optional.empty();
        }
        return Optional.of(ending(details.getCode()));
    }

    static Ending ending(TerminationCodeCode code) {
        return switch (code) {
            case SUCCESS, SUCCESS_WITH_FAILURES -> Ending.SUCCEEDED;
            case RUN_EXECUTION_ERROR -> Ending.TASK_FAILED;
            case USER_CANCELED, CANCELED -> Ending.CANCELLED;
            case CLUSTER_ERROR, CLOUD_FAILURE, INVALID_CLUSTER_REQUEST, CLUSTER_REQUEST_LIMIT_EXCEEDED, WORKSPACE_RUN_LIMIT_EXCEEDED,
                    MAX_CONCURRENT_RUNS_EXCEEDED, MAX_JOB_QUEUE_SIZE_EXCEEDED, MAX_SPARK_CONTEXTS_EXCEEDED, BUDGET_POLICY_LIMIT_EXCEEDED,
                    FEATURE_DISABLED, UNAUTHORIZED_ERROR, INVALID_RUN_CONFIGURATION, DISABLED, SKIPPED -> Ending.NOT_STARTED;
            case RESOURCE_NOT_FOUND, STORAGE_ACCESS_ERROR, LIBRARY_INSTALLATION_ERROR, REPOSITORY_CHECKOUT_FAILED -> Ending.NOT_STAGED;
            case DRIVER_ERROR, INTERNAL_ERROR, BREAKING_CHANGE -> Ending.LOST;
        };
    }

    /** An INTERNAL_ERROR without a termination code: its words say whether the cluster never came up; else Databricks lost it. */
    private static Ending internalError(TerminationDetails details, String message) {
        String words = (message + " " + clean(details == null ? null : details.getMessage())).toLowerCase(Locale.ROOT);
        return matchesAny(CLUSTER_NOT_STARTED, words) ? Ending.NOT_STARTED : Ending.LOST;
    }

    /** A failed task's message: its exception line from the run's output, else Databricks' words. */
    private static String taskMessage(TerminationDetails details, String message, String outputError) {
        String error = clean(outputError);
        if (!error.isEmpty()) {
            int newline = outputError.strip().indexOf('\n');
            String firstLine = newline < 0 ? outputError.strip() : outputError.strip().substring(0, newline);
            return clean(firstLine);
        }
        String termination = clean(details == null ? null : details.getMessage());
        if (!termination.isEmpty()) {
            return termination;
        }
        return message.isEmpty() ? "the Databricks run's task failed" : message;
    }

    /** "{@code what}: Databricks' message (CODE)", from the termination details where they have a message, else the state message. */
    private static String words(String what, TerminationDetails details, String message) {
        String termination = clean(details == null ? null : details.getMessage());
        String said = termination.isEmpty() ? message : termination;
        String code = details == null || details.getCode() == null ? "" : " (" + details.getCode() + ")";
        return (said.isEmpty() ? what : what + ": " + said) + code;
    }

    private static boolean outOfMemory(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return matchesAny(OUT_OF_MEMORY, lower) && !matchesAny(EXECUTOR, lower);
    }

    private static String withMessage(String what, String message) {
        return message.isEmpty() ? what : what + ": " + message;
    }

    private static String clean(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").strip();
    }

    private static boolean matchesAny(List<Pattern> patterns, String text) {
        return patterns.stream().anyMatch(pattern -> pattern.matcher(text).find());
    }

    private static List<Pattern> patterns(String... regexes) {
        return Arrays.stream(regexes).map(Pattern::compile).toList();
    }
}
