package io.sparkplane.cli;

import io.sparkplane.cli.api.ApiClient;
import io.sparkplane.cli.config.ConfigFile;
import io.sparkplane.cli.config.Connection;
import io.sparkplane.cli.config.ConnectionResolver;
import io.sparkplane.cli.output.Printer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that talks to the control plane: its connection, client, printer and error stream. */
public abstract class ApiCommand implements Callable<Integer> {

    @Spec
    protected CommandSpec spec;

    private ApiClient client;

    protected TopCommand top() {
        return (TopCommand) spec.root().userObject();
    }

    protected CliContext context() {
        return top().context();
    }

    /** Where the CLI connects, with this command's {@code --workspace} (if it has one) over the environment's and the profile's. */
    protected Connection connection(Optional<String> workspaceFlag) {
        return resolve(top(), workspaceFlag);
    }

    static Connection resolve(TopCommand top, Optional<String> workspaceFlag) {
        CliContext context = top.context();
        ConnectionResolver.Flags flags = new ConnectionResolver.Flags(Optional.ofNullable(top.host()), Optional.ofNullable(top.profile()),
                workspaceFlag);
        Path configPath = context.configPath();
        return ConnectionResolver.resolve(flags, context.environment(), ConfigFile.read(configPath), context.home(), configPath, ApiCommand::readFile);
    }

    protected ApiClient api(Optional<String> workspaceFlag) {
        if (client == null) {
            client = new ApiClient(connection(workspaceFlag), context().mapper(), context().version(), this::notice);
        }
        return client;
    }

    protected ApiClient api() {
        return api(Optional.empty());
    }

    protected Printer printer() {
        return new Printer(context().out(), top().output(), top().quiet(), context().mapper());
    }

    protected PrintStream err() {
        return context().err();
    }

    /** A line of progress on standard error, unless {@code --quiet}. */
    protected void notice(String line) {
        if (!top().quiet()) {
            err().println(line);
            err().flush();
        }
    }

    private static Optional<String> readFile(Path path) {
        try {
            return Files.isReadable(path) ? Optional.of(Files.readString(path)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
