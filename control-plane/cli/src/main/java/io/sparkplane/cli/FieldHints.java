package io.sparkplane.cli;

import java.util.Optional;

/**
 * A command whose request body is built from its options: names the option behind a field the
 * control plane refused, so an error can say what to change on the command line.
 */
public interface FieldHints {

    /** @param field a problem's field path, such as {@code resources.executor.memory} or {@code pyFiles[1]} */
    Optional<String> optionFor(String field);
}
