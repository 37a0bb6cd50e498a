package io.sparkplane.cli.pools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.cli.ApiCommand;
import io.sparkplane.cli.CommandGroup;
import io.sparkplane.cli.ExitCode;
import io.sparkplane.cli.FieldHints;
import io.sparkplane.cli.api.Operation;
import io.sparkplane.cli.output.Column;
import io.sparkplane.cli.output.TableLayout;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sparkplane warm-pools ...}: engine clusters of a workspace and profile started before their runs (docs/warm-pools.md). */
@Command(name = "warm-pools", description = "Make, list, show, change and delete warm pools: engine clusters started before their runs.",
        subcommands = {WarmPoolsCommand.Create.class, WarmPoolsCommand.ListPools.class, WarmPoolsCommand.Get.class,
                WarmPoolsCommand.Update.class, WarmPoolsCommand.Delete.class})
public final class WarmPoolsCommand extends CommandGroup {

    public static final TableLayout LIST = new TableLayout("WarmPool", List.of(
            Column.field("NAME", "name"),
            Column.field("WORKSPACE", "workspace"),
            Column.field("PROFILE", "profile"),
            Column.field("SIZE", "size"),
            Column.field("READY", "status.ready"),
            Column.field("STARTING", "status.starting"),
            Column.field("HITS", "status.hits"),
            Column.field("MISSES", "status.misses"),
            Column.field("IDLE-TTL", "idleTtl"),
            Column.field("SOURCE", "source")));

    public static final TableLayout DETAILS = new TableLayout("WarmPool", List.of(
            Column.field("Name", "name"),
            Column.field("Workspace", "workspace"),
            Column.field("Profile", "profile"),
            Column.field("Size", "size"),
            Column.field("Idle TTL", "idleTtl"),
            Column.field("Workers", "workers"),
            Column.field("Driver cores", "resources.driver.cores"),
            Column.field("Driver memory", "resources.driver.memory"),
            Column.field("Executor cores", "resources.executor.cores"),
            Column.field("Executor memory", "resources.executor.memory"),
            Column.field("Source", "source"),
            Column.field("Ready", "status.ready"),
            Column.field("Starting", "status.starting"),
            Column.field("Hits", "status.hits"),
            Column.field("Misses", "status.misses"),
            Column.time("Last demand", "status.lastDemandAt")));

    public static final List<TableLayout> ALL = List.of(LIST, DETAILS);

    /** The pool's settings as options; each one given replaces that setting, the rest keep theirs (or the server's defaults). */
    abstract static class Settings extends ApiCommand implements FieldHints {
        @Option(names = {"-w", "--workspace"}, paramLabel = "ID", description = "The workspace whose runs its clusters serve.")
        String workspace;

        // --backend, as runs submit names the engine profile: --profile is the CLI's connection profile
        @Option(names = "--backend", paramLabel = "PROFILE", description = "The engine profile its clusters start on (local, kubernetes).")
        String profile;

        @Option(names = "--size", paramLabel = "N", description = "Warm clusters kept ready (default 1).")
        Integer size;

        @Option(names = "--idle-ttl", paramLabel = "DURATION", description = "ISO-8601, e.g. PT30M (the default): with no run for this long it stops its clusters.")
        String idleTtl;

        @Option(names = "--workers", paramLabel = "N", description = "Workers each warm cluster starts with (default 1).")
        Integer workers;

        @Option(names = "--driver-cores", paramLabel = "N")
        Integer driverCores;

        @Option(names = "--driver-memory", paramLabel = "SIZE", description = "Such as 1g (the default).")
        String driverMemory;

        @Option(names = "--executor-cores", paramLabel = "N")
        Integer executorCores;

        @Option(names = "--executor-memory", paramLabel = "SIZE", description = "Such as 1g (the default).")
        String executorMemory;

