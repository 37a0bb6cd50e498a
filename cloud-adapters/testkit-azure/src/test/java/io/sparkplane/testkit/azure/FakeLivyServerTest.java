package io.sparkplane.testkit.azure;

import static io.sparkplane.testkit.azure.TestHttp.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.testkit.azure.TestHttp.Answer;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The fake Livy in state-only mode, over plain HTTP as Livy's clients speak it: each endpoint, its
 * JSON shapes, its errors in Livy's words, Basic auth and CSRF protection, the state retention; and
 * the PyPI livy client (0.8.0) against it.
 */
class FakeLivyServerTest {

    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final TestHttp HTTP = TestHttp.plain();

    private FakeLivyServer livy;

    @BeforeEach
    void start() throws IOException {
        livy = FakeLivyServer.start();
    }

    @AfterEach
    void stop() {
        livy.close();
    }

    @Test
    void aBatchIsStartingThenRunningThenSuccessWithItsLogAndIsGoneOnceDeleted() {
        Answer created = HTTP.post(batches(), """
                {"file": "abfss://staging@account.dfs.core.windows.net/runs/1/main.py", "args": ["--day", "1"],
                 "pyFiles": ["abfss://staging@account.dfs.core.windows.net/runs/1/helper.py"], "proxyUser": "alice",
                 "driverMemory": "2g", "driverCores": 1, "executorMemory": "4g", "executorCores": 2, "numExecutors": 3,
                 "queue": "default", "name": "run-1-attempt-1", "conf": {"spark.dynamicAllocation.enabled": "true"}}
                """);

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.headers()).containsEntry("location", "/batches/0");
        JsonNode batch = created.json();
        assertThat(batch.path("id").asInt()).isZero();
        assertThat(batch.path("name").asText()).isEqualTo("run-1-attempt-1");
        assertThat(batch.path("owner").isNull()).isTrue();
        assertThat(batch.path("proxyUser").asText()).isEqualTo("alice");
        assertThat(batch.path("state").asText()).isEqualTo("starting");
        assertThat(batch.path("appId").isNull()).isTrue();
        assertThat(batch.path("appInfo").path("driverLogUrl").isNull()).isTrue();
        assertThat(batch.path("appInfo").path("sparkUiUrl").isNull()).isTrue();
        assertThat(texts(batch.path("log"))).containsExactly("stdout: ", "\nstderr: ", "\nYARN Diagnostics: ");

        await("the batch running", LIMIT, () -> state(0).equals("running"));
        JsonNode running = HTTP.get(batch(0)).json();
        assertThat(running.path("appId").asText()).matches("application_\\d+_0001");
        assertThat(running.path("appInfo").path("sparkUiUrl").asText()).contains(running.path("appId").asText());
        assertThat(HTTP.get(uri("/batches/0/state")).json().toString()).isEqualTo("{\"id\":0,\"state\":\"running\"}");
        assertThat(HTTP.get(uri("/batches/run-1-attempt-1")).json().path("id").asInt()).as("by name").isZero();

        livy.appendLog(0, "hello from the driver", "total=5050");
        livy.setState(0, LivyState.SUCCESS);

        JsonNode log = HTTP.get(uri("/batches/0/log")).json();
        assertThat(log.path("id").asInt()).isZero();
        assertThat(log.path("from").asInt()).isZero();
        assertThat(log.path("total").asInt()).isEqualTo(5);
        assertThat(texts(log.path("log")))
                .containsExactly("stdout: ", "hello from the driver", "total=5050", "\nstderr: ", "\nYARN Diagnostics: ");
        assertThat(texts(HTTP.get(uri("/batches/0/log?from=1&size=2")).json().path("log")))
                .containsExactly("hello from the driver", "total=5050");
        assertThat(HTTP.get(uri("/batches/0/log?size=1")).json().path("from").asInt()).as("the last lines by default").isEqualTo(4);
        assertThat(state(0)).isEqualTo("success");
        LivyBatchRequest request = livy.batch(0).orElseThrow().request();
        assertThat(request.args()).containsExactly("--day", "1");
        assertThat(request.numExecutors()).contains(3);
        assertThat(request.conf()).containsEntry("spark.dynamicAllocation.enabled", "true");

