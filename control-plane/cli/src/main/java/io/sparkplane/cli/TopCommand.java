package io.sparkplane.cli;

import io.sparkplane.cli.artifacts.ArtifactsCommand;
import io.sparkplane.cli.config.LoginCommand;
import io.sparkplane.cli.jobs.JobsCommand;
import io.sparkplane.cli.output.OutputFormat;
import io.sparkplane.cli.pools.WarmPoolsCommand;
import io.sparkplane.cli.runs.RunsCommand;
import io.sparkplane.cli.schedules.SchedulesCommand;
import io.sparkplane.cli.tokens.TokensCommand;
import io.sparkplane.cli.workspaces.WorkspacesCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** {@code sparkplane}: the options every command takes, and the commands. */
@Command(name = "sparkplane", scope = ScopeType.INHERIT, mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Submits and follows Spark and PySpark runs, and saves and schedules jobs, on a Sparkplane control plane.", "",
                "Exit codes: 0 succeeded, 1 failed in user code, 2 usage error, 3 cancelled, 4 timed out, 5 failed for an engine or"
                        + " infrastructure reason, 6 API or authentication error (docs/cli.md)."},
        subcommands = {LoginCommand.class, RunsCommand.class, JobsCommand.class, SchedulesCommand.class, ArtifactsCommand.class,
                WorkspacesCommand.class, TokensCommand.class, WarmPoolsCommand.class, CompletionCommand.class},
        footer = {"", "Configuration: --host and --profile over SPARKPLANE_HOST, SPARKPLANE_TOKEN, SPARKPLANE_WORKSPACE and"
                + " SPARKPLANE_PROFILE, over the profile in ~/.sparkplane/config ('sparkplane login'), over http://localhost:8080 with"
                + " the local control plane's bootstrap admin token."})
public final class TopCommand implements Runnable {

    @Option(names = "--host", scope = ScopeType.INHERIT, paramLabel = "URL",
            description = "The control plane, such as https://sparkplane.example.com (default: SPARKPLANE_HOST, the profile's, http://localhost:8080).")
    String host;

    @Option(names = "--profile", scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "The profile of ~/.sparkplane/config to use (default: SPARKPLANE_PROFILE, else 'default').")
    String profile;

    @Option(names = {"-o", "--output"}, scope = ScopeType.INHERIT, paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default), json (the API's JSON, for jq) or yaml.")
    OutputFormat output;

    @Option(names = {"-q", "--quiet"}, scope = ScopeType.INHERIT,
            description = "Print only the ids of what the command shows or makes, and no progress.")
    boolean quiet;

    @Spec
    CommandSpec spec;

    private final CliContext context;

    TopCommand(CliContext context) {
        this.context = context;
    }

    public CliContext context() {
        return context;
    }

    public String host() {
        return host;
    }

    public String profile() {
        return profile;
    }

    public OutputFormat output() {
        return output;
    }

    public boolean quiet() {
        return quiet;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is needed");
    }
}