        /** {@code given} with every option that was set put over it: the body of POST or PUT /api/v1/warm-pools. */
        ObjectNode body(ObjectNode given) {
            ObjectNode body = given.deepCopy();
            putIfSet(body, "workspace", workspace);
            putIfSet(body, "profile", profile);
            if (size != null) {
                body.put("size", size);
            }
            putIfSet(body, "idleTtl", idleTtl);
            if (workers != null) {
                body.put("workers", workers);
            }
            shape(body, "driver", driverCores, driverMemory);
            shape(body, "executor", executorCores, executorMemory);
            return body;
        }

        private static void shape(ObjectNode body, String role, Integer cores, String memory) {
            if (cores == null && memory == null) {
                return;
            }
            ObjectNode resources = body.has("resources") ? (ObjectNode) body.get("resources") : body.putObject("resources");
            ObjectNode shape = resources.has(role) ? (ObjectNode) resources.get(role) : resources.putObject(role);
            if (cores != null) {
                shape.put("cores", cores);
            }
            putIfSet(shape, "memory", memory);
        }

        private static void putIfSet(ObjectNode node, String field, String value) {
            if (value != null) {
                node.put(field, value);
            }
        }

        private static final Map<String, String> OPTIONS = Map.ofEntries(Map.entry("name", "NAME"), Map.entry("workspace", "--workspace"),
                Map.entry("profile", "--backend"), Map.entry("size", "--size"), Map.entry("idleTtl", "--idle-ttl"),
                Map.entry("workers", "--workers"), Map.entry("resources.driver.cores", "--driver-cores"),
                Map.entry("resources.driver.memory", "--driver-memory"), Map.entry("resources.executor.cores", "--executor-cores"),
                Map.entry("resources.executor.memory", "--executor-memory"));

        @Override
        public Optional<String> optionFor(String field) {
            return FieldHints.longestPrefix(OPTIONS, field);
        }
    }

    @Command(name = "create", description = "Makes a warm pool (admins): --workspace and --backend are needed, the rest have defaults.")
    static final class Create extends Settings {
        @Parameters(paramLabel = "NAME", description = "Lower-case letters, digits and dashes.")
        String name;

        ObjectNode body() {
            ObjectNode named = JsonNodeFactory.instance.objectNode();
            named.put("name", name);
            return body(named);
        }

        @Override
        public Integer call() {
            printer().one(api().request(Operation.CREATE_WARM_POOL).json(body()).call(), DETAILS, "name");
            return ExitCode.SUCCEEDED.code();
        }
    }

    @Command(name = "update", description = "Changes a warm pool made through the API (admins): the options given, the rest as they are."
            + " Its idle warm clusters are started again from the new settings.")
    static final class Update extends Settings {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            JsonNode current = api().request(Operation.GET_WARM_POOL).path("name", name).call();
            ObjectNode definition = JsonNodeFactory.instance.objectNode();
            // the request takes the definition only: what the pool holds now (status, source) is the server's
            for (String field : List.of("workspace", "profile", "size", "idleTtl", "workers", "resources")) {
                if (current.has(field)) {
                    definition.set(field, current.get(field));
                }
            }
            printer().one(api().request(Operation.UPDATE_WARM_POOL).path("name", name).json(body(definition)).call(), DETAILS, "name");
            return ExitCode.SUCCEEDED.code();
        }
    }

    @Command(name = "list", description = "Lists the warm pools of the workspaces you see, with what each holds now.")
    static final class ListPools extends ApiCommand {
        @Override
        public Integer call() {
            printer().many(api().request(Operation.LIST_WARM_POOLS).call(), LIST, "name");
            return ExitCode.SUCCEEDED.code();
        }
    }

    @Command(name = "get", description = "Shows a warm pool and what it holds now.")
    static final class Get extends ApiCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            printer().one(api().request(Operation.GET_WARM_POOL).path("name", name).call(), DETAILS, "name");
            return ExitCode.SUCCEEDED.code();
        }
    }

    @Command(name = "delete", description = "Deletes a warm pool made through the API (admins); its idle clusters stop within seconds.")
    static final class Delete extends ApiCommand {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            api().request(Operation.DELETE_WARM_POOL).path("name", name).call();
            notice("deleted warm pool " + name);
            return ExitCode.SUCCEEDED.code();
        }
    }
}
