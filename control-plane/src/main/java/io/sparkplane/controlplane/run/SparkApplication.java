package io.sparkplane.controlplane.run;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Spark application as its event log names it: Spark's application id, and the application's
 * attempt id where the cluster manager gives one (YARN in cluster mode; never standalone, local or
 * Kubernetes). A History Server shows it at {@code /history/<id>/} or {@code /history/<id>/<attemptId>/}.
 *
 * <p>Read from the name Spark gives the event log ({@code EventLogFileWriter.nameForAppAndAttempt}):
 * a rolling log's directory {@code eventlog_v2_<name>/} (Spark 4's default), or a single file
 * {@code <name>[.<codec>][.inprogress]} (Spark 3's), where {@code <name>} is the application id, then
 * {@code _<attemptId>} when there is one, through Spark's {@code sanitizeDirName} (lower case, no
 * {@code .}, {@code :}, {@code /} or spaces). The ids Spark's cluster managers make
 * ({@code app-20261207104512-0000}, {@code local-1765100000000}, {@code spark-<hex>},
 * {@code application_1765100000000_0001}) are unchanged by it, and only YARN's have attempts, which
 * its id's shape tells apart ({@code application_<cluster>_<n>_<attempt>}). Pure.
 */
public record SparkApplication(String id, String attemptId) {

    /** Spark's prefix of a rolling event log's directory. */
    static final String ROLLING_EVENT_LOG = "eventlog_v2_";
    static final int MAX_LENGTH = 255;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1," + MAX_LENGTH + "}");
    private static final Pattern YARN_ATTEMPT = Pattern.compile("(application_[0-9]+_[0-9]+)_([0-9]+)");

    public SparkApplication {
        requireNonNull(id, "id is null");
        if (!NAME.matcher(id).matches()) {
            throw new IllegalArgumentException("not a Spark application id: " + id);
        }
        if (attemptId != null && !NAME.matcher(attemptId).matches()) {
            throw new IllegalArgumentException("not a Spark application attempt id: " + attemptId);
        }
    }

    /**
     * The application whose event log a file is, given its path under the attempt's {@code eventlog/}
     * ({@code eventlog_v2_app-1/events_1_app-1.zstd}, {@code app-1.lz4}); empty for a file of no
     * event log Spark would write there (deeper directories, other names).
     */
    public static Optional<SparkApplication> ofEventLogFile(String path) {
        if (path == null) {
            return Optional.empty();
        }
        String[] segments = path.split("/", -1);
        String name;
        if (segments.length == 2 && segments[0].startsWith(ROLLING_EVENT_LOG) && !segments[1].isEmpty()) {
            name = segments[0].substring(ROLLING_EVENT_LOG.length());
        } else if (segments.length == 1) {
            // a sanitized name has no dot: what follows the first is the codec and .inprogress
            int dot = segments[0].indexOf('.');
            name = dot < 0 ? segments[0] : segments[0].substring(0, dot);
        } else {
            return Optional.empty();
        }
        if (!NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        Matcher yarn = YARN_ATTEMPT.matcher(name);
        return Optional.of(yarn.matches() ? new SparkApplication(yarn.group(1), yarn.group(2)) : new SparkApplication(name, null));
    }

    /**
     * Whether this application is the one to link rather than {@code other}, when one attempt left the
     * event logs of several (a job that started a second SparkContext after stopping the first; YARN
     * retrying its application master): the one that started first, by its id (Spark's ids grow with
     * time), and of one application its latest attempt. So the choice does not hang on the order the
     * files were copied in.
     */
    public boolean preferredTo(SparkApplication other) {
        int byId = id.compareTo(other.id);
        if (byId != 0) {
            return byId < 0;
        }
        return attemptNumber(attemptId) > attemptNumber(other.attemptId);
    }

    private static long attemptNumber(String attemptId) {
        if (attemptId == null) {
            return -1;
        }
        try {
            return Long.parseLong(attemptId);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
