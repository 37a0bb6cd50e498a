package io.sparkplane.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkplane.backend.hdinsight.LivyBatch;
import io.sparkplane.backend.hdinsight.LivyBatchRequest;
import io.sparkplane.backend.hdinsight.LivyBatchStates;
import io.sparkplane.backend.hdinsight.LivyClient;
import io.sparkplane.spi.engine.ClusterStatus;
import io.sparkplane.spi.engine.ClusterTopology;
import io.sparkplane.spi.settings.SecretReference;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Livy's own Python client (PyPI {@code livy} 0.8.0, unchanged) against the packaged control plane's
 * Livy batch API (embedded PostgreSQL, local backend, real PySpark): the example job to
 * {@code success} with its result in the batch's log, a failing job to {@code dead}, the token sent
 * as a Basic password, a listing, and interactive sessions refused with 501. Each batch is checked
 * as the run it became in {@code /api/v1}. Then the {@code hdinsight} backend's own Livy client,
 * which talks to HDInsight's Livy, against this second server of the protocol: a batch submitted,
 * followed while it runs through the backend's state mapping, found by its name, killed, its log read.
 */
class LivyClientEndToEndIT {

    private static final Path JOBS = Path.of("src/test/resources/jobs").toAbsolutePath();
    private static final Path SCRIPT = Path.of("src/test/resources/livy/livy_client_batches.py").toAbsolutePath();
    private static final Path EXAMPLE = ControlPlaneProcess.ROOT.resolve("examples/jobs/sales_by_region.py");
    private static final Path SALES = ControlPlaneProcess.ROOT.resolve("examples/data/sales.csv");

    @TempDir
    static Path home;

    private static ControlPlaneProcess controlPlane;
    private static SparkplaneClient api;
    private static JsonNode seen;

    @BeforeAll
    static void runTheClient() throws Exception {
        controlPlane = new ControlPlaneProcess(Files.createDirectories(home.resolve("control-plane"))).start();
        api = controlPlane.client();
        List<String> command = new ArrayList<>(List.of(ControlPlaneProcess.PYTHON.toString(), SCRIPT.toString(),
                controlPlane.baseUri().resolve("/livy").toString(), controlPlane.adminToken(), EXAMPLE.toString(), SALES.toString(),
                JOBS.resolve("fails_with_value_error.py").toString()));
        Path out = home.resolve("client.out");
        Path err = home.resolve("client.err");
        Process client = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!client.waitFor(6, TimeUnit.MINUTES)) {
            client.destroyForcibly();
            throw new IllegalStateException("Livy's client did not finish in 6 minutes:\n" + Files.readString(err));
        }
        if (client.exitValue() != 0) {
            throw new IllegalStateException("Livy's client exited " + client.exitValue() + ":\n" + Files.readString(err)
                    + "\ncontrol plane log: " + controlPlane.log());
        }
        seen = new ObjectMapper().readTree(Files.readString(out));
    }

    @AfterAll
    static void stop() throws Exception {
        if (controlPlane != null) {
            controlPlane.close();
        }
    }

    private static String runOf(long batchId) throws IOException, InterruptedException {
        JsonNode batch = SparkplaneClient.json(api.call("GET", "/livy/batches/" + batchId, null).body());
        return batch.get("appInfo").get("sparkplaneRunId").asText();
    }

    @Test
    void theExampleJobSucceedsWithItsResultInTheBatchLog() throws Exception {
        JsonNode succeeding = seen.get("succeeding");

        assertThat(succeeding.get("state").asText()).isEqualTo("success");
        assertThat(succeeding.get("log").toString()).contains("RESULT region=east orders=1035 units=11096 revenue=102255.07");
        JsonNode run = api.run(runOf(succeeding.get("id").asLong()));
        assertThat(run.get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(run.get("name").asText()).isEqualTo("livy-example");
        assertThat(run.get("sparkConf").get("spark.sql.shuffle.partitions").asText()).isEqualTo("4");
    }

    @Test
    void aFailingJobIsDeadWithItsError() throws Exception {
        JsonNode failing = seen.get("failing");

        assertThat(failing.get("state").asText()).isEqualTo("dead");
        JsonNode run = api.run(runOf(failing.get("id").asLong()));
        assertThat(run.get("state").asText()).isEqualTo("FAILED");
        assertThat(run.get("reason").asText()).isEqualTo("USER_CODE_ERROR");
        assertThat(api.logs(run.get("id").asText())).contains("ValueError: bad input row 7");
    }

    @Test
    void theHdinsightBackendsLivyClientFollowsAndKillsABatch() throws Exception {
        Path token = Files.writeString(home.resolve("token"), controlPlane.adminToken());
        LivyClient livy = new LivyClient(HttpClient.newHttpClient(), controlPlane.baseUri().resolve("/livy"), "sparkplane",
                SecretReference.parse("file:" + token), Duration.ofSeconds(30));
        String name = "java-livy-client-" + UUID.randomUUID();

        LivyBatch submitted = livy.submit(new LivyBatchRequest(name, JOBS.resolve("sleeps.py").toString(), null, List.of("300"), null, null,
                null, null, "1g", 1, null, null, 1, new TreeMap<>(Map.of("spark.sql.shuffle.partitions", "2"))));
        LivyBatch batch = awaitBatch(livy, submitted.id(), state -> state.equals("running"));
        assertThat(LivyBatchStates.status(batch.state(), List.of(), new ClusterTopology(1, 1, 0, Map.of(), List.of())))
                .isInstanceOfSatisfying(ClusterStatus.Active.class, active -> assertThat(active.jobStarted()).isTrue());
        assertThat(livy.batches()).as("listed by the name it was given").anyMatch(listed -> name.equals(listed.name()));

        assertThat(livy.delete(submitted.id())).isTrue();
        LivyBatch killed = awaitBatch(livy, submitted.id(), LivyBatchStates::ended);

        assertThat(killed.state()).isEqualTo("killed");
        assertThat(livy.log(submitted.id())).as("the log of a killed batch is still read").isPresent();
        assertThat(api.run(runOf(submitted.id())).get("state").asText()).isEqualTo("CANCELLED");
    }

    private static LivyBatch awaitBatch(LivyClient livy, int id, java.util.function.Predicate<String> state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        LivyBatch batch = livy.batch(id).orElseThrow();
        while (!state.test(batch.state()) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            batch = livy.batch(id).orElseThrow();
        }
        assertThat(state.test(batch.state())).as("batch " + id + " is " + batch.state()).isTrue();
        return batch;
    }

    @Test
    void everyBatchIsListedAndSessionsAreRefused() {
        List<Long> listed = new ArrayList<>();
        seen.get("listed").forEach(id -> listed.add(id.asLong()));

        assertThat(listed).contains(seen.get("succeeding").get("id").asLong(), seen.get("failing").get("id").asLong());
        assertThat(seen.get("session").get("status").asInt()).isEqualTo(501);
        assertThat(seen.get("session").get("body").get("detail").asText()).contains("interactive sessions are not supported");
    }
}
