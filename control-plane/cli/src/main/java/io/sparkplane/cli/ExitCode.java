package io.sparkplane.cli;

/**
 * What the CLI's exit status says, documented in docs/cli.md: a pipeline step fails when its run
 * failed, and can tell why from the code.
 */
public enum ExitCode {
    /** The command did what was asked; a waited-for run SUCCEEDED. */
    SUCCEEDED(0),
    /** The run FAILED in the job's own code ({@code USER_CODE_ERROR}). */
    FAILED_IN_USER_CODE(1),
    /** A bad option or argument, or a request the server refused as invalid (400, 422). */
    USAGE(2),
    /** The run was CANCELLED, or was cancelled because the CLI was interrupted while waiting. */
    CANCELLED(3),
    /** The run TIMED_OUT, or the CLI's own wait ({@code --wait-timeout}) ran out. */
    TIMED_OUT(4),
    /** The run FAILED for any other reason: staging, launch, provisioning, a lost engine, memory, Sparkplane itself. */
    FAILED_IN_ENGINE(5),
    /** The control plane could not be reached, refused the token, or answered with an error. */
    API_ERROR(6),
    /** The CLI was interrupted while waiting and left the run going ({@code --detach-on-interrupt}); the shell's code for SIGINT. */
    DETACHED(130);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
