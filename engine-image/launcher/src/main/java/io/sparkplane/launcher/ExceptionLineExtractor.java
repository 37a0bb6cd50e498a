package io.sparkplane.launcher;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds the one line that says why a job failed in its driver log, for the attempt's message.
 *
 * <ol>
 *   <li>the exception line of the last Python traceback: the first line at column 0 after a
 *       {@code Traceback (most recent call last):} line, skipping what interleaves with it
 *       (indented frames, source lines and 3.11 {@code ^^^^} markers, Spark's log4j lines, JVM
 *       stack lines, PySpark's JSON log lines, the launcher's own {@code [sparkplane]} lines);
 *   <li>else the last {@code Exception in thread "main" ...} line of a JVM job;
 *   <li>else nothing, and the caller says {@code spark-submit exited with code N}.
 * </ol>
 *
 * The last traceback wins on purpose: with chained exceptions it is the final one, and for a
 * failed Python UDF it is the worker's traceback inside the captured exception's message.
 */
public final class ExceptionLineExtractor {

    public static final int MAX_MESSAGE_LENGTH = 2000;

    static final String TRACEBACK_HEADER = "Traceback (most recent call last):";
    private static final String JVM_MAIN_EXCEPTION = "Exception in thread \"main\" ";
    /** Spark's default log4j2 layout {@code %d{yy/MM/dd HH:mm:ss} %p %c{1}: %m}, and ISO dates. */
    private static final Pattern LOG4J_LINE =
            Pattern.compile("^(\\d{2}/\\d{2}/\\d{2} |\\d{4}-\\d{2}-\\d{2}[ T])\\d{2}:\\d{2}:\\d{2}");
    private static final Pattern JVM_STACK_LINE = Pattern.compile("^(Caused by: |Suppressed: |\\.\\.\\. \\d+ more)");
    /** PySpark 4's structured JSON log lines: {@code {"ts": "...", "level": "ERROR", ...}}. */
    private static final Pattern PYSPARK_JSON_LOG_LINE = Pattern.compile("^\\{\"ts\": ?\"");

    private ExceptionLineExtractor() {}

    /** The line that says why the job failed, trimmed to {@link #MAX_MESSAGE_LENGTH}, if one is found. */
    public static Optional<String> extract(List<String> lines) {
        String lastPythonException = null;
        String lastJvmException = null;
        boolean inTraceback = false;
        for (String rawLine : lines) {
            String line = stripTrailing(rawLine);
            if (line.equals(TRACEBACK_HEADER)) {
                inTraceback = true;
            } else if (inTraceback) {
                if (isExceptionLine(line)) {
                    lastPythonException = line;
                    inTraceback = false;
                }
            } else if (line.startsWith(JVM_MAIN_EXCEPTION)) {
                lastJvmException = line;
            }
        }
        String found = lastPythonException != null ? lastPythonException : lastJvmException;
        return Optional.ofNullable(found).map(ExceptionLineExtractor::trim);
    }

    /** Cuts a message to {@link #MAX_MESSAGE_LENGTH} characters. */
    public static String trim(String message) {
        if (message.length() <= MAX_MESSAGE_LENGTH) {
            return message;
        }
        return message.substring(0, MAX_MESSAGE_LENGTH - 3) + "...";
    }

    private static boolean isExceptionLine(String line) {
        return !line.isEmpty()
                && !Character.isWhitespace(line.charAt(0))
                && !line.startsWith(Launcher.LOG_PREFIX)
                && !LOG4J_LINE.matcher(line).find()
                && !JVM_STACK_LINE.matcher(line).find()
                && !PYSPARK_JSON_LOG_LINE.matcher(line).find();
    }

    private static String stripTrailing(String line) {
        return line.stripTrailing();
    }
}
