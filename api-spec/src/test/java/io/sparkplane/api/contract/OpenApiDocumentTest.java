package io.sparkplane.api.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Pins the house rules of {@code openapi.yaml} itself: strict schemas, 3.1 nullability, no hostnames. */
class OpenApiDocumentTest {

    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private final OpenApiContract contract = OpenApiContract.load();
    private final JsonNode document = contract.document();

    @Test
    void isTheSparkplaneApiOnOpenApi31() {
        assertThat(document.path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(document.path("info").path("title").asText()).isEqualTo("Sparkplane API");
        assertThat(document.path("info").path("version").asText()).isEqualTo("1.0.0");
        assertThat(document.path("servers")).hasSize(1);
        assertThat(document.path("servers").path(0).path("url").asText()).isEqualTo("/");
    }

    @Test
    void everySchemaCompiles() {
        assertThatCode(contract::compileAllSchemas).doesNotThrowAnyException();
    }

    @Test
    void operationsAreTheAgreedOnes() {
        List<String> operationIds = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
            if (HTTP_METHODS.contains(operation.getKey())) {
                operationIds.add(operation.getValue().path("operationId").asText());
            }
        }));
        assertThat(operationIds).containsExactlyInAnyOrder(
                "submitRun", "listRuns", "getRun", "cancelRun", "listRunEvents", "getRunLogs",
                "reportAttemptState", "heartbeat", "appendAttemptLog", "getRunCluster", "getRunMetrics",
                "uploadArtifact", "getArtifact", "listArtifacts", "downloadArtifact", "fetchAttemptInput", "uploadAttemptFile",
                "createWorkspace", "listWorkspaces", "getWorkspace", "updateWorkspace", "deleteWorkspace",
                "createToken", "listTokens", "getToken", "revokeToken", "listAuditRecords", "getVersion",
                "getIdentity", "getSignInOptions", "listStagedFiles", "readStagedFile",
                "createLivyBatch", "listLivyBatches", "getLivyBatch", "deleteLivyBatch", "getLivyBatchState", "getLivyBatchLog", "getLivyVersion",
                "createJob", "listJobs", "getJob", "updateJob", "deleteJob", "listJobVersions", "getJobVersion", "startJobRun", "listJobRuns",
                "createSchedule", "listSchedules", "getSchedule", "updateSchedule", "deleteSchedule", "pauseSchedule", "resumeSchedule",
                "listScheduleEvents", "listEngineProfiles", "createEngineProfile", "getEngineProfile", "updateEngineProfile",
                "deleteEngineProfile", "listWarmPools", "createWarmPool", "getWarmPool", "updateWarmPool", "deleteWarmPool");
    }

    @Test
    void internalOperationsNeedTheEngineTokenAndPublicOnesAnApiTokenButTheVersion() {
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
            if (!HTTP_METHODS.contains(operation.getKey())) {
                return;
            }
            JsonNode security = operation.getValue().path("security");
            if (path.getKey().startsWith("/internal/")) {
                assertThat(operation.getValue().path("tags").path(0).asText()).as(path.getKey()).isEqualTo("engine");
                assertThat(security.path(0).has("engineToken")).as(path.getKey()).isTrue();
                assertThat(operation.getValue().path("responses").has("401")).as(path.getKey()).isTrue();
            }
            else if (path.getKey().equals("/api/v1/version") || path.getKey().equals("/api/v1/sign-in")) {
                // open, like the health checks: clients show the version, and the console how to sign in, before they have a token
                assertThat(operation.getValue().path("tags").path(0).asText()).isEqualTo("service");
                assertThat(security.isArray() && security.isEmpty()).as(path.getKey()).isTrue();
            }
            else {
                assertThat(operation.getValue().path("tags").path(0).asText()).as(path.getKey()).isIn("runs", "jobs", "schedules", "engine-profiles", "warm-pools", "artifacts", "workspaces", "tokens", "audit", "service", "livy");
                // the document's own security, the API token, applies
                assertThat(security.isMissingNode()).as(path.getKey()).isTrue();
                assertThat(operation.getValue().path("responses").path("401").path("$ref").asText()).as(path.getKey())
                        .isEqualTo("#/components/responses/Unauthorized");
                assertThat(operation.getValue().path("responses").has("403")).as(path.getKey()).isTrue();
            }
        }));
    }

    @Test
    void theApiTokenIsTheDocumentsSecurity() {
        assertThat(document.path("security").path(0).has("apiToken")).isTrue();
        JsonNode scheme = document.path("components").path("securitySchemes").path("apiToken");
        assertThat(scheme.path("type").asText()).isEqualTo("http");
        assertThat(scheme.path("scheme").asText()).isEqualTo("bearer");
    }

    @Test
    void everyObjectSchemaDecidesOnAdditionalProperties() {
        List<String> open = new ArrayList<>();
        walk(document, "#", (pointer, node) -> {
            boolean isObjectSchema = node.has("properties") || typeIncludes(node, "object");
            boolean isCondition = pointer.endsWith("/if") || pointer.endsWith("/then") || pointer.endsWith("/else");
            if (isObjectSchema && !isCondition && !node.has("additionalProperties")) {
                open.add(pointer);
            }
        });
        assertThat(open).as("object schemas without additionalProperties").isEmpty();
    }

    @Test
    void nullabilityIsWrittenTheJsonSchemaWay() {
        List<String> found = new ArrayList<>();
        walk(document, "#", (pointer, node) -> {
            if (node.has("nullable")) {
                found.add(pointer);
            }
        });
        assertThat(found).as("schemas using OpenAPI 3.0 'nullable'").isEmpty();
    }

    @Test
    void noDefaultIsNull() {
        // SmallRye OpenAPI (which serves the document at /q/openapi) drops `default: null` when it loads a static file.
        List<String> found = new ArrayList<>();
        walk(document, "#", (pointer, node) -> {
            if (node.has("default") && node.get("default").isNull()) {
                found.add(pointer);
            }
        });
        assertThat(found).as("schemas with default: null (say it in the description instead)").isEmpty();
    }

    @Test
    void errorResponsesAreProblems() {
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
            if (!HTTP_METHODS.contains(operation.getKey())) {
                return;
            }
            operation.getValue().path("responses").fields().forEachRemaining(response -> {
                int status = Integer.parseInt(response.getKey());
                boolean logAck = path.getKey().endsWith("/log") && status == 409;
                if (status >= 400 && !logAck) {
                    String where = operation.getKey() + " " + path.getKey() + " " + status;
                    JsonNode resolved = resolve(response.getValue());
                    assertThat(resolved.path("content").has("application/problem+json")).as(where).isTrue();
                }
            });
        }));
    }

    @Test
    void namesNoHost() throws IOException {
        String text;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(OpenApiContract.RESOURCE)) {
            assertThat(in).isNotNull();
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(Pattern.compile("(?i)(https?:|localhost|\\bwww\\.|\\.(com|org|net|io)\\b)").matcher(text).results().map(m -> m.group()).toList())
                .isEmpty();
    }

    @Test
    void operationIdsAreUnique() {
        Set<String> seen = new HashSet<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
            if (HTTP_METHODS.contains(operation.getKey())) {
                assertThat(seen.add(operation.getValue().path("operationId").asText())).isTrue();
            }
        }));
    }

    private JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        while (current.has("$ref")) {
            current = document.at(current.get("$ref").asText().substring(1));
        }
        return current;
    }

    private static boolean typeIncludes(JsonNode schema, String type) {
        JsonNode declared = schema.get("type");
        if (declared == null) {
            return false;
        }
        if (declared.isTextual()) {
            return declared.asText().equals(type);
        }
        for (JsonNode item : declared) {
            if (item.asText().equals(type)) {
                return true;
            }
        }
        return false;
    }

    private interface Visitor {
        void visit(String pointer, JsonNode node);
    }

    private static void walk(JsonNode node, String pointer, Visitor visitor) {
        if (node.isObject()) {
            visitor.visit(pointer, node);
            for (Map.Entry<String, JsonNode> field : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
                walk(field.getValue(), pointer + "/" + field.getKey(), visitor);
            }
        }
        else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), pointer + "/" + i, visitor);
            }
        }
    }
}
