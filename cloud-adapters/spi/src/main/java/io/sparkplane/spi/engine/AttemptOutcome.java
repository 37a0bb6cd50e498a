package io.sparkplane.spi.engine;

import static java.util.Objects.requireNonNull;

/**
 * How an attempt ended, as the launcher saw it.
 *
 * @param failure why it failed, or {@code null} when it succeeded
 * @param message one line for a human: for a Python error, the exception line of the traceback
 * @param exitCode spark-submit's exit code, or {@code null} when spark-submit never ran
 */
public record AttemptOutcome(AttemptFailure failure, String message, Integer exitCode) {

    public AttemptOutcome {
        requireNonNull(message, "message is null");
    }

    public static AttemptOutcome succeeded(String message, int exitCode) {
        return new AttemptOutcome(null, message, exitCode);
    }

    public static AttemptOutcome failed(AttemptFailure failure, String message, Integer exitCode) {
        return new AttemptOutcome(requireNonNull(failure, "failure is null"), message, exitCode);
    }

    public boolean succeeded() {
        return failure == null;
    }
}
