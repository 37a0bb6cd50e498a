package io.sparkplane.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.api.contract.OpenApiContract;
import io.sparkplane.cli.artifacts.ArtifactLayouts;
import io.sparkplane.cli.jobs.JobLayouts;
import io.sparkplane.cli.pools.WarmPoolsCommand;
import io.sparkplane.cli.runs.RunLayouts;
import io.sparkplane.cli.schedules.ScheduleLayouts;
import io.sparkplane.cli.tokens.TokensCommand;
import io.sparkplane.cli.workspaces.WorkspacesCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every field a table reads is a property of the schema it shows, so a table never shows '-' for a field renamed on the server. */
class LayoutsMatchTheContractTest {

    private static final JsonNode SCHEMAS = OpenApiContract.load().document().path("components").path("schemas");

    static Stream<TableLayout> layouts() {
        List<TableLayout> all = new ArrayList<>();
        all.addAll(RunLayouts.ALL);
        all.addAll(ArtifactLayouts.ALL);
        all.addAll(WorkspacesCommand.ALL);
        all.addAll(TokensCommand.ALL);
        all.addAll(JobLayouts.ALL);
        all.addAll(ScheduleLayouts.ALL);
        all.addAll(WarmPoolsCommand.ALL);
        return all.stream();
    }

    @ParameterizedTest
    @MethodSource("layouts")
    void readsOnlyFieldsOfItsSchema(TableLayout layout) {
        JsonNode schema = SCHEMAS.path(layout.schema());
        assertThat(schema.isObject()).as(layout.schema()).isTrue();
        for (Column column : layout.columns()) {
            for (String field : column.fields()) {
                assertThat(property(schema, field.split("\\."), 0)).as("%s.%s (column %s)", layout.schema(), field, column.header()).isTrue();
            }
        }
    }

    private static boolean property(JsonNode schema, String[] path, int index) {
        JsonNode resolved = resolve(schema);
        if (index == path.length) {
            return true;
        }
        JsonNode property = resolved.path("properties").path(path[index]);
        if (!property.isMissingNode()) {
            return property(property, path, index + 1);
        }
        for (String combinator : List.of("oneOf", "anyOf", "allOf")) {
            for (JsonNode option : resolved.path(combinator)) {
                if (property(option, path, index)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static JsonNode resolve(JsonNode node) {
        if (!node.has("$ref")) {
            return node;
        }
        return SCHEMAS.path(node.get("$ref").asText().substring("#/components/schemas/".length()));
    }
}
