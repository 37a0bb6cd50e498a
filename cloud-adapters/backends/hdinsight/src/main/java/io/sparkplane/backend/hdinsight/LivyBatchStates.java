package io.sparkplane.backend.hdinsight;

import static java.util.Objects.requireNonNull;

import io.sparkplane.spi.engine.AttemptFailure;
import io.sparkplane.spi.engine.AttemptOutcome;
import io.sparkplane.spi.engine.ClusterStatus;
import io.sparkplane.spi.engine.ClusterTopology;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Livy batch's state means for its attempt: the one mapping from Livy's session states
 * (Livy's {@code SessionState}: {@code not_started}, {@code starting}, {@code recovering},
 * {@code idle}, {@code running}, {@code busy}, {@code shutting_down}, {@code error}, {@code dead},
 * {@code killed}, {@code success}) to Sparkplane's, table-tested in {@code LivyBatchStatesTest} and
 * written out in the module's README. A dead batch's message is the last exception its log names.
 * Pure.
 */
public final class LivyBatchStates {

    /** Livy's words for a batch state, as its REST API spells them. */
    static final List<String> STATES = List.of("not_started", "starting", "recovering", "idle", "running", "busy", "shutting_down", "error",
            "dead", "killed", "success");
    /** The longest message an attempt gets from a log line. */
    static final int MOST_MESSAGE = 1000;
    /**
     * An exception's line: a Python traceback's last line ({@code ValueError: bad input}), a JVM's
     * ({@code java.lang.IllegalStateException: x}, {@code Exception in thread "main" ...}), a
     * py4j error; a class name ending in Error, Exception or Exit, then its message if any.
     */
    private static final Pattern EXCEPTION = Pattern.compile(
            "^(?:Exception in thread \"[^\"]*\" )?((?:[A-Za-z_$][\\w$]*\\.)*[A-Za-z_$][\\w$]*(?:Error|Exception|Exit|Interrupt))(?::\\s.*)?$");
    /** YARN's diagnostics of a driver whose main class threw: {@code User class threw exception: java.lang.IllegalStateException: x}. */
    private static final Pattern USER_CLASS_THREW = Pattern.compile("User class threw exception: (\\S.*)$");
    /** Out of memory, in a JVM's, a Python process's or YARN's words. */
    private static final Pattern OUT_OF_MEMORY = Pattern.compile(
            "outofmemoryerror|\\bmemoryerror\\b|gc overhead limit exceeded|running beyond physical memory limits|container killed .*memory",
            Pattern.CASE_INSENSITIVE);
    /** An executor's memory rather than the driver's: an executor lost to it fails a stage, which the driver reports as its own failure. */
    private static final Pattern EXECUTOR = Pattern.compile("executor", Pattern.CASE_INSENSITIVE);
    /**
     * YARN did not take the application, or did not start it in time: spark-submit failed before the
     * driver ran. Livy says the latter as "No YARN application is found with tag ... YARN cluster
     * doesn't have enough resources to start the application in time" (a full queue, not the job).
     */
    private static final Pattern NOT_LAUNCHED = Pattern.compile(
            "failed to submit application|is above the max threshold|queue \\S+ does not exist|application .* submitted by user .* to unknown queue"
                    + "|exceeds maximum (allowed )?(memory|vcores)|invalid resource request|no yarn application is found with tag",
            Pattern.CASE_INSENSITIVE);

    private LivyBatchStates() {}

    /**
     * @param state the batch's {@code state}
     * @param log the batch's log (or its last lines), read for a dead batch's message; empty when not read
     * @param topology what to report of a batch that goes on
     */
    public static ClusterStatus status(String state, List<String> log, ClusterTopology topology) {
        requireNonNull(state, "state is null");
        requireNonNull(log, "log is null");
        requireNonNull(topology, "topology is null");
        return switch (state.toLowerCase(Locale.ROOT)) {
            case "not_started" -> new ClusterStatus.Active("the Livy batch has not started", topology, false);
            case "starting" -> new ClusterStatus.Active("the Livy batch is starting (spark-submit, YARN placing the driver)", topology, false);
            case "recovering" -> new ClusterStatus.Active("Livy is recovering the batch after its own restart", topology, false);
            // idle and busy are an interactive session's; a batch reports them only as a running one
            case "running", "idle", "busy" -> new ClusterStatus.Active("the Livy batch is running", topology, true);
            case "shutting_down" -> new ClusterStatus.Active("the Livy batch is shutting down", topology, true);
            case "success" -> new ClusterStatus.Finished(AttemptOutcome.succeeded("the Livy batch succeeded", 0));
            case "dead" -> new ClusterStatus.Finished(dead(log));
            case "error" -> new ClusterStatus.Finished(AttemptOutcome.failed(AttemptFailure.ENGINE_LOST,
                    withException("Livy reports the batch in error", log), null));
            case "killed" -> new ClusterStatus.Gone("the Livy batch was killed");
            // not an end: the run's own deadlines still apply (a state a later Livy adds)
            default -> new ClusterStatus.Active("the Livy batch's state is not known (" + state + ")", topology, false);
        };
    }

