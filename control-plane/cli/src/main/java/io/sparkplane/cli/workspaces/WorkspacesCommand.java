package io.sparkplane.cli.workspaces;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.cli.ApiCommand;
import io.sparkplane.cli.CommandGroup;
import io.sparkplane.cli.CliException;
import io.sparkplane.cli.ExitCode;
import io.sparkplane.cli.FieldHints;
import io.sparkplane.cli.api.Operation;
import io.sparkplane.cli.output.Column;
import io.sparkplane.cli.output.TableLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sparkplane workspaces ...}: tenancy, with each workspace's staging, schemes, quotas and usage. */
@Command(name = "workspaces", description = "List, show, create, change and delete workspaces.",
        subcommands = {WorkspacesCommand.ListWorkspaces.class, WorkspacesCommand.Get.class, WorkspacesCommand.Create.class,
                WorkspacesCommand.Update.class, WorkspacesCommand.Delete.class})
public final class WorkspacesCommand extends CommandGroup {

    public static final TableLayout LIST = new TableLayout("Workspace", List.of(
            Column.field("ID", "id"),
            Column.field("NAME", "displayName"),
            Column.field("BACKEND", "defaultBackend"),
            Column.field("QUEUED", "usage.queuedRuns"),
            Column.field("ACTIVE", "usage.activeRuns"),
            Column.field("MAX-ACTIVE", "quotas.maxActiveRuns"),
            Column.field("MAX-QUEUED", "quotas.maxQueuedRuns"),
            Column.field("STAGING", "stagingLocation")));

    public static final TableLayout DETAILS = new TableLayout("Workspace", List.of(
            Column.field("ID", "id"),
            Column.field("Name", "displayName"),
            Column.field("Staging", "stagingLocation"),
            Column.list("Schemes", "allowedSchemes"),
            Column.field("Store profile", "storeProfile"),
            Column.field("Default backend", "defaultBackend"),
            Column.field("Max active runs", "quotas.maxActiveRuns"),
            Column.field("Max queued runs", "quotas.maxQueuedRuns"),
            Column.field("Max executors", "quotas.maxExecutors"),
            Column.field("Queued runs", "usage.queuedRuns"),
            Column.field("Active runs", "usage.activeRuns"),
            Column.field("Executors", "usage.executors"),
            Column.time("Created", "createdAt")));

    public static final List<TableLayout> ALL = List.of(LIST, DETAILS);


    @Command(name = "list", description = "Lists the workspaces the token sees.")
    static final class ListWorkspaces extends ApiCommand {
        @Override
        public Integer call() {
            printer().many(api().request(Operation.LIST_WORKSPACES).call(), LIST, "id");
            return ExitCode.SUCCEEDED.code();
        }
    }

    @Command(name = "get", description = "Shows a workspace with its settings, quotas and usage.")
    static final class Get extends ApiCommand {
        @Parameters(paramLabel = "WORKSPACE_ID")
        String id;

        @Override
        public Integer call() {
            printer().one(api().request(Operation.GET_WORKSPACE).path("workspaceId", id).call(), DETAILS, "id");
            return ExitCode.SUCCEEDED.code();
        }
    }

    /** The options create and update share: a quota of {@code none} clears it. */
    abstract static class Changeable extends ApiCommand implements FieldHints {
        @Option(names = "--display-name", paramLabel = "NAME", description = "What people call it; 'none' clears it.")
        String displayName;

        @Option(names = "--default-backend", paramLabel = "PROFILE", description = "The engine profile of its runs that name none; 'none' clears it.")
        String defaultBackend;

        @Option(names = "--max-active-runs", paramLabel = "N", description = "Runs provisioning or running at once; 'none' for no limit.")
        String maxActiveRuns;

        @Option(names = "--max-queued-runs", paramLabel = "N", description = "Runs waiting at once; 'none' for no limit.")
        String maxQueuedRuns;

        @Option(names = "--max-executors", paramLabel = "N", description = "Executors over its going runs; 'none' for no limit.")
        String maxExecutors;

