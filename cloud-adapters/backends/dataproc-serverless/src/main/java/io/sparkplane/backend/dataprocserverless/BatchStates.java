package io.sparkplane.backend.dataprocserverless;

import static java.util.Objects.requireNonNull;

import com.google.cloud.dataproc.v1.Batch;
import io.sparkplane.spi.engine.AttemptFailure;
import io.sparkplane.spi.engine.AttemptOutcome;
import io.sparkplane.spi.engine.ClusterStatus;
import io.sparkplane.spi.engine.ClusterTopology;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a batch's state and state message mean for its attempt: the one mapping from Dataproc's
 * batch states to Sparkplane's, table-tested in {@code BatchStatesTest} (over every constant of
 * {@link Batch.State}) and written out in the module's README. Pure.
 */
public final class BatchStates {

    /** Out of memory, in the words of a JVM, a Python process or a kernel. */
    private static final List<Pattern> OUT_OF_MEMORY = patterns("outofmemoryerror", "out of memory", "\\boom\\b", "memoryerror",
            "exceeding memory limits", "memory limit exceeded", "gc overhead limit exceeded");
    /** What names an executor's memory rather than the driver's: an executor lost to it fails a stage, which the driver reports. */
    private static final List<Pattern> EXECUTOR = patterns("executor");
    /** The driver ran: "Job failed with message [ValueError: ...]. Additional details can be found at: ...". */
    private static final Pattern JOB_FAILED_WITH_MESSAGE = Pattern.compile("job failed with message", Pattern.CASE_INSENSITIVE);
    /** An exit code, as Dataproc and the fake word it. */
    private static final Pattern EXIT_CODE = Pattern.compile("(?:exit code|exited with code|exit status|exitcode)[:=\\s]*(-?\\d{1,4})",
            Pattern.CASE_INSENSITIVE);
    /**
     * Dataproc could not give the batch what it needs before its driver ran: a quota, a permission
     * or the service account, the network, the runtime or image, a driver node that never came up.
     */
    private static final List<Pattern> NOT_PROVISIONED = patterns("quota", "insufficient", "permission", "not authori[sz]ed", "forbidden",
            "access denied", "actas", "service account", "\\biam\\b", "\\bsubnet", "\\bnetwork", "private google access", "firewall",
            "failed to initialize", "could not be created", "failed to create", "does not have enough resources", "resources? (are|is) not available",
            "stockout", "runtime version", "\\bimage\\b");
    /** The service failed under the batch, or stopped it. */
    private static final List<Pattern> SERVICE_FAILED = patterns("internal (server )?error", "internal failure", "service (is )?unavailable",
            "unavailable", "\\bttl\\b", "timed out", "time ?out", "deadline exceeded", "preempt", "node (was )?lost", "lost (the )?(driver )?node");
    /** The job's own failure, worded without Dataproc's preamble. */
    private static final List<Pattern> JOB_FAILED = patterns("job failed", "exception", "traceback", "error:");

    private BatchStates() {}

    /**
     * @param state the batch's {@code state}
     * @param stateMessage its {@code state_message}, empty when it has none
     * @param topology what to report of a batch that goes on
     */
    public static ClusterStatus status(Batch.State state, String stateMessage, ClusterTopology topology) {
        requireNonNull(state, "state is null");
        requireNonNull(topology, "topology is null");
        String message = stateMessage == null ? "" : stateMessage.replaceAll("\\s+", " ").strip();
        return switch (state) {
            case PENDING -> new ClusterStatus.Active(withMessage("the batch is PENDING", message), topology, false);
            case RUNNING -> new ClusterStatus.Active(withMessage("the batch is RUNNING", message), topology, true);
            case CANCELLING -> new ClusterStatus.Active(withMessage("the batch is being cancelled", message), topology, false);
            case SUCCEEDED -> new ClusterStatus.Finished(AttemptOutcome.succeeded(message.isEmpty() ? "the batch succeeded" : message, 0));
            case FAILED -> new ClusterStatus.Finished(failed(message));
            case CANCELLED -> new ClusterStatus.Gone(withMessage("the batch was cancelled", message));
            // not an end: the run's own deadlines still apply (a state added to the API since, which this client reads as UNRECOGNIZED)
            case STATE_UNSPECIFIED, UNRECOGNIZED -> new ClusterStatus.Active(withMessage("the batch's state is not known (" + state + ")", message),
                    topology, false);
        };
    }

    /** Whether Dataproc is done with the batch: nothing of it runs, and it may be deleted. */
    public static boolean terminal(Batch.State state) {
        return switch (state) {
            case SUCCEEDED, FAILED, CANCELLED -> true;
            case STATE_UNSPECIFIED, PENDING, RUNNING, CANCELLING, UNRECOGNIZED -> false;
        };
    }

    /**
     * Why a FAILED batch failed, from its state message, first rule that holds: out of memory in
     * the driver; the driver ran and failed ({@code Job failed with message [...]}, or an exit
     * code); Dataproc could not start it; Dataproc failed or stopped it; the job's own words; else
     * the engine was lost.
     */
    static AttemptOutcome failed(String message) {
        String shown = message.isEmpty() ? "the batch failed, and Dataproc gave no message" : message;
        String lower = message.toLowerCase(Locale.ROOT);
        Integer exitCode = exitCode(message);
        if (matchesAny(OUT_OF_MEMORY, lower) && !matchesAny(EXECUTOR, lower)) {
            return AttemptOutcome.failed(AttemptFailure.DRIVER_OUT_OF_MEMORY, shown, exitCode);
        }
        if (JOB_FAILED_WITH_MESSAGE.matcher(message).find() || exitCode != null) {
            return AttemptOutcome.failed(AttemptFailure.USER_CODE_ERROR, shown, exitCode);
        }
        if (matchesAny(NOT_PROVISIONED, lower)) {
            return AttemptOutcome.failed(AttemptFailure.PROVISIONING_FAILED, shown, null);
        }
        if (matchesAny(SERVICE_FAILED, lower)) {
            return AttemptOutcome.failed(AttemptFailure.ENGINE_LOST, shown, null);
        }
        if (matchesAny(JOB_FAILED, lower)) {
            return AttemptOutcome.failed(AttemptFailure.USER_CODE_ERROR, shown, null);
        }
        // nothing says the job's code failed: the service lost it, which a retry may mend
        return AttemptOutcome.failed(AttemptFailure.ENGINE_LOST, shown, null);
    }

    private static Integer exitCode(String message) {
        Matcher matcher = EXIT_CODE.matcher(message);
        if (!matcher.find()) {
            return null;
        }
        return Integer.valueOf(matcher.group(1));
    }

    private static String withMessage(String what, String message) {
        return message.isEmpty() ? what : what + ": " + message;
    }

    private static boolean matchesAny(List<Pattern> patterns, String text) {
        return patterns.stream().anyMatch(pattern -> pattern.matcher(text).find());
    }

    private static List<Pattern> patterns(String... regexes) {
        return Arrays.stream(regexes).map(Pattern::compile).toList();
    }
}