        Answer deleted = HTTP.delete(batch(0));
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().toString()).isEqualTo("{\"msg\":\"deleted\"}");
        Answer gone = HTTP.get(batch(0));
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.json().path("msg").asText()).isEqualTo("Session '0' not found.");
        assertThat(HTTP.get(uri("/batches/0/log")).status()).as("its log is gone with it").isEqualTo(404);
        assertThat(livy.batches()).isEmpty();
    }

    @Test
    void listingPagesByFromAndSizeAndCountsEveryBatch() {
        for (int index = 0; index < 3; index++) {
            assertThat(HTTP.post(batches(), "{\"file\": \"wasbs://c@a.blob.core.windows.net/app" + index + ".py\"}").status()).isEqualTo(201);
        }

        JsonNode page = HTTP.get(uri("/batches?from=1&size=1")).json();

        assertThat(page.path("from").asInt()).isEqualTo(1);
        assertThat(page.path("total").asInt()).isEqualTo(3);
        assertThat(page.path("sessions")).hasSize(1);
        assertThat(page.path("sessions").get(0).path("id").asInt()).isEqualTo(1);
        assertThat(HTTP.get(batches()).json().path("sessions")).hasSize(3);
    }

    @Test
    void badRequestsAreRefusedInLivysWords() {
        Answer unknownField = HTTP.post(batches(), "{\"file\": \"a.py\", \"driverMemoryy\": \"1g\"}");
        assertThat(unknownField.status()).isEqualTo(400);
        assertThat(unknownField.json().path("msg").asText()).contains("Unrecognized field \"driverMemoryy\"").contains("CreateBatchRequest");

        Answer noFile = HTTP.post(batches(), "{\"args\": [\"x\"]}");
        assertThat(noFile.status()).isEqualTo(400);
        assertThat(noFile.json().path("msg").asText()).isEqualTo("Rejected, Reason: requirement failed: File is required.");

        Answer wrongType = HTTP.post(batches(), "{\"file\": \"a.py\", \"numExecutors\": \"many\"}");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().path("msg").asText()).contains("numExecutors");

        assertThat(HTTP.post(batches(), "{\"file\": \"a.py\", \"name\": \"taken\"}").status()).isEqualTo(201);
        Answer duplicate = HTTP.post(batches(), "{\"file\": \"b.py\", \"name\": \"taken\"}");
        assertThat(duplicate.status()).isEqualTo(400);
        assertThat(duplicate.json().path("msg").asText()).matches("Rejected, Reason: Duplicate session name: Some\\(taken\\) for session \\d+");

        Answer badNumber = HTTP.get(uri("/batches/taken/log?from=abc"));
        assertThat(badNumber.status()).isEqualTo(400);
        assertThat(badNumber.json().path("msg").asText()).contains("abc");
        assertThat(HTTP.get(uri("/batches/nosuchname")).json().path("msg").asText()).isEqualTo("Session 'nosuchname' not found.");
        assertThat(HTTP.get(uri("/sessions")).status()).as("interactive sessions are not served").isEqualTo(404);
        assertThat(HTTP.delete(batches()).status()).isEqualTo(405);
    }

    @Test
    void aFinishedBatchIsKeptForTheStateRetentionThenGoneAndItsNameFree() {
        livy.stateRetention(Duration.ofMillis(300));
        HTTP.post(batches(), "{\"file\": \"a.py\", \"name\": \"short-lived\"}");
        livy.setState(0, LivyState.DEAD);
        assertThat(state(0)).isEqualTo("dead");
        assertThat(texts(HTTP.get(uri("/batches/0/log")).json().path("log"))).last().asString().contains("failed");

        await("the batch gone after the retention", LIMIT, () -> HTTP.get(batch(0)).status() == 404);
        assertThat(HTTP.post(batches(), "{\"file\": \"a.py\", \"name\": \"short-lived\"}").status()).isEqualTo(201);
    }

    @Test
    void aScriptedFaultAnswersOnceAndDoesNothing() {
        livy.failNext(LivyOperation.CREATE, 503, "Service is busy");

        Answer refused = HTTP.post(batches(), "{\"file\": \"a.py\"}");

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.json().path("msg").asText()).isEqualTo("Service is busy");
        assertThat(livy.batches()).isEmpty();
        assertThat(HTTP.post(batches(), "{\"file\": \"a.py\"}").status()).isEqualTo(201);
        assertThat(livy.calls()).extracting(RecordedCall::toString).containsExactly("POST /batches", "POST /batches");
        livy.resetCalls();
        assertThat(livy.calls()).isEmpty();
    }

    @Test
    void basicAuthAndCsrfProtectionGuardTheApiAsOnHdInsight() throws IOException {
        try (FakeLivyServer guarded = FakeLivyServer.builder().basicAuth("admin", "Secret-1").csrfProtection(true).start()) {
            URI batches = guarded.endpoint().resolve("/batches");

            Answer anonymous = HTTP.get(batches);
            assertThat(anonymous.status()).isEqualTo(401);
            assertThat(anonymous.headers()).containsKey("www-authenticate");
            assertThat(HTTP.basicAuth("admin", "wrong").get(batches).status()).isEqualTo(401);
            assertThat(HTTP.basicAuth("admin", "Secret-1").get(batches).status()).isEqualTo(200);

            Answer noCsrfHeader = HTTP.basicAuth("admin", "Secret-1").post(batches, "{\"file\": \"a.py\"}");
            assertThat(noCsrfHeader.status()).isEqualTo(400);
            assertThat(noCsrfHeader.headers().get("content-type")).startsWith("text/html");
            assertThat(noCsrfHeader.body()).contains("Missing Required Header for CSRF protection.");
            assertThat(guarded.batches()).isEmpty();

            Answer created = TestHttp.gateway("admin", "Secret-1").post(batches, "{\"file\": \"a.py\"}");
            assertThat(created.status()).isEqualTo(201);
            assertThat(created.json().path("owner").asText()).isEqualTo("admin");
            assertThat(HTTP.basicAuth("admin", "Secret-1").delete(guarded.endpoint().resolve("/batches/0")).status())
                    .as("DELETE needs the header too").isEqualTo(400);
            assertThat(guarded.calls()).extracting(RecordedCall::authorizationScheme).contains("", "Basic");
        }
    }

    /** The livy package from PyPI, which Airflow's and others' Livy tooling builds on, drives a batch to success. */
    @Test
    void thePyPiLivyClientCreatesWaitsReadsTheLogAndKills() throws Exception {
        Path python = Path.of(System.getProperty("sparkplane.python", ".venv/bin/python"));
        String script = """
                import sys
                from livy import LivyBatch
                batch = LivyBatch.create(sys.argv[1], file="wasbs://c@a.blob.core.windows.net/main.py", args=["x"],
                                         name="from-pylivy", spark_conf={"spark.sql.shuffle.partitions": "2"})
                print("created", batch.batch_id, flush=True)
                print("ended", batch.wait().value, flush=True)
                print("log", "|".join(batch.log()), flush=True)
                batch.kill()
                print("killed", flush=True)
                """;
        Process process = new ProcessBuilder(python.toString(), "-c", script, livy.endpoint().toString()).redirectErrorStream(true).start();
        try {
            await("pylivy's batch", LIMIT, () -> livy.batch(0).map(batch -> batch.state() == LivyState.RUNNING).orElse(false));
            livy.appendLog(0, "done by pylivy");
            livy.setState(0, LivyState.SUCCESS);
            assertThat(process.waitFor(LIMIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(process.exitValue()).as(output).isZero();
            assertThat(output).contains("created 0", "ended success", "done by pylivy", "killed");
            assertThat(livy.batches()).isEmpty();
            assertThat(livy.calls()).extracting(RecordedCall::method).startsWith("POST", "GET").endsWith("GET", "DELETE");
        } finally {
            process.destroyForcibly();
        }
    }

    // --- helpers

    private URI batches() {
        return uri("/batches");
    }

    private URI batch(int id) {
        return uri("/batches/" + id);
    }

    private URI uri(String pathAndQuery) {
        return URI.create(livy.endpoint() + pathAndQuery);
    }

    private String state(int id) {
        return HTTP.get(uri("/batches/" + id + "/state")).json().path("state").asText();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
