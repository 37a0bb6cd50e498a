package io.sparkplane.cli.schedules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.cli.ApiCommand;
import io.sparkplane.cli.CommandGroup;
import io.sparkplane.cli.ExitCode;
import io.sparkplane.cli.api.ApiClient;
import io.sparkplane.cli.api.Operation;
import io.sparkplane.cli.api.Pages;
import io.sparkplane.cli.jobs.JobNames;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sparkplane schedules ...}: runs of saved jobs at cron times or intervals. */
@Command(name = "schedules", description = "Schedule jobs by cron expression or interval; list, show, change, pause, resume and delete schedules.",
        subcommands = {CreateScheduleCommand.class, SchedulesCommand.ListSchedules.class, SchedulesCommand.Get.class, UpdateScheduleCommand.class,
                SchedulesCommand.Pause.class, SchedulesCommand.Resume.class, SchedulesCommand.Delete.class, SchedulesCommand.Events.class})
public final class SchedulesCommand extends CommandGroup {

    @Command(name = "list", description = "Lists schedules, newest first, with their next fire time.")
    static final class ListSchedules extends ApiCommand {

        @Option(names = {"-w", "--workspace"}, paramLabel = "ID",
                description = "Only this workspace's schedules (default: SPARKPLANE_WORKSPACE or the profile's, else every workspace the token sees).")
        String workspace;

        @Option(names = {"-A", "--all-workspaces"}, description = "The schedules of every workspace the token sees, whatever the default workspace.")
        boolean allWorkspaces;

        @Option(names = "--job", paramLabel = "JOB", description = "Only the schedules of this job (its id, or its name).")
        String job;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most this many schedules (default 50), fetched a page at a time.")
        int limit;

        @Option(names = "--all", description = "Every schedule that matches, however many.")
        boolean all;

        @Override
        public Integer call() {
            ApiClient api = api(Optional.ofNullable(workspace));
            String inWorkspace = allWorkspaces ? null : api.connection().workspace().orElse(null);
            String jobId = job == null ? null : JobNames.id(api, job);
            JsonNode page = Pages.fetch(limit, all, cursor -> api.request(Operation.LIST_SCHEDULES).query("workspace", inWorkspace).query("job", jobId)
                    .query("cursor", cursor.orElse(null)));
            printer().many(page, ScheduleLayouts.LIST, "id");
            return ExitCode.SUCCEEDED.code();
        }
    }

    @Command(name = "get", description = "Shows a schedule with its next fire times.")
    static final class Get extends ApiCommand {

        @Parameters(paramLabel = "SCHEDULE_ID")
        String id;

        @Override
        public Integer call() {
            printer().one(api().request(Operation.GET_SCHEDULE).path("scheduleId", id).call(), ScheduleLayouts.DETAILS, "id");
            return ExitCode.SUCCEEDED.code();
        }
    }

    @Command(name = "pause", description = "Pauses a schedule: no fire time starts a run until it is resumed, nor is made up after.")
    static final class Pause extends ApiCommand {

        @Parameters(paramLabel = "SCHEDULE_ID")
        String id;

        @Override
        public Integer call() {
            JsonNode schedule = api().request(Operation.PAUSE_SCHEDULE).path("scheduleId", id).call();
            notice("paused schedule " + id);
            printer().one(schedule, ScheduleLayouts.DETAILS, "id");
            return ExitCode.SUCCEEDED.code();
        }
    }

    @Command(name = "resume", description = "Resumes a schedule: it fires again from its next fire time after now.")
    static final class Resume extends ApiCommand {

        @Parameters(paramLabel = "SCHEDULE_ID")
        String id;

        @Override
        public Integer call() {
            JsonNode schedule = api().request(Operation.RESUME_SCHEDULE).path("scheduleId", id).call();
            notice("resumed schedule " + id);
            printer().one(schedule, ScheduleLayouts.DETAILS, "id");
            return ExitCode.SUCCEEDED.code();
        }
    }

    @Command(name = "delete", description = "Deletes a schedule: no more fire times; the runs it started stay.")
    static final class Delete extends ApiCommand {

        @Parameters(paramLabel = "SCHEDULE_ID")
        String id;

        @Override
        public Integer call() {
            api().request(Operation.DELETE_SCHEDULE).path("scheduleId", id).call();
            notice("deleted schedule " + id);
            return ExitCode.SUCCEEDED.code();
        }
    }

    @Command(name = "events", description = "Lists a schedule's events, oldest first: each fire time FIRED (with its run), SKIPPED, FAILED or MISSED,"
            + " and its changes.")
    static final class Events extends ApiCommand {

        private static final int PAGE = 1000;

        @Parameters(paramLabel = "SCHEDULE_ID")
        String id;

        @Override
        public Integer call() {
            ApiClient api = api();
            ArrayNode items = JsonNodeFactory.instance.arrayNode();
            long after = 0;
            while (true) {
                JsonNode page = api.request(Operation.LIST_SCHEDULE_EVENTS).path("scheduleId", id).query("after", after).query("limit", PAGE).call();
                page.path("items").forEach(items::add);
                if (page.path("items").size() < PAGE) {
                    break;
                }
                after = items.get(items.size() - 1).path("id").asLong();
            }
            ObjectNode all = JsonNodeFactory.instance.objectNode();
            all.set("items", items);
            printer().many(all, ScheduleLayouts.EVENTS, "id");
            return ExitCode.SUCCEEDED.code();
        }
    }
}
