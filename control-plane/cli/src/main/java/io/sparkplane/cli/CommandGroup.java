package io.sparkplane.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A command that only holds others ({@code runs}, {@code artifacts}, ...): given none of them, a usage error naming them. */
public abstract class CommandGroup implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(),
                "which " + spec.name() + " command? " + String.join(", ", spec.subcommands().keySet()));
    }
}
