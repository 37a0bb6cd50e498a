package io.sparkplane.cli.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.cli.ApiCommand;
import io.sparkplane.cli.CommandGroup;
import io.sparkplane.cli.ExitCode;
import io.sparkplane.cli.api.ApiClient;
import io.sparkplane.cli.api.ApiException;
import io.sparkplane.cli.api.ApiRequest;
import io.sparkplane.cli.api.Operation;
import io.sparkplane.cli.api.Pages;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sparkplane runs ...}: submit, follow, inspect and cancel runs. */
@Command(name = "runs", description = "Submit, follow, list, inspect and cancel runs.",
        subcommands = {SubmitCommand.class, RunsCommand.Get.class, RunsCommand.ListRuns.class, RunsCommand.Cancel.class, WaitCommand.class,
                LogsCommand.class, RunsCommand.Events.class})
public final class RunsCommand extends CommandGroup {


    @Command(name = "get", description = "Shows a run: its state, reason, message, attempts and times.")
    static final class Get extends ApiCommand {

        @Parameters(paramLabel = "RUN_ID")
        String runId;

        @Override
        public Integer call() {
            printer().one(api().request(Operation.GET_RUN).path("runId", runId).call(), RunLayouts.DETAILS, "id");
            return ExitCode.SUCCEEDED.code();
        }
    }

    @Command(name = "list", description = "Lists runs, newest first.")
    static final class ListRuns extends ApiCommand {

        @Option(names = {"-w", "--workspace"}, paramLabel = "ID",
                description = "Only this workspace's runs (default: SPARKPLANE_WORKSPACE or the profile's, else every workspace the token sees).")
        String workspace;

        @Option(names = {"-A", "--all-workspaces"}, description = "The runs of every workspace the token sees, whatever the default workspace.")
        boolean allWorkspaces;

        @Option(names = "--state", paramLabel = "STATE", split = ",", description = "Only runs in these states (QUEUED, RUNNING, FAILED, ...); repeatable.")
        List<String> states = new ArrayList<>();

        @Option(names = "--label", paramLabel = "KEY=VALUE", description = "Only runs carrying this label; repeatable.")
        List<String> labels = new ArrayList<>();

        @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most this many runs (default 50), fetched a page at a time.")
        int limit;

        @Option(names = "--all", description = "Every run that matches, however many.")
        boolean all;

        @Override
        public Integer call() {
            ApiClient api = api(Optional.ofNullable(workspace));
            String inWorkspace = allWorkspaces ? null : api.connection().workspace().orElse(null);
            JsonNode page = Pages.fetch(limit, all, cursor -> {
                ApiRequest request = api.request(Operation.LIST_RUNS).query("workspace", inWorkspace).query("cursor", cursor.orElse(null));
                states.forEach(state -> request.query("state", state.toUpperCase(java.util.Locale.ROOT)));
                labels.forEach(label -> request.query("label", label));
                return request;
            });
            printer().many(page, RunLayouts.LIST, "id");
            return ExitCode.SUCCEEDED.code();
        }
    }

    @Command(name = "cancel", description = "Cancels a run (a run that has ended already is left as it is). With --wait, waits for it to stop"
            + " and exits 3 once it is CANCELLED.")
    static final class Cancel extends ApiCommand {

        @Parameters(paramLabel = "RUN_ID")
        String runId;

        @Option(names = "--wait", description = "Wait until the run has stopped; exit with how it ended.")
        boolean waitForEnd;

        @Override
        public Integer call() {
            ApiClient api = api();
            JsonNode run;
            try {
                run = api.request(Operation.CANCEL_RUN).path("runId", runId).call();
            } catch (ApiException e) {
                if (e.status() != 409) {
                    throw e;
                }
                // it had ended already: nothing to cancel; a wait for it exits as it ended
                run = api.request(Operation.GET_RUN).path("runId", runId).call();
                err().println("sparkplane: run " + runId + " had ended already: " + RunOutcome.of(run).summary());
                printer().one(run, RunLayouts.DETAILS, "id");
                return waitForEnd ? RunOutcome.of(run).exitCode().code() : ExitCode.SUCCEEDED.code();
            }
            notice("cancel requested for run " + runId + "; it is " + run.path("state").asText());
            if (!waitForEnd) {
                printer().one(run, RunLayouts.DETAILS, "id");
                return ExitCode.SUCCEEDED.code();
            }
            return RunEnd.await(api, printer(), err(), runId, false, Optional.empty(),
                    RunEnd.Interrupts.detach("the cancel was requested already; the run stops on its own"));
        }
    }

    @Command(name = "events", description = "Lists a run's events, oldest first: state changes, failed attempts, retries, resizes.")
    static final class Events extends ApiCommand {

        @Parameters(paramLabel = "RUN_ID")
        String runId;

        @Override
        public Integer call() {
            ApiClient api = api();
            ArrayNode items = JsonNodeFactory.instance.arrayNode();
            long after = 0;
            while (true) {
                JsonNode page = api.request(Operation.LIST_RUN_EVENTS).path("runId", runId).query("after", after).query("limit", 1000).call();
                page.path("items").forEach(items::add);
                if (page.path("items").size() < 1000) {
                    break;
                }
                after = items.get(items.size() - 1).path("id").asLong();
            }
            ObjectNode all = JsonNodeFactory.instance.objectNode();
            all.set("items", items);
            printer().many(all, RunLayouts.EVENTS, "id");
            return ExitCode.SUCCEEDED.code();
        }
    }
}
