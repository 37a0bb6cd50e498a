package io.sparkplane.cli.jobs;

import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The JOB of a command about one job: its id or its name, and the workspace its name is looked up in. */
public final class JobArgument {

    @Parameters(index = "0", paramLabel = "JOB", description = "The job's id, or its name.")
    String job;

    @Option(names = {"-w", "--workspace"}, paramLabel = "ID",
            description = "The workspace to look JOB's name up in (default: SPARKPLANE_WORKSPACE or the profile's, else every workspace the token sees).")
    String workspace;

    public String job() {
        return job;
    }

    public Optional<String> workspace() {
        return Optional.ofNullable(workspace);
    }
}
