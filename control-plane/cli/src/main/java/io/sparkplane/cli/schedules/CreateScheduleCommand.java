package io.sparkplane.cli.schedules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.cli.ExitCode;
import io.sparkplane.cli.api.ApiClient;
import io.sparkplane.cli.api.Operation;
import io.sparkplane.cli.jobs.JobNames;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sparkplane schedules create --job JOB}: starts a run of the job at each fire time (as {@code gcloud scheduler jobs create}). */
@Command(name = "create", sortOptions = false, usageHelpAutoWidth = true,
        description = {"Schedules a job: a run of its current version at each fire time of --cron (read in --time-zone) or every --interval.",
                "  sparkplane schedules create --job etl --cron '30 2 * * *' --time-zone UTC",
                "  sparkplane schedules create --job etl --interval 15m --param region=emea"})
public final class CreateScheduleCommand extends ScheduleDefinitionOptions {

    @Option(names = "--job", required = true, paramLabel = "JOB", description = "The job's id, or its name.")
    String job;

    @Option(names = {"-w", "--workspace"}, paramLabel = "ID",
            description = "The workspace to look --job's name up in (default: SPARKPLANE_WORKSPACE or the profile's, else every workspace the token sees).")
    String workspace;

    @Option(names = "--paused", description = "Make it paused: it fires once resumed ('schedules resume').")
    boolean paused;

    @Override
    public Integer call() {
        ApiClient api = api(Optional.ofNullable(workspace));
        ObjectNode body = ScheduleRequestBuilder.create(options(List.of(), paused), () -> JobNames.id(api, job));
        JsonNode schedule = api.request(Operation.CREATE_SCHEDULE).json(body).call();
        notice("created schedule " + schedule.path("id").asText() + " of job " + schedule.path("job").asText() + " in workspace "
                + schedule.path("workspace").asText() + (schedule.path("paused").asBoolean() ? ", paused" : ""));
        printer().one(schedule, ScheduleLayouts.DETAILS, "id");
        return ExitCode.SUCCEEDED.code();
    }
}
