package io.sparkplane.testkit.azure;

import static io.sparkplane.testkit.azure.TestHttp.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.util.BinaryData;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.store.azure.AzuritePeer;
import io.sparkplane.testkit.aws.MotoHarness;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Run mode with the project's PySpark (the .venv's python, system property sparkplane.python) and
 * Azurite as the storage account: a batch's files come out of Blob storage by their abfss:// and
 * wasbs:// URIs, its spark-submit runs in local mode, its output is its Livy log, its event log goes
 * back where spark.eventLog.dir says. One run starts a SparkSession and runs a job (about 15 s of
 * CPU), through an HDInsight cluster's Livy; one fails in the driver before any SparkSession,
 * through the standalone fake Livy.
 */
class FakeLivyRunModeTest {

    private static final Duration LIMIT = Duration.ofSeconds(180);
    private static final String CONTAINER = "runs";
    private static final String ABFSS = "abfss://" + CONTAINER + "@" + AzuritePeer.ACCOUNT + ".dfs.core.windows.net/";
    private static final String WASBS = "wasbs://" + CONTAINER + "@" + AzuritePeer.ACCOUNT + ".blob.core.windows.net/";

    /** A SparkSession and one job on it; a helper module from pyFiles; its argument; all printed. */
    private static final String SUMMING = """
            import sys
            from helper import greeting
            from pyspark.sql import SparkSession
            spark = SparkSession.builder.appName("summing").getOrCreate()
            total = spark.sparkContext.parallelize(range(1, 101), 2).sum()
            # flushed now: a pipe's buffer is written when Python exits, which the JVM that runs it may not wait for
            print(greeting(sys.argv[1]) + " total=" + str(total), flush=True)
            spark.stop()
            """;
    private static final String HELPER = """
            def greeting(name):
                return "hello " + name
            """;
    /** Fails in the driver before any SparkSession: the cheapest failing driver. */
    private static final String FAILING = """
            print("about to fail", flush=True)
            raise ValueError("boom from the batch")
            """;

    private static AzuritePeer azurite;
    private static BlobContainerClient container;
    private static FakeHdInsightArmServer hdinsight;
    private static FakeLivyServer livy;

    @BeforeAll
    static void start() throws Exception {
        azurite = AzuritePeer.start();
        StorageSharedKeyCredential key = new StorageSharedKeyCredential(AzuritePeer.ACCOUNT, AzuritePeer.ACCOUNT_KEY);
        container = new BlobServiceClientBuilder()
                .endpoint(azurite.endpoint().replace(AzureBlobTransfer.ACCOUNT_PLACEHOLDER, AzuritePeer.ACCOUNT))
                .credential(key)
                .buildClient()
                .getBlobContainerClient(CONTAINER);
        container.create();
        put("apps/summing.py", SUMMING);
        put("apps/helper.py", HELPER);
        put("apps/failing.py", FAILING);

        Path python = Path.of(System.getProperty("sparkplane.python", ".venv/bin/python"));
        Path sparkSubmit = MotoHarness.sparkSubmitOf(python);
        AzureBlobTransfer transfer = new AzureBlobTransfer(azurite.endpoint(), key);
        hdinsight = FakeHdInsightArmServer.start(Path.of("target", "fake-hdinsight-run-mode.log").toAbsolutePath(), sparkSubmit,
                python, transfer);
        hdinsight.createExistingCluster(ArmClients.SUBSCRIPTION, "runs-rg", "spark-runs", ArmClients.GATEWAY_USER,
                ArmClients.GATEWAY_PASSWORD, 2);
        livy = FakeLivyServer.builder()
                .runMode(Path.of("target", "fake-livy-run-mode.log").toAbsolutePath(), sparkSubmit, python, transfer)
                .start();
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {hdinsight, livy, azurite}) {
            try {
                if (closeable != null) {
                    closeable.close();
                }
            } catch (Exception e) {
                // the next one still closes
            }
        }
    }

    @Test
    void aPySparkBatchOnAClustersLivyRunsToSuccessWithItsOutputAsItsLogAndItsEventLogInBlobStorage() {
        TestHttp gateway = TestHttp.gateway(ArmClients.GATEWAY_USER, ArmClients.GATEWAY_PASSWORD);
        URI batches = URI.create(hdinsight.livyEndpoint("spark-runs") + "/batches");

        TestHttp.Answer created = gateway.post(batches, """
                {"file": "%sapps/summing.py", "pyFiles": ["%sapps/helper.py"], "args": ["livy"], "name": "summing",
                 "driverMemory": "1g", "numExecutors": 4,
                 "conf": {"spark.eventLog.enabled": "true", "spark.eventLog.dir": "%sevents", "spark.ui.enabled": "false",
                          "spark.dynamicAllocation.enabled": "true"}}
                """.formatted(ABFSS, WASBS, ABFSS));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        int id = created.json().path("id").asInt();

        URI state = URI.create(batches + "/" + id + "/state");
        await("the batch finished", LIMIT, () -> List.of("success", "dead", "killed").contains(gateway.get(state).json().path("state").asText()));
        JsonNode batch = gateway.get(URI.create(batches + "/" + id)).json();
        JsonNode log = gateway.get(URI.create(batches + "/" + id + "/log?size=-1")).json();
        assertThat(batch.path("state").asText()).as(log.toString()).isEqualTo("success");
        assertThat(batch.path("appId").asText()).startsWith("application_");
        List<String> lines = texts(log.path("log"));
        assertThat(lines.get(0)).isEqualTo("stdout: ");
        assertThat(lines).contains("hello livy total=5050", "\nstderr: ", "\nYARN Diagnostics: ");
        assertThat(hdinsight.livy("spark-runs").localRuns()).containsEntry(id, "exit 0");

        // Spark 4 writes a rolling event log: a directory eventlog_v2_<application id> of parts and a status file
        await("the event log", Duration.ofSeconds(20), () -> blobs("events/").stream().anyMatch(name -> name.contains("/events_1_local-")));
        assertThat(blobs("events/")).allMatch(name -> name.startsWith("events/eventlog_v2_local-"));
    }

    @Test
    void aFailingBatchEndsDeadWithItsTracebackInItsLog() {
        URI batches = URI.create(livy.endpoint() + "/batches");

        TestHttp.Answer created = TestHttp.plain().post(batches, "{\"file\": \"" + WASBS + "apps/failing.py\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        int id = created.json().path("id").asInt();

        await("the batch finished", LIMIT, () -> livy.batch(id).map(batch -> batch.state().isFinished()).orElse(false));
        LivyBatch failed = livy.batch(id).orElseThrow();
        assertThat(failed.state()).as(String.join("\n", failed.log())).isEqualTo(LivyState.DEAD);
        List<String> lines = texts(TestHttp.plain().get(URI.create(batches + "/" + id + "/log?size=-1")).json().path("log"));
        assertThat(lines).contains("about to fail", "ValueError: boom from the batch", "User application exited with status 1");
        await("the run's outcome", Duration.ofSeconds(10), () -> "exit 1".equals(livy.localRuns().get(id)));
    }

    // --- helpers

    private static void put(String name, String text) {
        container.getBlobClient(name).upload(BinaryData.fromString(text), true);
    }

    private static List<String> blobs(String prefix) {
        return container.listBlobs(new ListBlobsOptions().setPrefix(prefix), null).stream().map(BlobItem::getName).toList();
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }
}
