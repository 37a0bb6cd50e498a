package io.sparkplane.cli.schedules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.cli.ExitCode;
import io.sparkplane.cli.api.ApiClient;
import io.sparkplane.cli.api.Operation;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sparkplane schedules update SCHEDULE_ID}: changes when a schedule fires or what its runs are given; the rest stays. */
@Command(name = "update", sortOptions = false, usageHelpAutoWidth = true,
        description = {"Changes a schedule: the options given replace its fields, the rest stays (--cron replaces an --interval and the other"
                + " way round). Fire times from now on follow it. Its job cannot change, nor whether it is paused ('schedules pause', 'resume').",
                "  sparkplane schedules update SCHEDULE_ID --cron '0 3 * * 1-5' --remove-param region"})
public final class UpdateScheduleCommand extends ScheduleDefinitionOptions {

    @Parameters(paramLabel = "SCHEDULE_ID")
    String id;

    @Option(names = "--remove-param", paramLabel = "NAME", description = "Take this parameter's value out, so its runs get the job's default; repeatable.")
    List<String> removed = new ArrayList<>();

    @Override
    public Integer call() {
        ScheduleOptions options = options(removed, false);
        ApiClient api = api();
        JsonNode current = api.request(Operation.GET_SCHEDULE).path("scheduleId", id).call();
        ObjectNode body = ScheduleRequestBuilder.update(current, options);
        JsonNode schedule = api.request(Operation.UPDATE_SCHEDULE).path("scheduleId", id).json(body).call();
        notice("changed schedule " + id);
        printer().one(schedule, ScheduleLayouts.DETAILS, "id");
        return ExitCode.SUCCEEDED.code();
    }
}
