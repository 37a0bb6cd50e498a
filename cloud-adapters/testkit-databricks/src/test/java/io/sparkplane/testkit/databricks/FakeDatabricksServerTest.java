package io.sparkplane.testkit.databricks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fake's REST behaviour over plain HTTP (the JDK's client, not the SDK, whose own test against the
 * fake is the backend's wire conformance test): authentication, idempotent submits, the run's life
 * cycle, output, cancel, resize, paging, and the scripted faults.
 */
class FakeDatabricksServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "dapi-" + UUID.randomUUID();
    private final HttpClient http = HttpClient.newHttpClient();
    private FakeDatabricksServer fake;

    /** An HTTP answer: its status, its Retry-After header (or null), its JSON body. */
    private record Answer(int status, String retryAfter, JsonNode body) {}

    @BeforeEach
    void start() throws IOException {
        fake = FakeDatabricksServer.start();
        fake.acceptToken(TOKEN);
        fake.clusterStartDelay(Duration.ZERO);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private Answer call(String method, String pathAndQuery, String body, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fake.host() + pathAndQuery))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.headers().firstValue("Retry-After").orElse(null), JSON.readTree(response.body()));
    }

    private Answer get(String pathAndQuery) throws Exception {
        return call("GET", pathAndQuery, null, "Bearer " + TOKEN);
    }

    private Answer post(String path, Object body) throws Exception {
        return call("POST", path, JSON.writeValueAsString(body), "Bearer " + TOKEN);
    }

    /** A one-task python submit on a new fixed-size cluster. */
    private static ObjectNode submitBody(String runName, String token) {
        ObjectNode body = JSON.createObjectNode();
        body.put("run_name", runName);
        if (token != null) {
            body.put("idempotency_token", token);
        }
        ObjectNode task = body.putArray("tasks").addObject();
        task.put("task_key", "main");
        ObjectNode cluster = task.putObject("new_cluster");
        cluster.put("spark_version", "15.4.x-scala2.12");
        cluster.put("node_type_id", "i3.xlarge");
        cluster.put("num_workers", 2);
        cluster.putObject("custom_tags").put("sparkplane-profile", "test");
        ObjectNode python = task.putObject("spark_python_task");
        python.put("python_file", "abfss://staging@account.dfs.core.windows.net/job.py");
        python.putArray("parameters").add("--day").add("2026-12-01");
        task.putArray("libraries").addObject().put("jar", "abfss://staging@account.dfs.core.windows.net/listener.jar");
        return body;
    }

    private long submit(String runName) throws Exception {
        Answer answer = post(FakeDatabricksServer.RUNS_SUBMIT, submitBody(runName, null));
        assertThat(answer.status()).as(answer.body().toString()).isEqualTo(200);
        return answer.body().get("run_id").asLong();
    }

    @Test
    void aCallWithoutAnAcceptedBearerTokenIsAnswered401WithDatabricksErrorBody() throws Exception {
        Answer none = call("GET", FakeDatabricksServer.SPARK_VERSIONS, null, null);
        Answer wrong = call("GET", FakeDatabricksServer.SPARK_VERSIONS, null, "Bearer not-a-token");

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.body().get("error_code").asText()).isEqualTo("UNAUTHENTICATED");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body().get("message").asText()).isEqualTo("Invalid access token.");
        assertThat(get(FakeDatabricksServer.SPARK_VERSIONS).body().get("versions")).isNotEmpty();
        fake.revokeToken(TOKEN);
        assertThat(get(FakeDatabricksServer.SPARK_VERSIONS).status()).isEqualTo(401);
    }

    @Test
    void aServicePrincipalTradesItsClientSecretForAnAccessToken() throws Exception {
        fake.acceptServicePrincipal("sp-client", "sp-secret");
        Answer discovery = call("GET", "/oidc/.well-known/oauth-authorization-server", null, null);
        String tokenEndpoint = discovery.body().get("token_endpoint").asText();
        assertThat(tokenEndpoint).isEqualTo(fake.host() + FakeDatabricksServer.TOKEN);

        String basic = "Basic " + Base64.getEncoder().encodeToString("sp-client:sp-secret".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> granted = http.send(HttpRequest.newBuilder(URI.create(tokenEndpoint)).header("Authorization", basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=all-apis")).build(), HttpResponse.BodyHandlers.ofString());
        String accessToken = JSON.readTree(granted.body()).get("access_token").asText();
        String wrongSecret = "Basic " + Base64.getEncoder().encodeToString("sp-client:other".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> refused = http.send(HttpRequest.newBuilder(URI.create(tokenEndpoint)).header("Authorization", wrongSecret)
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(granted.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(granted.body()).get("expires_in").asLong()).isEqualTo(3600);
        assertThat(call("GET", FakeDatabricksServer.ME, null, "Bearer " + accessToken).body().get("userName").asText())
                .isEqualTo(FakeDatabricksServer.USER_NAME);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(refused.body()).get("error").asText()).isEqualTo("invalid_client");
        assertThat(fake.accessTokensIssued()).isEqualTo(1);
    }

    @Test
    void aSecondSubmitWithTheSameIdempotencyTokenAnswersTheFirstRun() throws Exception {
        String token = UUID.randomUUID().toString();
        long first = post(FakeDatabricksServer.RUNS_SUBMIT, submitBody("sp-a-1", token)).body().get("run_id").asLong();
        long second = post(FakeDatabricksServer.RUNS_SUBMIT, submitBody("sp-a-1", token)).body().get("run_id").asLong();
        long other = post(FakeDatabricksServer.RUNS_SUBMIT, submitBody("sp-a-1", UUID.randomUUID().toString())).body().get("run_id").asLong();
        Answer tooLong = post(FakeDatabricksServer.RUNS_SUBMIT, submitBody("sp-a-1", "x".repeat(65)));

        assertThat(second).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        assertThat(fake.runs()).hasSize(2);
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.body().get("error_code").asText()).isEqualTo("INVALID_PARAMETER_VALUE");
    }

    @Test
    void aRunWaitsForItsClusterThenRunsThenEndsWithItsResultAndHandsOverItsTasksOutput() throws Exception {
        fake.clusterStartDelay(Duration.ofHours(1));
        long runId = submit("sp-b-1");
        JsonNode pending = get(FakeDatabricksServer.RUNS_GET + "?run_id=" + runId).body();
        assertThat(pending.at("/state/life_cycle_state").asText()).isEqualTo("PENDING");
        assertThat(pending.at("/status/state").asText()).isEqualTo("PENDING");
        JsonNode task = pending.at("/tasks/0");
        long taskRunId = task.get("run_id").asLong();
        assertThat(taskRunId).isNotEqualTo(runId);
        assertThat(task.get("task_key").asText()).isEqualTo("main");
        assertThat(task.at("/new_cluster/custom_tags/sparkplane-profile").asText()).isEqualTo("test");

        fake.setRunState(runId, "RUNNING", null, "In run");
        assertThat(get(FakeDatabricksServer.RUNS_GET + "?run_id=" + runId).body().at("/state/life_cycle_state").asText()).isEqualTo("RUNNING");
        fake.setRunOutput(runId, "hello from the driver\n", "ValueError: boom", "Traceback ...\nValueError: boom");
        fake.setRunState(runId, "TERMINATED", "FAILED", "Workload failed, see run output for details", "RUN_EXECUTION_ERROR", "CLIENT_ERROR");

        JsonNode ended = get(FakeDatabricksServer.RUNS_GET + "?run_id=" + runId).body();
        assertThat(ended.at("/state/result_state").asText()).isEqualTo("FAILED");
        assertThat(ended.at("/status/state").asText()).isEqualTo("TERMINATED");
        assertThat(ended.at("/status/termination_details/code").asText()).isEqualTo("RUN_EXECUTION_ERROR");
        assertThat(ended.at("/status/termination_details/type").asText()).isEqualTo("CLIENT_ERROR");
        Answer ofParent = get(FakeDatabricksServer.RUNS_GET_OUTPUT + "?run_id=" + runId);
        assertThat(ofParent.status()).as("runs/get-output of a run with tasks").isEqualTo(400);
        assertThat(ofParent.body().get("message").asText()).contains("multiple tasks");
        JsonNode output = get(FakeDatabricksServer.RUNS_GET_OUTPUT + "?run_id=" + taskRunId).body();
        assertThat(output.get("logs").asText()).isEqualTo("hello from the driver\n");
        assertThat(output.get("error").asText()).isEqualTo("ValueError: boom");
        assertThat(output.at("/metadata/run_id").asLong()).isEqualTo(taskRunId);
        assertThat(fake.cluster(fake.run(runId).orElseThrow().clusterId()).orElseThrow().state()).isEqualTo("TERMINATED");
    }

    @Test
    void aClusterThatFailsToStartEndsItsRunInAnInternalError() throws Exception {
        fake.failNextClusterStart("CLOUD_PROVIDER_LAUNCH_FAILURE: the cloud has no capacity for i3.xlarge");
        long runId = submit("sp-c-1");

        JsonNode run = get(FakeDatabricksServer.RUNS_GET + "?run_id=" + runId).body();

        assertThat(run.at("/state/life_cycle_state").asText()).isEqualTo("INTERNAL_ERROR");
        assertThat(run.at("/state/result_state").asText()).isEqualTo("FAILED");
        assertThat(run.at("/state/state_message").asText()).startsWith("Cluster '").contains("CLOUD_PROVIDER_LAUNCH_FAILURE");
        assertThat(run.at("/status/termination_details/code").asText()).isEqualTo("CLUSTER_ERROR");
        assertThat(submit("sp-c-2")).as("only the next run's cluster fails").isPositive();
        assertThat(fake.runs().get(1).lifeCycleState()).isEqualTo("RUNNING");
    }

    @Test
    void cancelEndsTheRunAndItsClusterAndIsANoOpOnceEnded() throws Exception {
        long runId = submit("sp-d-1");
        assertThat(post(FakeDatabricksServer.RUNS_CANCEL, JSON.createObjectNode().put("run_id", runId)).status()).isEqualTo(200);
        assertThat(post(FakeDatabricksServer.RUNS_CANCEL, JSON.createObjectNode().put("run_id", runId)).status()).isEqualTo(200);
        Answer unknown = post(FakeDatabricksServer.RUNS_CANCEL, JSON.createObjectNode().put("run_id", 42));

        RunView run = fake.run(runId).orElseThrow();
        assertThat(run.lifeCycleState()).isEqualTo("TERMINATED");
        assertThat(run.resultState()).isEqualTo("CANCELED");
        assertThat(run.terminationCode()).isEqualTo("USER_CANCELED");
        assertThat(fake.cluster(run.clusterId()).orElseThrow().live()).isFalse();
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().get("message").asText()).isEqualTo("Run 42 does not exist.");
    }

    @Test
    void resizeChangesARunningClustersWorkersAndRefusesOneThatIsNotRunning() throws Exception {
        long runId = submit("sp-e-1");
        String clusterId = get(FakeDatabricksServer.RUNS_GET + "?run_id=" + runId).body().at("/tasks/0/cluster_instance/cluster_id").asText();

        Answer resized = post(FakeDatabricksServer.CLUSTERS_RESIZE, JSON.createObjectNode().put("cluster_id", clusterId).put("num_workers", 4));
        JsonNode cluster = get(FakeDatabricksServer.CLUSTERS_GET + "?cluster_id=" + clusterId).body();
        fake.setRunState(runId, "TERMINATED", "SUCCESS", "");
        Answer afterEnd = post(FakeDatabricksServer.CLUSTERS_RESIZE, JSON.createObjectNode().put("cluster_id", clusterId).put("num_workers", 1));

        assertThat(resized.status()).isEqualTo(200);
        assertThat(cluster.get("num_workers").asInt()).isEqualTo(4);
        assertThat(cluster.get("cluster_source").asText()).isEqualTo("JOB");
        assertThat(afterEnd.status()).isEqualTo(400);
        assertThat(afterEnd.body().get("error_code").asText()).isEqualTo("INVALID_STATE");
        assertThat(fake.cluster(clusterId).orElseThrow().resizes()).containsExactly(4);
    }

    @Test
    void runsListPagesNewestFirstAndFiltersActiveRuns() throws Exception {
        List<Long> submitted = new ArrayList<>();
        for (int index = 0; index < 7; index++) {
            submitted.add(submit("sp-f-" + index));
        }
        fake.setRunState(submitted.get(0), "TERMINATED", "SUCCESS", "");

        Set<Long> listed = new HashSet<>();
        int pages = 0;
        String query = FakeDatabricksServer.RUNS_LIST + "?active_only=true&run_type=SUBMIT_RUN&expand_tasks=true&limit=3";
        String next = query;
        while (next != null) {
            JsonNode page = get(next).body();
            pages++;
            page.get("runs").forEach(run -> {
                listed.add(run.get("run_id").asLong());
                assertThat(run.at("/tasks/0/new_cluster/custom_tags/sparkplane-profile").asText()).isEqualTo("test");
            });
            next = page.get("has_more").asBoolean() ? query + "&page_token=" + page.get("next_page_token").asText() : null;
        }
        JsonNode unexpanded = get(FakeDatabricksServer.RUNS_LIST + "?limit=2").body();

        assertThat(pages).isEqualTo(2);
        assertThat(listed).containsExactlyInAnyOrderElementsOf(submitted.subList(1, 7));
        assertThat(unexpanded.get("runs").get(0).has("tasks")).isFalse();
        assertThat(unexpanded.get("runs").get(0).get("run_id").asLong()).as("newest first").isEqualTo(submitted.get(6));
        assertThat(get(FakeDatabricksServer.RUNS_LIST + "?limit=26").status()).isEqualTo(400);
    }

    @Test
    void scriptedFaultsAnswerTheirErrorBeforeOrAfterDoingTheCall() throws Exception {
        fake.failNext(FakeDatabricksServer.RUNS_SUBMIT, 1, 503, "TEMPORARILY_UNAVAILABLE", "try later");
        Answer refused = post(FakeDatabricksServer.RUNS_SUBMIT, submitBody("sp-g-1", null));
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.body().get("error_code").asText()).isEqualTo("TEMPORARILY_UNAVAILABLE");
        assertThat(fake.runs()).as("refused before doing anything").isEmpty();

        fake.failNextAfterDoing(FakeDatabricksServer.RUNS_SUBMIT, 1, 500, "INTERNAL_ERROR", "lost");
        assertThat(post(FakeDatabricksServer.RUNS_SUBMIT, submitBody("sp-g-1", null)).status()).isEqualTo(500);
        assertThat(fake.runs()).as("done, its answer lost").hasSize(1);

        fake.throttle(FakeDatabricksServer.RUNS_GET, 1, Duration.ofSeconds(2));
        Answer throttled = get(FakeDatabricksServer.RUNS_GET + "?run_id=" + fake.runs().get(0).runId());
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.retryAfter()).isEqualTo("2");
        assertThat(get(FakeDatabricksServer.RUNS_GET + "?run_id=" + fake.runs().get(0).runId()).status()).isEqualTo(200);
        assertThat(fake.calls("POST " + FakeDatabricksServer.RUNS_SUBMIT)).isEqualTo(2);
        assertThat(fake.calls("GET " + FakeDatabricksServer.RUNS_GET)).isEqualTo(2);
    }

    @Test
    void aSubmitTheFakeCannotRunIsRefusedNamingTheFake() throws Exception {
        ObjectNode notebook = submitBody("sp-h-1", null);
        ObjectNode task = (ObjectNode) notebook.get("tasks").get(0);
        task.remove("spark_python_task");
        task.putObject("notebook_task").put("notebook_path", "/Users/me/nb");
        ObjectNode badVersion = submitBody("sp-h-2", null);
        ((ObjectNode) badVersion.at("/tasks/0/new_cluster")).put("spark_version", "1.0.x-scala2.10");

        Answer refused = post(FakeDatabricksServer.RUNS_SUBMIT, notebook);
        Answer unknownVersion = post(FakeDatabricksServer.RUNS_SUBMIT, badVersion);
        Answer unknownPath = get("/api/2.2/jobs/runs/repair");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("message").asText()).contains("FakeDatabricksServer");
        assertThat(unknownVersion.body().get("message").asText()).isEqualTo("Invalid spark version 1.0.x-scala2.10.");
        assertThat(unknownPath.status()).isEqualTo(404);
        assertThat(unknownPath.body().get("error_code").asText()).isEqualTo("ENDPOINT_NOT_FOUND");
    }

    @Test
    void theDiscoveryDocumentsNeedNoToken() throws Exception {
        JsonNode metadata = call("GET", "/.well-known/databricks-config", null, null).body();
        assertThat(metadata.get("oidc_endpoint").asText()).isEqualTo(fake.host() + "/oidc");
        assertThat(metadata.get("workspace_id").asText()).isEqualTo(FakeDatabricksServer.WORKSPACE_ID);
        assertThatThrownBy(() -> fake.setRunState(1, "RUNNING", null, "")).hasMessageContaining("does not exist");
    }
}
