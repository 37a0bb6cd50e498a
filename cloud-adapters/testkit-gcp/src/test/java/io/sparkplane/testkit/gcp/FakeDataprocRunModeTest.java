package io.sparkplane.testkit.gcp;

import static io.sparkplane.testkit.gcp.FakeDataprocServer.PROJECT;
import static io.sparkplane.testkit.gcp.FakeDataprocServer.REGION;
import static io.sparkplane.testkit.gcp.TestClients.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.gax.longrunning.OperationFuture;
import com.google.api.gax.rpc.InternalException;
import com.google.cloud.dataproc.v1.Batch;
import com.google.cloud.dataproc.v1.BatchControllerClient;
import com.google.cloud.dataproc.v1.BatchOperationMetadata;
import com.google.cloud.dataproc.v1.Cluster;
import com.google.cloud.dataproc.v1.ClusterConfig;
import com.google.cloud.dataproc.v1.ClusterControllerClient;
import com.google.cloud.dataproc.v1.CreateBatchRequest;
import com.google.cloud.dataproc.v1.EnvironmentConfig;
import com.google.cloud.dataproc.v1.ExecutionConfig;
import com.google.cloud.dataproc.v1.Job;
import com.google.cloud.dataproc.v1.JobControllerClient;
import com.google.cloud.dataproc.v1.JobPlacement;
import com.google.cloud.dataproc.v1.JobReference;
import com.google.cloud.dataproc.v1.JobStatus;
import com.google.cloud.dataproc.v1.PySparkBatch;
import com.google.cloud.dataproc.v1.PySparkJob;
import com.google.cloud.dataproc.v1.SubmitJobRequest;
import io.sparkplane.store.gcs.FakeGcsServerPeer;
import io.sparkplane.testkit.aws.MotoHarness;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fake's "run the jobs" mode with the project's PySpark (the .venv's python, system property
 * sparkplane.python) and fake-gcs-server: a job's files come out of GCS, its spark-submit runs in
 * local mode, its driver output and event log go back where Dataproc puts them. Two runs start a
 * Spark driver JVM only (about 5 s of CPU each); one starts a SparkSession and runs a job on it
 * (about 15 s of CPU on two cores).
 */
class FakeDataprocRunModeTest {

    private static final Duration LIMIT = Duration.ofSeconds(120);
    private static final String BUCKET = "sparkplane-run-mode";
    private static final String PARENT = "projects/" + PROJECT + "/locations/" + REGION;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A SparkSession and one job on it; a helper module from --py-files; its argument; all printed. */
    private static final String SUMMING = """
            import sys
            from helper import greeting
            from pyspark.sql import SparkSession
            spark = SparkSession.builder.appName("summing").getOrCreate()
            total = spark.sparkContext.parallelize(range(1, 101), 2).sum()
            print(greeting(sys.argv[1]) + " total=" + str(total))
            spark.stop()
            """;
    private static final String HELPER = """
            def greeting(name):
                return "hello " + name
            """;
    /** Fails in the driver before any SparkSession: the cheapest failing driver. */
    private static final String FAILING = """
            print("about to fail")
            raise ValueError("boom from the batch")
            """;
    /** Waits to be cancelled, its marker argument on its command line. */
    private static final String WAITING = """
            import sys, time
            print("waiting with " + sys.argv[1], flush=True)
            time.sleep(120)
            """;

    private static FakeGcsServerPeer gcs;
    private static FakeDataprocServer fake;
    private static ClusterControllerClient clusters;
    private static JobControllerClient jobs;
    private static BatchControllerClient batches;
    private static Cluster cluster;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        gcs = FakeGcsServerPeer.start();
        post("/storage/v1/b?project=" + PROJECT, "application/json", "{\"name\": \"" + BUCKET + "\"}");
        put("apps/summing.py", SUMMING);
        put("apps/helper.py", HELPER);
        put("apps/failing.py", FAILING);
        put("apps/waiting.py", WAITING);

