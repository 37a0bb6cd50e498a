package io.sparkplane.controlplane.staging;

import java.util.List;

/**
 * A file an engine uploads under its attempt's staging prefix: {@value #DRIVER_LOG}, or a relative
 * path under {@value #EVENT_LOG}/ or {@value #OUTPUTS}/. Checked so that no upload leaves its
 * attempt's prefix.
 */
public record StagedPath(String value) {

    public static final String DRIVER_LOG = "driver.log";
    public static final String EVENT_LOG = "eventlog";
    public static final String OUTPUTS = "outputs";
    static final int MAX_LENGTH = 1024;
    static final int MAX_DEPTH = 16;

    public StagedPath {
        String problem = problem(value);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** Whether {@code value} is a path an engine may stage and a client may read. */
    public static boolean isValid(String value) {
        return problem(value) == null;
    }

    /** What is wrong with {@code value}, or null when it is a valid staged path. */
    static String problem(String value) {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            return "must be 1 to " + MAX_LENGTH + " characters";
        }
        if (value.equals(DRIVER_LOG)) {
            return null;
        }
        List<String> segments = List.of(value.split("/", -1));
        if (segments.size() < 2 || !(segments.get(0).equals(EVENT_LOG) || segments.get(0).equals(OUTPUTS))) {
            return "must be " + DRIVER_LOG + " or a file under " + EVENT_LOG + "/ or " + OUTPUTS + "/";
        }
        if (segments.size() > MAX_DEPTH) {
            return "at most " + MAX_DEPTH + " levels";
        }
        for (String segment : segments) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return "must not have empty, '.' or '..' segments";
            }
            for (int i = 0; i < segment.length(); i++) {
                char c = segment.charAt(i);
                if (c < 0x20 || c == 0x7f || c == '\\') {
                    return "must not have control characters or backslashes";
                }
            }
        }
        return null;
    }
}
