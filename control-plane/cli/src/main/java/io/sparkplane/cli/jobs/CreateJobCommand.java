package io.sparkplane.cli.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.cli.ExitCode;
import io.sparkplane.cli.api.ApiClient;
import io.sparkplane.cli.api.Operation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sparkplane jobs create}: uploads what is local and saves the job, version 1. */
@Command(name = "create", sortOptions = false, usageHelpAutoWidth = true,
        description = {"Saves a job: a run template with {{parameters}}, started later by 'jobs run' or a schedule. ENTRYPOINT and"
                + " ARGS are as 'runs submit' takes them (a local file is uploaded as an artifact of the job's workspace first), so options"
                + " come before ENTRYPOINT; or -f job.yaml holds the whole job in the API's shape.",
                "  sparkplane jobs create --name sales --param date job.py in/{{date}}.csv"})
public final class CreateJobCommand extends JobDefinitionOptions {

    @Parameters(index = "0", arity = "0..1", paramLabel = "ENTRYPOINT", description = "What its runs run (optional with -f).")
    String entrypoint;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "Its runs' arguments, which may hold {{parameters}}.")
    List<String> args = new ArrayList<>();

    @Option(names = {"-w", "--workspace"}, paramLabel = "ID",
            description = "The job's workspace (default: the job file's, SPARKPLANE_WORKSPACE, the profile's, 'default').")
    String workspace;

    @Override
    Optional<String> entrypoint() {
        return Optional.ofNullable(entrypoint);
    }

    @Override
    List<String> args() {
        return args;
    }

    @Override
    Optional<String> workspace() {
        return Optional.ofNullable(workspace);
    }

    @Override
    public Integer call() {
        JobRequest request = builder().build(options(), jobFile());
        ApiClient api = api(Optional.ofNullable(workspace));
        // the job file's workspace comes before the environment's and the profile's
        Optional<String> jobWorkspace = request.workspace().or(() -> api.connection().workspace());
        jobWorkspace.ifPresent(id -> request.body().put("workspace", id));
        upload(api, request, jobWorkspace);
        JsonNode job = api.request(Operation.CREATE_JOB).json(request.body()).call();
        notice("created job " + job.path("id").asText() + " (" + job.path("name").asText() + ") in workspace " + job.path("workspace").asText());
        printer().one(job, JobLayouts.DETAILS, "id");
        return ExitCode.SUCCEEDED.code();
    }
}
