package io.sparkplane.testkit.databricks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.testkit.aws.MotoHarness;
import io.sparkplane.testkit.localspark.ObjectTransfer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fake's "run the tasks" mode with the project's PySpark (the .venv's python, system property
 * sparkplane.python): a run's task runs as a local spark-submit once its cluster has started, its
 * files read from the store the test gives (here an in-memory one, {@code mem://}), and its driver's
 * output becomes the task run's output. One spark-submit only (a driver that fails before any
 * SparkSession, a few seconds of CPU); a task whose file is missing starts none.
 */
class FakeDatabricksRunModeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "dapi-" + UUID.randomUUID();
    private static final Duration LIMIT = Duration.ofSeconds(120);
    /** Fails in the driver before any SparkSession: the cheapest failing driver. */
    private static final String FAILING = """
            import sys
            print("about to fail with " + sys.argv[1], flush=True)
            raise ValueError("boom from the task")
            """;

    private static final Map<String, byte[]> OBJECTS = new ConcurrentHashMap<>();
    private static FakeDatabricksServer fake;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** An in-memory store of {@code mem://} objects: what the local run copies out. */
    private static final class MemoryTransfer implements ObjectTransfer {
        @Override
        public byte[] download(String uri) throws IOException {
            byte[] data = OBJECTS.get(uri);
            if (data == null) {
                throw new IOException("no object " + uri);
            }
            return data;
        }

        @Override
        public void upload(String uri, byte[] data) {
            OBJECTS.put(uri, data);
        }

        @Override
        public boolean handles(String uri) {
            return uri.startsWith("mem://");
        }
    }

    @BeforeAll
    static void start() throws Exception {
        OBJECTS.put("mem://staging/failing.py", FAILING.getBytes(StandardCharsets.UTF_8));
        Path python = Path.of(System.getProperty("sparkplane.python", ".venv/bin/python"));
        Path log = Path.of("target", "fake-databricks-run-mode.log").toAbsolutePath();
        fake = FakeDatabricksServer.start(log, MotoHarness.sparkSubmitOf(python), python, new MemoryTransfer());
        fake.acceptToken(TOKEN);
        fake.clusterStartDelay(Duration.ZERO);
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    private static long submit(String pythonFile) throws Exception {
        ObjectNode body = JSON.createObjectNode();
        body.put("run_name", "sp-run-mode-" + UUID.randomUUID());
        ObjectNode task = body.putArray("tasks").addObject();
        task.put("task_key", "main");
        ObjectNode cluster = task.putObject("new_cluster");
        cluster.put("spark_version", "15.4.x-scala2.12");
        cluster.put("node_type_id", "i3.xlarge");
        cluster.put("num_workers", 1);
        cluster.putObject("spark_conf").put("spark.ui.enabled", "false");
        ObjectNode python = task.putObject("spark_python_task");
        python.put("python_file", pythonFile);
        python.putArray("parameters").add("marker-42");
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(fake.host() + FakeDatabricksServer.RUNS_SUBMIT))
                .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body()).get("run_id").asLong();
    }

    private static JsonNode get(String pathAndQuery) throws Exception {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(fake.host() + pathAndQuery)).header("Authorization", "Bearer " + TOKEN)
                .build(), HttpResponse.BodyHandlers.ofString()).body());
    }

    /** The value once it holds, or the last one after the limit. */
    private static <T> T eventually(Supplier<T> value, java.util.function.Predicate<T> done) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        T last = value.get();
        while (!done.test(last) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            last = value.get();
        }
        return last;
    }

    @Test
    void aFailingTasksDriverEndsItsRunFailedWithItsOutputAndErrorLine() throws Exception {
        long runId = submit("mem://staging/failing.py");

        RunView ended = eventually(() -> fake.run(runId).orElseThrow(), run -> !run.active());
        assertThat(ended.lifeCycleState()).isEqualTo("TERMINATED");
        assertThat(ended.resultState()).isEqualTo("FAILED");
        assertThat(ended.terminationCode()).isEqualTo("RUN_EXECUTION_ERROR");
        JsonNode run = get(FakeDatabricksServer.RUNS_GET + "?run_id=" + runId);
        JsonNode output = get(FakeDatabricksServer.RUNS_GET_OUTPUT + "?run_id=" + run.at("/tasks/0/run_id").asLong());
        assertThat(output.get("logs").asText()).contains("about to fail with marker-42").contains("ValueError: boom from the task");
        assertThat(output.get("error").asText()).isEqualTo("ValueError: boom from the task");
        assertThat(output.get("error_trace").asText()).contains("Traceback");
        assertThat(eventually(() -> fake.localRuns().get(runId), outcome -> outcome != null && outcome.startsWith("exit"))).isEqualTo("exit 1");
        assertThat(fake.cluster(ended.clusterId()).orElseThrow().live()).isFalse();
    }

    @Test
    void aTaskWhoseFileIsMissingEndsFailedWithoutStartingSparkSubmit() throws Exception {
        long runId = submit("mem://staging/missing.py");

        RunView ended = eventually(() -> fake.run(runId).orElseThrow(), run -> !run.active());
        assertThat(ended.resultState()).isEqualTo("FAILED");
        assertThat(ended.terminationCode()).isEqualTo("RESOURCE_NOT_FOUND");
        assertThat(ended.stateMessage()).contains("mem://staging/missing.py");
        assertThat(eventually(() -> fake.localRuns().get(runId), outcome -> outcome != null && outcome.startsWith("not run")))
                .startsWith("not run");
    }
}
