package io.sparkplane.cli.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.cli.ApiCommand;
import io.sparkplane.cli.CommandGroup;
import io.sparkplane.cli.Durations;
import io.sparkplane.cli.ExitCode;
import io.sparkplane.cli.FieldHints;
import io.sparkplane.cli.api.Operation;
import io.sparkplane.cli.output.Column;
import io.sparkplane.cli.output.OutputFormat;
import io.sparkplane.cli.output.TableLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sparkplane tokens ...}: API tokens with a role in some workspaces. */
@Command(name = "tokens", description = "Create, list, show and revoke API tokens.",
        subcommands = {TokensCommand.Create.class, TokensCommand.ListTokens.class, TokensCommand.Get.class, TokensCommand.Revoke.class})
public final class TokensCommand extends CommandGroup {

    public static final TableLayout LIST = new TableLayout("Token", List.of(
            Column.field("ID", "id"),
            Column.field("NAME", "name"),
            Column.field("ROLE", "role"),
            Column.list("WORKSPACES", "workspaces"),
            Column.field("PREFIX", "prefix"),
            Column.time("LAST-USED", "lastUsedAt"),
            Column.time("EXPIRES", "expiresAt")));

    public static final TableLayout DETAILS = new TableLayout("Token", List.of(
            Column.field("ID", "id"),
            Column.field("Name", "name"),
            Column.field("Description", "description"),
            Column.field("Role", "role"),
            Column.list("Workspaces", "workspaces"),
            Column.field("Prefix", "prefix"),
            Column.time("Created", "createdAt"),
            Column.time("Last used", "lastUsedAt"),
            Column.time("Expires", "expiresAt")));

    public static final TableLayout CREATED = new TableLayout("CreatedToken", List.of(
            Column.field("ID", "id"),
            Column.field("Name", "name"),
            Column.field("Role", "role"),
            Column.list("Workspaces", "workspaces"),
            Column.time("Expires", "expiresAt"),
            Column.field("Secret", "secret")));

    public static final List<TableLayout> ALL = List.of(LIST, DETAILS, CREATED);


    @Command(name = "create", description = {"Creates a token (admins) and prints its secret, shown this once."
            + " With --quiet it prints only the secret, for a pipeline: SPARKPLANE_TOKEN=$(sparkplane tokens create ... -q)."})
    static final class Create extends ApiCommand implements FieldHints {
        @Option(names = "--name", required = true, description = "What the token is for.")
        String name;

        @Option(names = "--role", required = true, description = "admin, editor (submit, cancel, upload, read) or viewer (read).")
        String role;

        @Option(names = {"-w", "--workspace"}, paramLabel = "ID", split = ",", description = "A workspace it acts in (editor and viewer); repeatable.")
        List<String> workspaces = new ArrayList<>();

        @Option(names = "--expires-in", paramLabel = "DURATION", description = "Such as 30d (default: never).")
        String expiresIn;

        @Option(names = "--description", paramLabel = "TEXT")
        String description;

        @Override
        public Integer call() {
            JsonNode created = api().request(Operation.CREATE_TOKEN).json(body()).call();
            if (top().quiet()) {
                // the secret is all a pipeline needs, and it is never shown again
                context().out().println(created.path("secret").asText());
                context().out().flush();
            } else {
                printer().one(created, CREATED, "id");
                if (printer().format() == OutputFormat.table) {
                    err().println("Keep the secret now: it is not shown again.");
                }
            }
            return ExitCode.SUCCEEDED.code();
        }

        /** The request body of POST /api/v1/tokens these options make. */
        ObjectNode body() {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            body.put("name", name);
            body.put("role", role);
            if (!workspaces.isEmpty()) {
                workspaces.forEach(body.putArray("workspaces")::add);
            }
            if (expiresIn != null) {
                body.put("expiresInSeconds", Durations.parse(expiresIn, "--expires-in").toSeconds());
            }
            if (description != null) {
                body.put("description", description);
            }
            return body;
        }

        private static final Map<String, String> OPTIONS = Map.of("name", "--name", "role", "--role", "workspaces", "--workspace",
                "expiresInSeconds", "--expires-in", "description", "--description");

        @Override
        public Optional<String> optionFor(String field) {
            return FieldHints.longestPrefix(OPTIONS, field);
        }
    }

    @Command(name = "list", description = "Lists live tokens (all of them for an admin, else only the token itself).")
    static final class ListTokens extends ApiCommand {
        @Override
        public Integer call() {
            printer().many(api().request(Operation.LIST_TOKENS).call(), LIST, "id");
            return ExitCode.SUCCEEDED.code();
        }
    }

    @Command(name = "get", description = "Shows a token, without its secret.")
    static final class Get extends ApiCommand {
        @Parameters(paramLabel = "TOKEN_ID")
        String id;

        @Override
        public Integer call() {
            printer().one(api().request(Operation.GET_TOKEN).path("tokenId", id).call(), DETAILS, "id");
            return ExitCode.SUCCEEDED.code();
        }
    }

    @Command(name = "revoke", description = "Revokes a token at once (admins any, others only their own).")
    static final class Revoke extends ApiCommand {
        @Parameters(paramLabel = "TOKEN_ID")
        String id;

        @Override
        public Integer call() {
            api().request(Operation.REVOKE_TOKEN).path("tokenId", id).call();
            notice("revoked token " + id);
            return ExitCode.SUCCEEDED.code();
        }
    }
}
