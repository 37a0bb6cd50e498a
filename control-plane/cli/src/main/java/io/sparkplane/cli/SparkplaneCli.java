package io.sparkplane.cli;

import io.sparkplane.cli.config.Connection;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine;

/** The CLI's entry point: parses the command line, runs the command, exits with its {@link ExitCode}. */
public final class SparkplaneCli {

    private SparkplaneCli() {}

    public static void main(String[] args) {
        int code = run(CliContext.system(), args);
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    /** Runs one command line in a context; returns the exit status. */
    public static int run(CliContext context, String... args) {
        TopCommand top = new TopCommand(context);
        CommandLine commandLine = new CommandLine(top);
        commandLine.setOut(new PrintWriter(context.out(), true));
        commandLine.setErr(new PrintWriter(context.err(), true));
        VersionProvider version = new VersionProvider(top);
        setVersionProvider(commandLine, version);
        // an @file after the entrypoint is the job's argument, not a file of the CLI's own arguments
        commandLine.setExpandAtFiles(false);
        // options go before the entrypoint: what follows it is the job's own, dashes and all, as with spark-submit
        commandLine.getSubcommands().get("runs").getSubcommands().get("submit").setStopAtPositional(true);
        commandLine.getSubcommands().get("jobs").getSubcommands().get("create").setStopAtPositional(true);
        commandLine.setExecutionExceptionHandler((error, failed, parseResult) -> {
            Optional<FieldHints> hints = failed.getCommand() instanceof FieldHints h ? Optional.of(h) : Optional.empty();
            return ErrorReport.report(error, hints, connectionOf(top), context.err(), context.debug()).code();
        });
        return commandLine.execute(args);
    }

    /** --version is the same on every command ({@code sparkplane runs --version}). */
    private static void setVersionProvider(CommandLine commandLine, VersionProvider version) {
        commandLine.getCommandSpec().versionProvider(version);
        commandLine.getSubcommands().values().forEach(sub -> setVersionProvider(sub, version));
    }

    /** The connection for an error message, if the command line names one that can be resolved. */
    private static Optional<Connection> connectionOf(TopCommand top) {
        try {
            return Optional.of(ApiCommand.resolve(top, Optional.empty()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
