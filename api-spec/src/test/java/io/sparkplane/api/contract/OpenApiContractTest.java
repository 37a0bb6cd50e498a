package io.sparkplane.api.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenApiContractTest {

    private static final String RUN_ID = "3f2c9a1e-6b7d-4c8e-9f00-1a2b3c4d5e6f";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpenApiContract contract = OpenApiContract.load();

    @Test
    void validRunPasses() {
        assertThat(contract.validateResponse("GET", "/api/v1/runs/" + RUN_ID, 200, "application/json", runJson())).isEmpty();
        assertThatCode(() -> contract.assertResponse("GET", "/api/v1/runs/" + RUN_ID, 200, "application/json;charset=UTF-8", runJson()))
                .doesNotThrowAnyException();
    }

    @Test
    void terminalRunWithAttemptsPasses() {
        ObjectNode run = run();
        run.put("state", "FAILED").put("reason", "USER_CODE_ERROR").put("message", "exit code 1")
                .put("provisioningAt", "2026-01-02T03:04:06Z").put("startedAt", "2026-01-02T03:04:10.5Z")
                .put("endedAt", "2026-01-02T03:05:00+01:00");
        run.putArray("attempts").addObject()
                .put("attempt", 1).put("state", "FAILED").put("reason", "USER_CODE_ERROR").put("message", "exit code 1")
                .put("exitCode", 1).put("provisioningAt", "2026-01-02T03:04:06Z").put("startedAt", "2026-01-02T03:04:10.5Z")
                .put("endedAt", "2026-01-02T03:05:00Z");
        assertThat(contract.validateResponse("GET", "/api/v1/runs/" + RUN_ID, 200, "application/json", run.toString())).isEmpty();
    }

    @Test
    void runWithWrongStateFails() {
        ObjectNode run = run().put("state", "DONE");
        assertThat(contract.validateResponse("GET", "/api/v1/runs/" + RUN_ID, 200, "application/json", run.toString()))
                .anySatisfy(violation -> assertThat(violation).contains("state"));
    }

    @Test
    void runWithMissingRequiredFieldFails() {
        ObjectNode run = run();
        run.remove("reason");
        assertThat(contract.validateResponse("GET", "/api/v1/runs/" + RUN_ID, 200, "application/json", run.toString()))
                .anySatisfy(violation -> assertThat(violation).contains("reason"));
    }

    @Test
    void runWithExtraFieldFails() {
        ObjectNode run = run().put("owner", "alice");
        assertThat(contract.validateResponse("GET", "/api/v1/runs/" + RUN_ID, 200, "application/json", run.toString()))
                .anySatisfy(violation -> assertThat(violation).contains("owner"));
    }

    @Test
    void runWithExtraNestedFieldFails() {
        ObjectNode run = run();
        ((ObjectNode) run.get("resources").get("driver")).put("gpus", 1);
        assertThat(contract.validateResponse("GET", "/api/v1/runs/" + RUN_ID, 200, "application/json", run.toString()))
                .anySatisfy(violation -> assertThat(violation).contains("gpus"));
    }

    @Test
    void formatsAreAsserted() {
        assertThat(contract.validateSchema("Run", run().put("id", "not-a-uuid").toString()))
                .anySatisfy(violation -> assertThat(violation).contains("id"));
        assertThat(contract.validateSchema("Run", run().put("createdAt", "2026-01-02 03:04:05").toString()))
                .anySatisfy(violation -> assertThat(violation).contains("createdAt"));
        // A date-time needs an offset: Java's LocalDateTime.toString() is not enough.
        assertThat(contract.validateSchema("Run", run().put("createdAt", "2026-01-02T03:04:05").toString()))
                .anySatisfy(violation -> assertThat(violation).contains("createdAt"));
    }

    @Test
    void nullableFieldsAcceptNullAndTheirType() {
        assertThat(contract.validateSchema("Run", run().put("timeoutSeconds", 3600).toString())).isEmpty();
        assertThat(contract.validateSchema("Run", run().put("timeoutSeconds", 0).toString())).isNotEmpty();
        assertThat(contract.validateSchema("Run", run().put("reason", "NOPE").toString())).isNotEmpty();
        assertThat(contract.validateSchema("Run", run().put("message", 5).toString())).isNotEmpty();
    }

    @Test
    void undocumentedStatusFails() {
        assertThat(contract.validateResponse("GET", "/api/v1/runs/" + RUN_ID, 500, "application/problem+json", problemJson(500)))
                .singleElement().asString().contains("status 500 is not documented").contains("getRun");
        assertThat(contract.validateResponse("POST", "/api/v1/runs", 204, null, null))
                .singleElement().asString().contains("status 204 is not documented");
    }

    @Test
    void undocumentedContentTypeFails() {
        assertThat(contract.validateResponse("GET", "/api/v1/runs/" + RUN_ID, 404, "application/json", problemJson(404)))
                .singleElement().asString().contains("content type application/json is not documented");
        assertThat(contract.validateResponse("GET", "/api/v1/runs/" + RUN_ID, 200, null, runJson()))
                .singleElement().asString().contains("no content type");
    }

    @Test
    void bodyThatIsNotJsonFails() {
        assertThat(contract.validateResponse("GET", "/api/v1/runs/" + RUN_ID, 200, "application/json", "<html>"))
                .singleElement().asString().contains("not valid JSON");
        assertThat(contract.validateResponse("GET", "/api/v1/runs/" + RUN_ID, 200, "application/json", ""))
                .singleElement().asString().contains("empty");
    }

    @Test
    void pathTemplatesMatchConcretePaths() {
        assertThat(contract.findOperation("GET", "/api/v1/runs/" + RUN_ID)).get()
                .satisfies(operation -> {
                    assertThat(operation.operationId()).isEqualTo("getRun");
                    assertThat(operation.pathTemplate()).isEqualTo("/api/v1/runs/{runId}");
                    assertThat(operation.pathParameters()).containsExactly(Map.entry("runId", RUN_ID));
                });
        assertThat(contract.findOperation("get", "/api/v1/runs?state=QUEUED&limit=5")).get()
                .extracting(ApiOperation::operationId).isEqualTo("listRuns");
        assertThat(contract.findOperation("POST", "/api/v1/runs")).get()
                .extracting(ApiOperation::operationId).isEqualTo("submitRun");
        assertThat(contract.findOperation("POST", "http://127.0.0.1:8080/api/v1/runs/" + RUN_ID + "/cancel")).get()
                .extracting(ApiOperation::operationId).isEqualTo("cancelRun");
        assertThat(contract.findOperation("GET", "/api/v1/runs/{runId}/events")).get()
                .extracting(ApiOperation::operationId).isEqualTo("listRunEvents");
        assertThat(contract.findOperation("GET", "/api/v1/runs/" + RUN_ID + "/logs?follow=true")).get()
                .extracting(ApiOperation::operationId).isEqualTo("getRunLogs");
        assertThat(contract.findOperation("PUT", "/internal/v1/runs/" + RUN_ID + "/attempts/2/log?offset=0")).get()
                .satisfies(operation -> {
                    assertThat(operation.operationId()).isEqualTo("appendAttemptLog");
                    assertThat(operation.pathParameters()).containsExactly(Map.entry("runId", RUN_ID), Map.entry("attempt", "2"));
                });
        // x-multiple-segments: a staged file's path spans slashes, other parameters never do
        assertThat(contract.findOperation("PUT", "/internal/v1/runs/" + RUN_ID + "/attempts/1/staging/eventlog/app-1/events_1")).get()
                .satisfies(operation -> assertThat(operation.pathParameters()).containsEntry("path", "eventlog/app-1/events_1"));
        assertThat(contract.findOperation("GET", "/api/v1/runs/" + RUN_ID + "/extra/cluster")).isEmpty();
    }

    @Test
    void unknownPathsAndMethodsAreNotMatched() {
        assertThat(contract.findOperation("GET", "/api/v1/runs/" + RUN_ID + "/nope")).isEmpty();
        assertThat(contract.findOperation("GET", "/api/v1/runs/")).isEmpty();
        assertThat(contract.findOperation("DELETE", "/api/v1/runs/" + RUN_ID)).isEmpty();
        assertThat(contract.validateResponse("DELETE", "/api/v1/runs/" + RUN_ID, 204, null, null))
                .singleElement().asString().contains("DELETE is not documented").contains("GET /api/v1/runs/{runId}");
        assertThat(contract.validateResponse("GET", "/api/v2/runs", 200, "application/json", "{}"))
                .singleElement().asString().contains("no path in the contract matches /api/v2/runs");
    }

    @Test
    void problemBodyPassesForBadRequest() {
        String problem = """
                {"type": "about:blank", "title": "Bad Request", "status": 400,
                 "detail": "The request has 2 invalid fields.", "instance": "/api/v1/runs",
                 "errors": [
                   {"field": "resources.executor.cores", "message": "must be at most 64"},
                   {"field": "header:Idempotency-Key", "message": "must be 1 to 64 printable ASCII characters"}
                 ]}
                """;
        assertThat(contract.validateResponse("POST", "/api/v1/runs", 400, "application/problem+json", problem)).isEmpty();
        assertThat(contract.validateResponse("GET", "/api/v1/runs?limit=0", 400, "application/problem+json", problemJson(400))).isEmpty();
    }

    @Test
    void problemWithUnknownFieldsOrMissingDetailFails() {
        ObjectNode problem = (ObjectNode) parse(problemJson(400));
        problem.put("timestamp", "now");
        problem.remove("detail");
        assertThat(contract.validateResponse("POST", "/api/v1/runs", 400, "application/problem+json", problem.toString()))
                .hasSize(2)
                .anySatisfy(violation -> assertThat(violation).contains("timestamp"))
                .anySatisfy(violation -> assertThat(violation).contains("detail"));
    }

    @Test
    void assertResponseThrowsWithEveryViolationAndTheBody() {
        String body = run().put("state", "DONE").put("owner", "alice").toString();
        assertThatThrownBy(() -> contract.assertResponse("GET", "/api/v1/runs/" + RUN_ID, 200, "application/json", body))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("GET /api/v1/runs/{runId} (getRun)")
                .hasMessageContaining("state")
                .hasMessageContaining("owner")
                .hasMessageContaining(body);
    }

    @Test
    void requiredResponseHeadersAreChecked() {
        String path = "/api/v1/runs";
        assertThat(contract.validateResponse("POST", path, 201, "application/json", Map.of("location", "/api/v1/runs/" + RUN_ID), runJson()))
                .isEmpty();
        assertThat(contract.validateResponse("POST", path, 201, "application/json", Map.of(), runJson()))
                .singleElement().asString().contains("header Location is required but missing");
        assertThat(contract.validateResponse("POST", path, 201, "application/json", Map.of("Location", "http://127.0.0.1:8080/api/v1/runs/" + RUN_ID), runJson()))
                .isEmpty();
        assertThat(contract.validateResponse("POST", path, 201, "application/json", Map.of("Location", "/api/v1/jobs/" + RUN_ID), runJson()))
                .singleElement().asString().startsWith("header Location: ");
    }

    @Test
    void logResponsesAreTextWithOffsetHeaders() {
        String path = "/api/v1/runs/" + RUN_ID + "/logs?offset=0";
        Map<String, String> headers = Map.of("Sparkplane-Next-Offset", "42", "Sparkplane-Log-Complete", "false");
        assertThat(contract.validateResponse("GET", path, 200, "text/plain;charset=UTF-8", headers, "hello from the driver\n")).isEmpty();
        assertThat(contract.validateResponse("GET", path, 200, "text/plain", Map.of("Sparkplane-Next-Offset", "x", "Sparkplane-Log-Complete", "yes"), ""))
                .hasSize(2)
                .anySatisfy(violation -> assertThat(violation).startsWith("header Sparkplane-Next-Offset: "))
                .anySatisfy(violation -> assertThat(violation).startsWith("header Sparkplane-Log-Complete: "));
        assertThat(contract.validateResponse("GET", path, 200, "application/json", headers, "{}"))
                .singleElement().asString().contains("content type application/json is not documented");
    }

    @Test
    void noContentResponsesMustHaveNoBody() {
        String path = "/internal/v1/runs/" + RUN_ID + "/attempts/1/heartbeat";
        assertThat(contract.validateResponse("POST", path, 204, null, null)).isEmpty();
        assertThat(contract.validateResponse("POST", path, 204, "application/json", "{}"))
                .singleElement().asString().contains("documents no body");
    }

    @Test
    void eventsAndLogAcksValidate() {
        String events = """
                {"items": [
                  {"id": 1, "runId": "%1$s", "attempt": null, "at": "2026-01-02T03:04:05Z", "type": "STATE_CHANGED",
                   "fromState": null, "toState": "QUEUED", "reason": null, "message": null},
                  {"id": 9007199254740993, "runId": "%1$s", "attempt": 1, "at": "2026-01-02T03:05:05.123456Z", "type": "ATTEMPT_FAILED",
                   "fromState": null, "toState": null, "reason": "ENGINE_LOST", "message": "no heartbeat for 60s"}
                ]}
                """.formatted(RUN_ID);
        assertThat(contract.validateResponse("GET", "/api/v1/runs/" + RUN_ID + "/events?after=0", 200, "application/json", events)).isEmpty();
        assertThat(contract.validateResponse("GET", "/api/v1/runs/" + RUN_ID + "/events", 200, "application/json", events.replace("ATTEMPT_FAILED", "FAILED")))
                .isNotEmpty();
        String logPath = "/internal/v1/runs/" + RUN_ID + "/attempts/1/log?offset=100";
        assertThat(contract.validateResponse("PUT", logPath, 409, "application/json", "{\"nextOffset\": 64}")).isEmpty();
        assertThat(contract.validateResponse("PUT", logPath, 200, "application/json", "{\"nextOffset\": -1}")).isNotEmpty();
    }

    @Test
    void runPagesValidate() {
        String page = "{\"items\": [" + runJson() + "], \"nextCursor\": null}";
        assertThat(contract.validateResponse("GET", "/api/v1/runs", 200, "application/json", page)).isEmpty();
        assertThat(contract.validateResponse("GET", "/api/v1/runs", 200, "application/json", "{\"items\": []}"))
                .anySatisfy(violation -> assertThat(violation).contains("nextCursor"));
    }

    @Test
    void submitRequestBodiesAreChecked() {
        assertThat(contract.validateRequestBody("POST", "/api/v1/runs", "{\"entrypoint\": {\"pythonFile\": \"/jobs/pi.py\"}}")).isEmpty();
        String full = """
                {"name": "pi", "entrypoint": {"jar": "file:///opt/spark/examples/jars/spark-examples.jar",
                                              "mainClass": "org.apache.spark.examples.SparkPi"},
                 "args": ["100"], "pyFiles": [], "jars": ["/opt/lib/extra.jar"], "files": ["file:/data/lookup.csv"],
                 "sparkConf": {"spark.sql.shuffle.partitions": "8"},
                 "resources": {"driver": {"memory": "512m"}, "executor": {"cores": 2, "memory": "2G"}},
                 "autoscaling": {"policy": "dynamic-allocation", "minExecutors": 0, "maxExecutors": 4},
                 "backend": "local", "timeoutSeconds": null, "maxRetries": 2, "labels": {"team": "data", "example.com/tier": ""}}
                """;
        assertThat(contract.validateRequestBody("POST", "/api/v1/runs", full)).isEmpty();
        assertThatCode(() -> contract.assertRequestBody("POST", "/api/v1/runs", full)).doesNotThrowAnyException();
    }

    @Test
    void invalidSubmitRequestBodiesFail() {
        String path = "/api/v1/runs";
        assertThat(contract.validateRequestBody("POST", path, "{\"entrypoint\": {\"pythonFile\": \"/a.py\"}, \"color\": \"red\"}")).isNotEmpty();
        assertThat(contract.validateRequestBody("POST", path, "{\"entrypoint\": {\"pythonFile\": \"/a.py\", \"jar\": \"/a.jar\"}}")).isNotEmpty();
        assertThat(contract.validateRequestBody("POST", path, "{\"entrypoint\": {\"jar\": \"/a.jar\"}}")).isNotEmpty();
        assertThat(contract.validateRequestBody("POST", path, "{\"entrypoint\": {\"pythonFile\": \"\"}}")).isNotEmpty();
        assertThat(contract.validateRequestBody("POST", path, "{\"name\": \"x\"}")).isNotEmpty();
        assertThat(contract.validateRequestBody("POST", path, withEntrypoint("\"sparkConf\": {\"spark.master\": \"local[*]\"}"))).isNotEmpty();
        assertThat(contract.validateRequestBody("POST", path, withEntrypoint("\"sparkConf\": {\"hadoop.x\": \"1\"}"))).isNotEmpty();
        assertThat(contract.validateRequestBody("POST", path, withEntrypoint("\"sparkConf\": {\"spark.x\": 1}"))).isNotEmpty();
        assertThat(contract.validateRequestBody("POST", path, withEntrypoint("\"resources\": {\"executor\": {\"memory\": \"2GB\"}}"))).isNotEmpty();
        assertThat(contract.validateRequestBody("POST", path, withEntrypoint("\"resources\": {\"executor\": {\"cores\": 65}}"))).isNotEmpty();
        assertThat(contract.validateRequestBody("POST", path, withEntrypoint("\"maxRetries\": 11"))).isNotEmpty();
        assertThat(contract.validateRequestBody("POST", path, withEntrypoint("\"timeoutSeconds\": 604801"))).isNotEmpty();
        assertThat(contract.validateRequestBody("POST", path, withEntrypoint("\"labels\": {\"Team\": \"data\"}"))).isNotEmpty();
        assertThat(contract.validateRequestBody("POST", path, "not json"))
                .singleElement().asString().contains("not valid JSON");
    }

    @Test
    void internalRequestBodiesAreChecked() {
        String state = "/internal/v1/runs/" + RUN_ID + "/attempts/1/state";
        assertThat(contract.validateRequestBody("POST", state, "{\"state\": \"RUNNING\"}")).isEmpty();
        assertThat(contract.validateRequestBody("POST", state,
                "{\"state\": \"FAILED\", \"failure\": \"USER_CODE_ERROR\", \"message\": \"boom\", \"exitCode\": 1}")).isEmpty();
        assertThat(contract.validateRequestBody("POST", state, "{\"state\": \"FAILED\"}")).isNotEmpty();
        assertThat(contract.validateRequestBody("POST", state, "{\"state\": \"CANCELLED\"}")).isNotEmpty();
        String heartbeat = "/internal/v1/runs/" + RUN_ID + "/attempts/1/heartbeat";
        assertThat(contract.validateRequestBody("POST", heartbeat, "{}")).isEmpty();
        assertThat(contract.validateRequestBody("POST", heartbeat, "{\"pendingTasks\": 3}")).isNotEmpty();
        assertThat(contract.validateRequestBody("PUT", "/internal/v1/runs/" + RUN_ID + "/attempts/1/log?offset=0", "application/octet-stream", "bytes"))
                .isEmpty();
        assertThat(contract.validateRequestBody("POST", "/api/v1/runs/" + RUN_ID + "/cancel", "{}"))
                .singleElement().asString().contains("takes no request body");
    }

    @Test
    void namedSchemasValidate() {
        assertThat(contract.validateSchema("RunState", "\"TIMED_OUT\"")).isEmpty();
        assertThat(contract.validateSchema("RunState", "\"timed_out\"")).isNotEmpty();
        assertThatThrownBy(() -> contract.validateSchema("Nope", "{}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> contract.assertSchema("Run", "{}"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Document for schema Run breaks the contract");
    }

    static String runJson() {
        return run().toString();
    }

    static ObjectNode run() {
        return (ObjectNode) parse("""
                {
                  "id": "%s",
                  "workspace": "default",
                  "name": "wordcount.py",
                  "entrypoint": {"pythonFile": "/home/alice/jobs/wordcount.py"},
                  "args": ["file:///home/alice/data/input.txt"],
                  "pyFiles": [],
                  "jars": [],
                  "files": [],
                  "archives": [],
                  "sparkConf": {"spark.sql.shuffle.partitions": "8"},
                  "resources": {
                    "driver": {"cores": 1, "memory": "1g"},
                    "executor": {"cores": 1, "memory": "1g"}
                  },
                  "autoscaling": {"policy": "backlog", "minExecutors": 1, "maxExecutors": 2},
                  "backend": "local",
                  "timeoutSeconds": null,
                  "maxRetries": 0,
                  "labels": {},
                  "state": "QUEUED",
                  "reason": null,
                  "message": null,
                  "attempt": 1,
                  "attempts": [],
                  "queuedAt": "2026-01-02T03:04:05.123Z",
                  "provisioningAt": null,
                  "startedAt": null,
                  "endedAt": null,
                  "cancelRequestedAt": null,
                  "createdAt": "2026-01-02T03:04:05.123Z"
                }
                """.formatted(RUN_ID));
    }

    private static String withEntrypoint(String fields) {
        return "{\"entrypoint\": {\"pythonFile\": \"/a.py\"}, " + fields + "}";
    }

    private static String problemJson(int status) {
        return "{\"type\": \"about:blank\", \"title\": \"Problem\", \"status\": " + status + ", \"detail\": \"Something.\"}";
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        }
        catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