        Path python = Path.of(System.getProperty("sparkplane.python", ".venv/bin/python"));
        Path log = Path.of("target", "fake-dataproc-run-mode.log").toAbsolutePath();
        fake = FakeDataprocServer.start(log, MotoHarness.sparkSubmitOf(python), python, gcs.endpoint());
        clusters = TestClients.clusters(fake);
        jobs = TestClients.jobs(fake);
        batches = TestClients.batches(fake);
        cluster = clusters.createClusterAsync(PROJECT, REGION, Cluster.newBuilder().setClusterName("runs")
                .setConfig(ClusterConfig.newBuilder().setConfigBucket(BUCKET)).build()).get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable closeable : new AutoCloseable[] {clusters, jobs, batches, fake, gcs}) {
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
    void aPySparkJobRunsToDoneWithItsOutputAndEventLogInGcs() throws Exception {
        Job submitted = jobs.submitJob(SubmitJobRequest.newBuilder().setProjectId(PROJECT).setRegion(REGION)
                .setJob(Job.newBuilder()
                        .setReference(JobReference.newBuilder().setJobId("summing"))
                        .setPlacement(JobPlacement.newBuilder().setClusterName("runs"))
                        .setPysparkJob(PySparkJob.newBuilder()
                                .setMainPythonFileUri("gs://" + BUCKET + "/apps/summing.py")
                                .addPythonFileUris("gs://" + BUCKET + "/apps/helper.py")
                                .addArgs("dataproc")
                                .putProperties("spark.eventLog.enabled", "true")
                                .putProperties("spark.eventLog.dir", "gs://" + BUCKET + "/events")
                                // local mode has no executors to allocate: the fake drops these
                                .putProperties("spark.dynamicAllocation.enabled", "true")
                                .putProperties("spark.ui.enabled", "false")))
                .build());

        await("the job DONE", LIMIT, () -> DataprocState.isTerminal(state("summing")));
        Job done = jobs.getJob(PROJECT, REGION, "summing");
        assertThat(done.getStatus().getState()).as(done.getStatus().getDetails()).isEqualTo(JobStatus.State.DONE);
        assertThat(done.getStatusHistoryList()).extracting(JobStatus::getState)
                .containsExactly(JobStatus.State.PENDING, JobStatus.State.SETUP_DONE, JobStatus.State.RUNNING);
        assertThat(fake.localRuns()).containsEntry("summing", "exit 0");

        // refreshed while it runs, and put a last time about 1 s after the end, as Dataproc puts it
        String output = awaitText(submitted.getDriverOutputResourceUri() + ".000000000", "hello dataproc total=5050");
        assertThat(output).contains("SparkContext");
        // Spark 4 writes a rolling event log: a directory eventlog_v2_<application id> of parts and a status file
        await("the event log", Duration.ofSeconds(20), () -> objects("events/").stream().anyMatch(name -> name.contains("/events_1_local-")));
        assertThat(objects("events/")).allMatch(name -> name.startsWith("events/eventlog_v2_local-"));
    }

    @Test
    void aFailingBatchEndsFailedWithItsOutput() throws Exception {
        OperationFuture<Batch, BatchOperationMetadata> future = batches.createBatchAsync(CreateBatchRequest.newBuilder()
                .setParent(PARENT)
                .setBatchId("failing-batch")
                .setBatch(Batch.newBuilder()
                        .setPysparkBatch(PySparkBatch.newBuilder().setMainPythonFileUri("gs://" + BUCKET + "/apps/failing.py"))
                        .setEnvironmentConfig(EnvironmentConfig.newBuilder()
                                .setExecutionConfig(ExecutionConfig.newBuilder().setStagingBucket(BUCKET))))
                .build());

        assertThatThrownBy(() -> future.get(LIMIT.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(InternalException.class)
                .hasMessageContaining("ValueError: boom from the batch");
        Batch failed = batches.getBatch(PARENT + "/batches/failing-batch");
        assertThat(failed.getState()).isEqualTo(Batch.State.FAILED);
        assertThat(failed.getStateMessage()).contains("ValueError: boom from the batch").contains("Driver exited with code 1");
        assertThat(failed.getStateHistoryList()).extracting(Batch.StateHistory::getState)
                .containsExactly(Batch.State.PENDING, Batch.State.RUNNING);

        String output = awaitText(failed.getRuntimeInfo().getOutputUri() + ".000000000", "ValueError: boom from the batch");
        assertThat(output).contains("about to fail");
        await("the run's outcome", Duration.ofSeconds(10), () -> "exit 1".equals(fake.localRuns().get("failing-batch")));
    }

    @Test
    void aCancelledJobHasItsProcessTreeKilled() throws Exception {
        String marker = "marker-" + UUID.randomUUID();
        jobs.submitJob(SubmitJobRequest.newBuilder().setProjectId(PROJECT).setRegion(REGION)
                .setJob(Job.newBuilder()
                        .setReference(JobReference.newBuilder().setJobId("waiting"))
                        .setPlacement(JobPlacement.newBuilder().setClusterName("runs"))
                        .setPysparkJob(PySparkJob.newBuilder()
                                .setMainPythonFileUri("gs://" + BUCKET + "/apps/waiting.py")
                                .addArgs(marker)))
                .build());
        // the output of a running job, refreshed every few seconds
        awaitText("gs://" + BUCKET + "/google-cloud-dataproc-metainfo/" + cluster.getClusterUuid() + "/jobs/waiting/driveroutput.000000000",
                "waiting with " + marker);
        assertThat(processesWith(marker)).isNotEmpty();

        jobs.cancelJob(PROJECT, REGION, "waiting");

        await("the job CANCELLED", LIMIT, () -> state("waiting") == JobStatus.State.CANCELLED);
        assertThat(fake.localRuns()).containsEntry("waiting", "killed");
        assertThat(processesWith(marker)).isEmpty();
        assertThat(jobs.getJob(PROJECT, REGION, "waiting").getStatusHistoryList()).extracting(JobStatus::getState)
                .containsSubsequence(JobStatus.State.RUNNING, JobStatus.State.CANCEL_PENDING, JobStatus.State.CANCEL_STARTED);
    }

    // --- helpers

    private static JobStatus.State state(String jobId) {
        return jobs.getJob(PROJECT, REGION, jobId).getStatus().getState();
    }

    /** Every live process whose command line holds {@code marker}: spark-submit's JVM and the Python driver take the job's argument. */
    private static List<ProcessHandle> processesWith(String marker) {
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(process -> process.info().commandLine().map(line -> line.contains(marker)).orElse(false)
                        || process.info().arguments().map(arguments -> String.join(" ", arguments).contains(marker)).orElse(false))
                .toList();
    }

    private static void put(String object, String text) throws IOException, InterruptedException {
        post("/upload/storage/v1/b/" + BUCKET + "/o?uploadType=media&name=" + URLEncoder.encode(object, StandardCharsets.UTF_8),
                "text/x-python", text);
    }

    private static void post(String path, String contentType, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(gcs.endpoint() + path))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    }

    /** The object's text, once it holds {@code expected}. */
    private static String awaitText(String uri, String expected) throws Exception {
        GcsJsonClient client = new GcsJsonClient(gcs.endpoint());
        String[] text = new String[1];
        await(expected + " in " + uri, LIMIT, () -> {
            try {
                text[0] = new String(client.download(uri), StandardCharsets.UTF_8);
                return text[0].contains(expected);
            } catch (IOException e) {
                return false;
            }
        });
        return text[0];
    }

    private static List<String> objects(String prefix) {
        try {
            return list(prefix);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> list(String prefix) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(gcs.endpoint() + "/storage/v1/b/" + BUCKET
                + "/o?prefix=" + URLEncoder.encode(prefix, StandardCharsets.UTF_8))).GET().build(), HttpResponse.BodyHandlers.ofString());
        List<String> names = new ArrayList<>();
        for (JsonNode item : JSON.readTree(response.body()).path("items")) {
            names.add(item.path("name").asText());
        }
        return names;
    }
}