    /** Whether Livy is done with the batch: nothing of it runs. */
    public static boolean ended(String state) {
        return switch (state.toLowerCase(Locale.ROOT)) {
            case "success", "dead", "killed", "error" -> true;
            default -> false;
        };
    }

    /**
     * Why a dead batch failed, from its log: out of memory in the driver; YARN refusing the
     * application (spark-submit failed before the driver ran); else the job's own failure, whose
     * message is the last exception the log names.
     */
    static AttemptOutcome dead(List<String> log) {
        String message = withException("the Livy batch is dead", log);
        String text = String.join("\n", log);
        if (OUT_OF_MEMORY.matcher(text).find() && !executorsOnly(log)) {
            return AttemptOutcome.failed(AttemptFailure.DRIVER_OUT_OF_MEMORY, message, null);
        }
        Matcher notLaunched = NOT_LAUNCHED.matcher(text);
        if (notLaunched.find()) {
            // a log naming no exception says why in the line that matched
            String why = message.endsWith("(its log names no exception)") ? "the Livy batch is dead: " + cut(lineAround(text, notLaunched.start())) : message;
            return AttemptOutcome.failed(AttemptFailure.LAUNCH_FAILED, why, null);
        }
        return AttemptOutcome.failed(AttemptFailure.USER_CODE_ERROR, message, null);
    }

    /** Every line naming out of memory names an executor. */
    private static boolean executorsOnly(List<String> log) {
        return log.stream().filter(line -> OUT_OF_MEMORY.matcher(line).find()).allMatch(line -> EXECUTOR.matcher(line).find());
    }

    private static String withException(String what, List<String> log) {
        String exception = lastException(log);
        return exception.isEmpty() ? what + " (its log names no exception)" : what + ": " + exception;
    }

    /**
     * The exception the log names last, cut to {@link #MOST_MESSAGE}: what YARN's diagnostics say a
     * JVM driver's main class threw, else the last line of the log that names an exception (a stack
     * frame's {@code at ...} and a {@code Caused by:} never; a Python traceback ends in the exception
     * raised); empty when none does. In YARN cluster mode (HDInsight's) the log is spark-submit's
     * own output and YARN's diagnostics; the driver's output stays in YARN's logs.
     */
    static String lastException(List<String> log) {
        // YARN's diagnostics of a JVM driver that failed name its exception; spark-submit's own last line only says the application failed
        for (int i = log.size() - 1; i >= 0; i--) {
            Matcher thrown = USER_CLASS_THREW.matcher(log.get(i));
            if (thrown.find()) {
                return cut(thrown.group(1).strip().replaceAll("\\p{Cntrl}", " "));
            }
        }
        for (int i = log.size() - 1; i >= 0; i--) {
            // Livy opens the sections of its log with "stdout: " and "\nstderr: "
            String line = log.get(i).strip().replaceFirst("^(stdout|stderr): ?", "").strip();
            Matcher matcher = EXCEPTION.matcher(line);
            if (matcher.matches()) {
                return cut(line.replaceAll("\\p{Cntrl}", " "));
            }
        }
        return "";
    }

    private static String lineAround(String text, int at) {
        int start = text.lastIndexOf('\n', at) + 1;
        int end = text.indexOf('\n', at);
        return text.substring(start, end < 0 ? text.length() : end).strip().replaceAll("\\p{Cntrl}", " ");
    }

    private static String cut(String line) {
        return line.length() <= MOST_MESSAGE ? line : line.substring(0, MOST_MESSAGE) + "...";
    }
}
