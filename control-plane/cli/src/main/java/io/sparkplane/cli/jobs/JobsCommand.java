package io.sparkplane.cli.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.cli.ApiCommand;
import io.sparkplane.cli.CommandGroup;
import io.sparkplane.cli.ExitCode;
import io.sparkplane.cli.api.ApiClient;
import io.sparkplane.cli.api.ApiRequest;
import io.sparkplane.cli.api.Operation;
import io.sparkplane.cli.api.Pages;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sparkplane jobs ...}: saved jobs, run templates with parameters that 'jobs run' and schedules start. */
@Command(name = "jobs", description = "Save, list, change, run and delete jobs: named run templates with parameters.",
        subcommands = {CreateJobCommand.class, JobsCommand.ListJobs.class, JobsCommand.Get.class, UpdateJobCommand.class, JobsCommand.Delete.class,
                JobsCommand.Versions.class, RunJobCommand.class, JobsCommand.Runs.class})
public final class JobsCommand extends CommandGroup {

    @Command(name = "list", description = "Lists jobs, newest first.")
    static final class ListJobs extends ApiCommand {

        @Option(names = {"-w", "--workspace"}, paramLabel = "ID",
                description = "Only this workspace's jobs (default: SPARKPLANE_WORKSPACE or the profile's, else every workspace the token sees).")
        String workspace;

        @Option(names = {"-A", "--all-workspaces"}, description = "The jobs of every workspace the token sees, whatever the default workspace.")
        boolean allWorkspaces;

        @Option(names = "--name", paramLabel = "NAME", description = "Only the job of this name.")
        String name;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most this many jobs (default 50), fetched a page at a time.")
        int limit;

        @Option(names = "--all", description = "Every job that matches, however many.")
        boolean all;

        @Override
        public Integer call() {
            ApiClient api = api(Optional.ofNullable(workspace));
            String inWorkspace = allWorkspaces ? null : api.connection().workspace().orElse(null);
            JsonNode page = Pages.fetch(limit, all, cursor -> api.request(Operation.LIST_JOBS).query("workspace", inWorkspace).query("name", name)
                    .query("cursor", cursor.orElse(null)));
            printer().many(page, JobLayouts.LIST, "id");
            return ExitCode.SUCCEEDED.code();
        }
    }

    @Command(name = "get", description = "Shows a job at its current version, or at --job-version N.")
    static final class Get extends ApiCommand {

        @Mixin
        JobArgument job;

        @Option(names = "--job-version", paramLabel = "N", description = "Show this version as it was saved.")
        Integer version;

        @Override
        public Integer call() {
            ApiClient api = api(job.workspace());
            String id = JobNames.id(api, job.job());
            if (version == null) {
                printer().one(api.request(Operation.GET_JOB).path("jobId", id).call(), JobLayouts.DETAILS, "id");
            } else {
                printer().one(api.request(Operation.GET_JOB_VERSION).path("jobId", id).path("version", version.toString()).call(), JobLayouts.VERSION,
                        "version");
            }
            return ExitCode.SUCCEEDED.code();
        }
    }

    @Command(name = "delete", description = "Deletes a job and its schedules; refused while any of its runs has not ended. Its runs stay.")
    static final class Delete extends ApiCommand {

        @Mixin
        JobArgument job;

        @Override
        public Integer call() {
            ApiClient api = api(job.workspace());
            String id = JobNames.id(api, job.job());
            api.request(Operation.DELETE_JOB).path("jobId", id).call();
            notice("deleted job " + id + " and its schedules; its runs stay");
            return ExitCode.SUCCEEDED.code();
        }
    }

    @Command(name = "versions", description = "Lists a job's versions, newest first.")
    static final class Versions extends ApiCommand {

        @Mixin
        JobArgument job;

        @Override
        public Integer call() {
            ApiClient api = api(job.workspace());
            String id = JobNames.id(api, job.job());
            printer().many(api.request(Operation.LIST_JOB_VERSIONS).path("jobId", id).call(), JobLayouts.VERSIONS, "version");
            return ExitCode.SUCCEEDED.code();
        }
    }

    @Command(name = "runs", description = "Lists a job's runs, newest first, whether 'jobs run' or a schedule started them.")
    static final class Runs extends ApiCommand {

        @Mixin
        JobArgument job;

        @Option(names = "--state", paramLabel = "STATE", split = ",", description = "Only runs in these states (QUEUED, RUNNING, FAILED, ...); repeatable.")
        List<String> states = new ArrayList<>();

        @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most this many runs (default 50), fetched a page at a time.")
        int limit;

        @Option(names = "--all", description = "Every run that matches, however many.")
        boolean all;

        @Override
        public Integer call() {
            ApiClient api = api(job.workspace());
            String id = JobNames.id(api, job.job());
            JsonNode page = Pages.fetch(limit, all, cursor -> {
                ApiRequest request = api.request(Operation.LIST_JOB_RUNS).path("jobId", id).query("cursor", cursor.orElse(null));
                states.forEach(state -> request.query("state", state.toUpperCase(Locale.ROOT)));
                return request;
            });
            printer().many(page, JobLayouts.RUNS, "id");
            return ExitCode.SUCCEEDED.code();
        }
    }
}
