package io.sparkplane.cli;

import java.util.Map;
import java.util.Optional;

/**
 * A command whose request body is built from its options: names the option behind a field the
 * control plane refused, so an error can say what to change on the command line.
 */
public interface FieldHints {

    /** @param field a problem's field path, such as {@code resources.executor.memory} or {@code pyFiles[1]} */
    Optional<String> optionFor(String field);

    /**
     * The option of the longest of {@code options}' field paths that {@code field} starts with:
     * {@code sparkConf.spark.master} finds {@code sparkConf}, {@code pyFiles[1]} finds {@code pyFiles}.
     */
    static Optional<String> longestPrefix(Map<String, String> options, String field) {
        String path = field;
        while (!path.isEmpty()) {
            String option = options.get(path);
            if (option != null) {
                return Optional.of(option);
            }
            int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
            path = cut <= 0 ? "" : path.substring(0, cut);
        }
        return Optional.empty();
    }
}