        void changes(ObjectNode body) {
            text(body, "displayName", displayName);
            text(body, "defaultBackend", defaultBackend);
            if (maxActiveRuns != null || maxQueuedRuns != null || maxExecutors != null) {
                ObjectNode quotas = body.putObject("quotas");
                quota(quotas, "maxActiveRuns", maxActiveRuns, "--max-active-runs");
                quota(quotas, "maxQueuedRuns", maxQueuedRuns, "--max-queued-runs");
                quota(quotas, "maxExecutors", maxExecutors, "--max-executors");
            }
        }

        private static void text(ObjectNode body, String field, String value) {
            if (value == null) {
                return;
            }
            if (value.equals("none")) {
                body.putNull(field);
            } else {
                body.put(field, value);
            }
        }

        private static void quota(ObjectNode quotas, String field, String value, String option) {
            if (value == null) {
                return;
            }
            if (value.equals("none")) {
                quotas.putNull(field);
                return;
            }
            try {
                quotas.put(field, Integer.parseInt(value));
            } catch (NumberFormatException e) {
                throw CliException.usage(option + ": '" + value + "' is neither a number nor 'none'");
            }
        }

        private static final Map<String, String> OPTIONS = Map.of("id", "WORKSPACE_ID", "displayName", "--display-name",
                "defaultBackend", "--default-backend", "quotas.maxActiveRuns", "--max-active-runs", "quotas.maxQueuedRuns", "--max-queued-runs",
                "quotas.maxExecutors", "--max-executors", "stagingLocation", "--staging-location", "allowedSchemes", "--allowed-schemes",
                "storeProfile", "--store-profile");

        @Override
        public Optional<String> optionFor(String field) {
            return FieldHints.longestPrefix(OPTIONS, field);
        }
    }

    @Command(name = "create", description = "Creates a workspace (admins). Its staging location, schemes and store profile are fixed from then on.")
    static final class Create extends Changeable {
        @Parameters(paramLabel = "WORKSPACE_ID", description = "A DNS label: lower-case letters, digits and dashes.")
        String id;

        @Option(names = "--staging-location", paramLabel = "URI", description = "Where its artifacts, logs and outputs go (default: the control plane's).")
        String stagingLocation;

        @Option(names = "--allowed-schemes", paramLabel = "SCHEMES", split = ",", description = "URI schemes its runs may name, such as s3,https.")
        List<String> allowedSchemes = new ArrayList<>();

        @Option(names = "--store-profile", paramLabel = "NAME", description = "The control plane's store settings it uses (default: 'default').")
        String storeProfile;

        @Override
        public Integer call() {
            printer().one(api().request(Operation.CREATE_WORKSPACE).json(body()).call(), DETAILS, "id");
            return ExitCode.SUCCEEDED.code();
        }

        /** The request body of POST /api/v1/workspaces these options make. */
        ObjectNode body() {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("id", id);
            if (stagingLocation != null) {
                body.put("stagingLocation", stagingLocation);
            }
            if (!allowedSchemes.isEmpty()) {
                allowedSchemes.forEach(body.putArray("allowedSchemes")::add);
            }
            if (storeProfile != null) {
                body.put("storeProfile", storeProfile);
            }
            changes(body);
            return body;
        }
    }

    @Command(name = "update", description = "Changes a workspace's name, default engine profile or quotas (admins).")
    static final class Update extends Changeable {
        @Parameters(paramLabel = "WORKSPACE_ID")
        String id;

        @Override
        public Integer call() {
            printer().one(api().request(Operation.UPDATE_WORKSPACE).path("workspaceId", id).json(body(), "application/merge-patch+json").call(),
                    DETAILS, "id");
            return ExitCode.SUCCEEDED.code();
        }

        /** The merge patch these options make. */
        ObjectNode body() {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            changes(body);
            if (body.isEmpty()) {
                throw CliException.usage("nothing to change: give --display-name, --default-backend or a quota");
            }
            return body;
        }
    }

    @Command(name = "delete", description = "Deletes a workspace (admins); refused while it has queued or running runs.")
    static final class Delete extends ApiCommand {
        @Parameters(paramLabel = "WORKSPACE_ID")
        String id;

        @Override
        public Integer call() {
            api().request(Operation.DELETE_WORKSPACE).path("workspaceId", id).call();
            notice("deleted workspace " + id);
            return ExitCode.SUCCEEDED.code();
        }
    }
}
