package io.sparkplane.cli.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.api.contract.OpenApiContract;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each operation the CLI calls is in api-spec/openapi.yaml as the CLI calls it: the same method and
 * path under the same operationId, and every query parameter and header the CLI may send declared
 * there. A renamed path or parameter on the server fails here, not in a user's pipeline.
 */
class OperationsMatchTheContractTest {

    private static final JsonNode DOCUMENT = OpenApiContract.load().document();

    @ParameterizedTest
    @EnumSource(Operation.class)
    void isInTheContract(Operation operation) {
        JsonNode path = DOCUMENT.path("paths").path(operation.pathTemplate());
        assertThat(path.isObject()).as("path %s", operation.pathTemplate()).isTrue();
        JsonNode declared = path.path(operation.method().toLowerCase(Locale.ROOT));
        assertThat(declared.isObject()).as("%s %s", operation.method(), operation.pathTemplate()).isTrue();
        assertThat(declared.path("operationId").asText()).isEqualTo(operation.operationId());

        Set<String> query = new HashSet<>();
        Set<String> headers = new HashSet<>();
        for (JsonNode parameters : new JsonNode[] {path.path("parameters"), declared.path("parameters")}) {
            for (JsonNode parameter : parameters) {
                JsonNode resolved = resolve(parameter);
                switch (resolved.path("in").asText()) {
                    case "query" -> query.add(resolved.path("name").asText());
                    case "header" -> headers.add(resolved.path("name").asText());
                    default -> { }
                }
            }
        }
        assertThat(query).as("query parameters of %s", operation.operationId()).containsAll(operation.queryParameters());
        assertThat(headers).as("headers of %s", operation.operationId()).containsAll(operation.headers());
    }

    @ParameterizedTest
    @EnumSource(Operation.class)
    void fillsEveryPathParameter(Operation operation) {
        Map<String, String> values = Map.of("runId", "r/1", "sha256", "a", "workspaceId", "w", "tokenId", "t", "jobId", "j", "version", "2",
                "scheduleId", "s", "name", "p");
        String path = operation.path(values);
        assertThat(path).doesNotContain("{").startsWith("/api/v1/");
        if (operation.pathTemplate().contains("{runId}")) {
            assertThat(path).contains("r%2F1");
        }
    }

    static JsonNode resolve(JsonNode node) {
        if (!node.has("$ref")) {
            return node;
        }
        JsonNode target = DOCUMENT;
        for (String part : node.get("$ref").asText().substring(2).split("/")) {
            target = target.path(part);
        }
        return target;
    }
}
