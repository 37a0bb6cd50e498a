package io.sparkplane.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code sparkplane completion}: the bash (and zsh, through bashcompinit) completion script of every command and option. */
@Command(name = "completion", description = {"Prints a completion script for bash and zsh.", "  source <(sparkplane completion)"})
final class CompletionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        String script = AutoComplete.bash("sparkplane", spec.root().commandLine());
        TopCommand top = (TopCommand) spec.root().userObject();
        top.context().out().print(script);
        top.context().out().flush();
        return ExitCode.SUCCEEDED.code();
    }
}
