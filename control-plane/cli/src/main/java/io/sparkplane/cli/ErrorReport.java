package io.sparkplane.cli;

import io.sparkplane.cli.api.ApiException;
import io.sparkplane.cli.api.Problem;
import io.sparkplane.cli.config.Connection;
import java.io.PrintStream;
import java.util.Optional;

/**
 * Turns whatever ended a command into a message on standard error and an {@link ExitCode}: the
 * problem's title, detail and field paths for an API error, one line for the CLI's own; a stack
 * trace only with {@code SPARKPLANE_DEBUG=1}.
 */
final class ErrorReport {

    private ErrorReport() {}

    static ExitCode report(Throwable error, Optional<FieldHints> hints, Optional<Connection> connection, PrintStream err, boolean debug) {
        ExitCode code;
        if (error instanceof CliException cli) {
            err.println("sparkplane: " + cli.getMessage());
            code = cli.exitCode();
        } else if (error instanceof ApiException api) {
            code = api(api, hints, connection, err);
        } else {
            err.println("sparkplane: the CLI failed: " + error + (debug ? "" : " (SPARKPLANE_DEBUG=1 shows where)"));
            code = ExitCode.API_ERROR;
        }
        if (debug) {
            error.printStackTrace(err);
        }
        err.flush();
        return code;
    }

    private static ExitCode api(ApiException error, Optional<FieldHints> hints, Optional<Connection> connection, PrintStream err) {
        if (error.status() == 0) {
            err.println("sparkplane: " + error.getMessage());
            if (connection.isPresent() && error.getMessage().contains("connection refused")) {
                err.println("  Is the control plane running there? Start one with './sparkplane server', or name another with --host or SPARKPLANE_HOST.");
            }
            return ExitCode.API_ERROR;
        }
        Problem problem = error.problem().orElse(new Problem("HTTP " + error.status(), error.status(), error.getMessage(), java.util.List.of()));
        err.println("sparkplane: " + problem.title() + " (" + error.status() + ")" + (problem.detail().isEmpty() ? "" : ": " + problem.detail()));
        for (Problem.FieldError field : problem.errors()) {
            String option = hints.flatMap(h -> h.optionFor(field.field())).map(name -> " (" + name + ")").orElse("");
            err.println("  " + field.field() + option + ": " + field.message());
        }
        if (error.status() == 401) {
            err.println("  The token came from " + connection.map(Connection::tokenSource).orElse("nowhere") + ". Log in with"
                    + " 'sparkplane login --host " + connection.map(c -> c.host().toString()).orElse("URL")
                    + "' (it reads the token from standard input), or set SPARKPLANE_TOKEN.");
            return ExitCode.API_ERROR;
        }
        return error.status() == 400 || error.status() == 422 ? ExitCode.USAGE : ExitCode.API_ERROR;
    }
}
