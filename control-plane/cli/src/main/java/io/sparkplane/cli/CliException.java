package io.sparkplane.cli;

import static java.util.Objects.requireNonNull;

/** A failure the CLI explains in one message and ends with an exit code; never shown as a stack trace. */
public class CliException extends RuntimeException {

    private final ExitCode exitCode;

    public CliException(ExitCode exitCode, String message) {
        super(requireNonNull(message, "message is null"));
        this.exitCode = requireNonNull(exitCode, "exitCode is null");
    }

    public CliException(ExitCode exitCode, String message, Throwable cause) {
        super(requireNonNull(message, "message is null"), cause);
        this.exitCode = requireNonNull(exitCode, "exitCode is null");
    }

    public static CliException usage(String message) {
        return new CliException(ExitCode.USAGE, message);
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
