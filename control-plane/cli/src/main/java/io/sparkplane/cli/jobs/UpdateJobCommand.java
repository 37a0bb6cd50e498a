package io.sparkplane.cli.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.cli.CliException;
import io.sparkplane.cli.DefinitionFile;
import io.sparkplane.cli.ExitCode;
import io.sparkplane.cli.api.ApiClient;
import io.sparkplane.cli.api.Operation;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code sparkplane jobs update JOB}: saves a new definition of the job, a new version when it
 * differs. With {@code -f} the file is the whole definition (as {@code databricks jobs reset}); without
 * it, the options change the job as it is now.
 */
@Command(name = "update", sortOptions = false, usageHelpAutoWidth = true,
        description = {"Changes a job: with -f job.yaml, its whole definition is the file's (options override it); without -f, the options"
                + " change the job as it is. A change makes a new version, which later runs and schedules follow; the same definition"
                + " again makes none. What it runs and its ARGS change with -f.",
                "  sparkplane jobs update sales --max-concurrent-runs 2 --param date=2026-01-01"})
public final class UpdateJobCommand extends JobDefinitionOptions {

    @Mixin
    JobArgument job;

    @Override
    Optional<String> entrypoint() {
        return Optional.empty();
    }

    @Override
    List<String> args() {
        return List.of();
    }

    @Override
    Optional<String> workspace() {
        return Optional.empty();
    }

    @Override
    public Integer call() {
        JobOptions options = options();
        Optional<DefinitionFile> file = jobFile();
        if (file.isEmpty() && options.changeNothing()) {
            throw CliException.usage("nothing to change: give -f job.yaml with the job's whole definition, or the options to change");
        }
        ApiClient api = api(job.workspace());
        String id = JobNames.id(api, job.job());
        JsonNode current = api.request(Operation.GET_JOB).path("jobId", id).call();
        String fileId = file.map(f -> f.body().path("id").asText(id)).orElse(id);
        if (!fileId.equals(id)) {
            throw CliException.usage("-f " + file.get().source() + " is job " + fileId + ", not job " + id + "; to copy it, 'jobs create -f' it");
        }
        // without -f, the job as it is is the base: its locations are the server's, only the options' files are uploaded
        JobRequest request = file.isPresent() ? builder().build(options, file)
                : builder().overSavedJob(options, new DefinitionFile(JobDefinitions.of(current), context().workingDirectory(), "job " + id));
        upload(api, request, Optional.of(current.path("workspace").asText()));
        JsonNode saved = api.request(Operation.UPDATE_JOB).path("jobId", id).json(request.body()).call();
        int before = current.path("version").asInt();
        int after = saved.path("version").asInt();
        notice(after > before ? "job " + id + " (" + saved.path("name").asText() + ") is now version " + after
                : "job " + id + " (" + saved.path("name").asText() + ") did not change: it is still version " + after);
        printer().one(saved, JobLayouts.DETAILS, "id");
        return ExitCode.SUCCEEDED.code();
    }
}
