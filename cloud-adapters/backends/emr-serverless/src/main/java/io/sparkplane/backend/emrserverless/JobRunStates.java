package io.sparkplane.backend.emrserverless;

import static java.util.Objects.requireNonNull;

import io.sparkplane.spi.engine.AttemptFailure;
import io.sparkplane.spi.engine.AttemptOutcome;
import io.sparkplane.spi.engine.ClusterStatus;
import io.sparkplane.spi.engine.ClusterTopology;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a job run's state and state details mean for its attempt: the one mapping from EMR
 * Serverless's job run states to Sparkplane's, table-tested in {@code JobRunStatesTest} and
 * written out in the module's README. Pure.
 */
public final class JobRunStates {

    /** Every job run state the API documents (JobRunState, 2021-07-13), and what each means here. */
    public enum NativeState {
        /** Submitted, waiting to be scheduled: not started. */
        SUBMITTED(false, false),
        /** The application's job run concurrency is full; the run waits in its queue: not started. */
        QUEUED(false, false),
        /** The scheduler is evaluating the run: not started. */
        PENDING(false, false),
        /** Resources are being allocated: not started. */
        SCHEDULED(false, false),
        /** The Spark driver runs: started. */
        RUNNING(true, false),
        /** Being cancelled (CancelJobRun, or its execution timeout): goes on until CANCELLED. */
        CANCELLING(false, false),
        SUCCESS(false, true),
        FAILED(false, true),
        CANCELLED(false, true);

        private final boolean started;
        private final boolean terminal;

        NativeState(boolean started, boolean terminal) {
            this.started = started;
            this.terminal = terminal;
        }

        public boolean terminal() {
            return terminal;
        }

        static Optional<NativeState> of(String state) {
            return Arrays.stream(values()).filter(value -> value.name().equals(state)).findFirst();
        }
    }

    /** The driver ran and exited: "Job failed, please check complete logs in configured logging destination. ExitCode: 1. ...". */
    private static final Pattern EXIT_CODE = Pattern.compile("ExitCode:\\s*(-?\\d+)");
    /**
     * The service could not give the job what it needs before the driver ran: the application's
     * maximum capacity, the account's vCPU quota, the subnet's addresses, the application not
     * started or gone, the execution role or the image refused.
     */
    private static final List<Pattern> NOT_PROVISIONED = patterns(
            "capacity", "quota", "limit exceeded", "exceeded the .*limit", "\\bv?cpus? limit", "ip address", "\\bsubnet", "\\beni\\b",
            "application .*(stopped|stopping|terminated|not started|not in (a |the )?started state)", "access ?denied",
            "not authori[sz]ed", "assume ?role", "execution role", "\\bimage\\b");
    /** The service itself failed, or stopped the job for running too long. */
    private static final List<Pattern> SERVICE_FAILED = patterns("internal (server )?error", "internal failure", "service error",
            "service (is )?unavailable", "timed out", "time ?out", "exceeded .*execution time");
    /** The job's own failure, worded without an exit code. */
    private static final List<Pattern> JOB_FAILED = patterns("job failed", "application failed", "exception");

    private JobRunStates() {}

    /**
     * @param state the job run's {@code state}
     * @param stateDetails its {@code stateDetails}, null when it has none
     * @param topology what to report of a job run that goes on
     */
    public static ClusterStatus status(String state, String stateDetails, ClusterTopology topology) {
        requireNonNull(state, "state is null");
        requireNonNull(topology, "topology is null");
        String details = stateDetails == null ? "" : stateDetails.replaceAll("\\s+", " ").strip();
        Optional<NativeState> known = NativeState.of(state);
        if (known.isEmpty()) {
            // a state this code does not know (one added to the API since): not an end; the run's deadlines still apply
            return new ClusterStatus.Active(withDetails("the job run is " + state, details), topology, false);
        }
        return switch (known.get()) {
            case SUBMITTED, QUEUED, PENDING, SCHEDULED, RUNNING ->
                    new ClusterStatus.Active(withDetails("the job run is " + state, details), topology, known.get().started);
            case CANCELLING -> new ClusterStatus.Active(withDetails("the job run is being cancelled", details), topology, false);
            case SUCCESS -> new ClusterStatus.Finished(AttemptOutcome.succeeded(details.isEmpty() ? "the job run succeeded" : details, 0));
            case FAILED -> new ClusterStatus.Finished(failed(details));
            case CANCELLED -> new ClusterStatus.Gone(withDetails("the job run was cancelled", details));
        };
    }

    /**
     * Why a FAILED job run failed, from its details: an exit code means the driver ran, so the job
     * failed ({@code USER_CODE_ERROR} with that code); else the service's own words decide.
     */
    static AttemptOutcome failed(String details) {
        String message = details.isEmpty() ? "the job run failed, and EMR Serverless gave no details" : details;
        Matcher exit = EXIT_CODE.matcher(details);
        if (exit.find()) {
            return AttemptOutcome.failed(AttemptFailure.USER_CODE_ERROR, message, exitCode(exit.group(1)));
        }
        String lower = details.toLowerCase(Locale.ROOT);
        if (matchesAny(NOT_PROVISIONED, lower)) {
            return AttemptOutcome.failed(AttemptFailure.PROVISIONING_FAILED, message, null);
        }
        if (matchesAny(SERVICE_FAILED, lower)) {
            return AttemptOutcome.failed(AttemptFailure.ENGINE_LOST, message, null);
        }
        if (matchesAny(JOB_FAILED, lower)) {
            return AttemptOutcome.failed(AttemptFailure.USER_CODE_ERROR, message, null);
        }
        // nothing says the job's code failed: the service lost it, which a retry may mend
        return AttemptOutcome.failed(AttemptFailure.ENGINE_LOST, message, null);
    }

    private static Integer exitCode(String digits) {
        try {
            return Integer.valueOf(digits);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String withDetails(String what, String details) {
        return details.isEmpty() ? what : what + ": " + details;
    }

    private static boolean matchesAny(List<Pattern> patterns, String text) {
        return patterns.stream().anyMatch(pattern -> pattern.matcher(text).find());
    }

    private static List<Pattern> patterns(String... regexes) {
        return Arrays.stream(regexes).map(Pattern::compile).toList();
    }
}
