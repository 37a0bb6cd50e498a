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
 * as a Basic password, a running batch killed, and interactive sessions refused with 501. Each batch
 * is checked as the run it became in {@code /api/v1}. Then the {@code hdinsight} backend's own Livy
 * client, which talks to HDInsight's Livy, against this second server of the protocol: a batch
 * submitted, followed to its end through the backend's state mapping, its log read.
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
                JOBS.resolve("fails_with_value_error.py").toString(), JOBS.resolve("sleeps.py").toString()));
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
    void aKilledBatchIsCancelled() throws Exception {
        assertThat(seen.get("killed_before").asText()).isEqualTo("running");
        JsonNode killed = seen.get("killed");

        assertThat(killed.get("state").asText()).isEqualTo("killed");
        assertThat(api.run(runOf(killed.get("id").asLong())).get("state").asText()).isEqualTo("CANCELLED");
    }

    @Test
    void theHdinsightBackendsLivyClientRunsTheExampleJobToSuccess() throws Exception {
        Path token = Files.writeString(home.resolve("token"), controlPlane.adminToken());
        LivyClient livy = new LivyClient(HttpClient.newHttpClient(), controlPlane.baseUri().resolve("/livy"), "sparkplane",
                SecretReference.parse("file:" + token), Duration.ofSeconds(30));
        String name = "java-livy-client-" + UUID.randomUUID();

        LivyBatch submitted = livy.submit(new LivyBatchRequest(name, EXAMPLE.toString(), null, List.of("sales.csv", "java-report"), null, null,
                List.of(SALES.toString()), null, "1g", 1, null, null, 1, new TreeMap<>(Map.of("spark.sql.shuffle.partitions", "2"))));
        long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
        LivyBatch batch = submitted;
        while (!LivyBatchStates.ended(batch.state()) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            batch = livy.batch(submitted.id()).orElseThrow();
        }
        List<String> log = livy.log(submitted.id()).orElseThrow();

        assertThat(batch.state()).as(String.join("\n", log)).isEqualTo("success");
        assertThat(LivyBatchStates.status(batch.state(), log, new ClusterTopology(1, 1, 0, Map.of(), List.of())))
                .isInstanceOfSatisfying(ClusterStatus.Finished.class, finished -> assertThat(finished.outcome().succeeded()).isTrue());
        assertThat(String.join("\n", log)).contains("RESULT region=east orders=1035 units=11096 revenue=102255.07");
        assertThat(livy.batches()).as("listed by the name it was given").anyMatch(listed -> name.equals(listed.name()));
        assertThat(api.run(runOf(submitted.id())).get("state").asText()).isEqualTo("SUCCEEDED");
    }

    @Test
    void everyBatchIsListedAndSessionsAreRefused() {
        List<Long> listed = new ArrayList<>();
        seen.get("listed").forEach(id -> listed.add(id.asLong()));

        assertThat(listed).contains(seen.get("succeeding").get("id").asLong(), seen.get("failing").get("id").asLong(),
                seen.get("killed").get("id").asLong());
        assertThat(seen.get("session").get("status").asInt()).isEqualTo(501);
        assertThat(seen.get("session").get("body").get("detail").asText()).contains("interactive sessions are not supported");
    }
}
