package io.sparkplane.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.grpc.InstantiatingGrpcChannelProvider;
import com.google.cloud.dataproc.v1.Batch;
import com.google.cloud.dataproc.v1.Cluster;
import com.google.cloud.dataproc.v1.ClusterConfig;
import com.google.cloud.dataproc.v1.ClusterControllerClient;
import com.google.cloud.dataproc.v1.ClusterControllerSettings;
import com.google.cloud.dataproc.v1.Job;
import com.google.cloud.dataproc.v1.JobStatus;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.Storage;
import io.grpc.ManagedChannelBuilder;
import io.sparkplane.spi.storage.Location;
import io.sparkplane.store.gcs.FakeGcsServerPeer;
import io.sparkplane.store.gcs.GcsCredentials;
import io.sparkplane.store.gcs.GcsObjectStore;
import io.sparkplane.store.gcs.GcsStorageFactory;
import io.sparkplane.store.gcs.GcsStoreSettings;
import io.sparkplane.testkit.aws.MotoHarness;
import io.sparkplane.testkit.gcp.FakeDataprocServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Google Cloud backends through the API, on the packaged control plane: runs on a {@code
 * dataproc} profile and a {@code dataproc-serverless} profile whose calls go over gRPC to the
 * testkit's {@link FakeDataprocServer} (a fake of Google's published Dataproc service definitions)
 * in its "run the jobs" mode, with staging on fake-gcs-server. The fake keeps the clusters, jobs,
 * batches and operations the control plane makes and plays the cloud's part: it runs each job's or
 * batch's spark-submit on the local Spark from the inputs the control plane staged in GCS and writes
 * the driver output where Dataproc would. Everything on the way is Sparkplane's own: staging, the
 * backend's calls through Google's client, the listener's reports to the engine API, the
 * autoscaler's resizes, the driver output read back from staging, cancel, restart and sweep.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GcpEndToEndIT {

    private static final Path JOBS = Path.of("src/test/resources/jobs").toAbsolutePath();
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
    private static final String BUCKET = "staging";
    private static final String STAGING = "gs://" + BUCKET + "/sparkplane/";
    private static final String REFUSED_PROJECT = "refused-project";

    private Path home;
    private FakeGcsServerPeer gcs;
    private FakeDataprocServer dataproc;
    /** A second fake, whose every look at a cluster fails: a service that cannot be asked. */
    private FakeDataprocServer unanswering;
    private String stuckRun;
    private ControlPlaneProcess controlPlane;
    private SparkplaneClient client;

    @BeforeAll
    void start() throws Exception {
        home = Files.createTempDirectory("sparkplane-gcp-e2e-");
        gcs = FakeGcsServerPeer.start();
        try (Storage storage = GcsStorageFactory.create(settings())) {
            storage.create(BucketInfo.of(BUCKET));
        }
        dataproc = FakeDataprocServer.start(home.resolve("fake-dataproc.log"), MotoHarness.sparkSubmitOf(ControlPlaneProcess.PYTHON),
                ControlPlaneProcess.PYTHON, gcs.endpoint());
        dataproc.clusterStartDelay(Duration.ofSeconds(1));
        dataproc.refuseProject(REFUSED_PROJECT);
        controlPlane = new ControlPlaneProcess(Files.createDirectories(home.resolve("control-plane")))
                .withProperty("sparkplane.staging.location", STAGING)
                .withProperty("sparkplane.sweep-interval", "2s")
                .withProperty("sparkplane.store.gcs.endpoint", gcs.endpoint().toString())
                .withProperty("sparkplane.store.gcs.project-id", FakeDataprocServer.PROJECT)
                .withProperty("sparkplane.store.gcs.credentials", "none");
        Map.of("type", "dataproc",
                "project", FakeDataprocServer.PROJECT,
                "region", FakeDataprocServer.REGION,
                "endpoint", dataproc.endpoint(),
                "credentials", "none",
                "status-poll-interval", "PT1S",
                "driver-log-grace", "PT2S",
                "provisioning-timeout", "PT2M",
                "max-executors-per-run", "4")
                .forEach((name, value) -> controlPlane.withProperty("sparkplane.backends.dataproc." + name, value));
        Map.of("type", "dataproc-serverless",
                "project", FakeDataprocServer.PROJECT,
                "region", FakeDataprocServer.REGION,
                "endpoint", dataproc.endpoint(),
                "credentials", "none",
                "status-poll-interval", "PT1S",
                "driver-log-grace", "PT2S")
                .forEach((name, value) -> controlPlane.withProperty("sparkplane.backends.serverless." + name, value));
        unanswering = FakeDataprocServer.start();
        unanswering.failNext("GetCluster", Integer.MAX_VALUE, io.grpc.Status.Code.INTERNAL);
        Map.of("type", "dataproc", "project", FakeDataprocServer.PROJECT, "region", FakeDataprocServer.REGION,
                "endpoint", unanswering.endpoint(), "credentials", "none", "provisioning-timeout", "PT1M")
                .forEach((name, value) -> controlPlane.withProperty("sparkplane.backends.unanswering." + name, value));
        // a profile Dataproc refuses: its project does not take these credentials' calls
        Map.of("type", "dataproc", "project", REFUSED_PROJECT, "region", FakeDataprocServer.REGION, "endpoint", dataproc.endpoint(),
                "credentials", "none")
                .forEach((name, value) -> controlPlane.withProperty("sparkplane.backends.dataproc-refused." + name, value));
        controlPlane.start();
        client = controlPlane.client();
        // its minute of provisioning passes while the other tests run
        stuckRun = submit("unanswering", "greetings.py");
    }

    private GcsStoreSettings settings() {
        return GcsStoreSettings.defaults().withEndpoint(gcs.endpoint()).withProjectId(FakeDataprocServer.PROJECT)
                .withCredentials(GcsCredentials.none());
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (controlPlane != null) {
                controlPlane.close();
            }
        } finally {
            try {
                if (dataproc != null) {
                    dataproc.close();
                }
                if (unanswering != null) {
                    unanswering.close();
                }
            } finally {
                if (gcs != null) {
                    gcs.close();
                }
                TemporaryDirectories.delete(home);
            }
        }
    }

    private String submit(String backend, String job, String... args) throws Exception {
        return client.submit("""
                {"backend": "%s", "entrypoint": {"pythonFile": "%s"}, "args": %s,
                 "autoscaling": {"minExecutors": 1, "maxExecutors": 4}}
                """.formatted(backend, JOBS.resolve(job), SparkplaneClient.JSON.writeValueAsString(List.of(args)))).get("id").asText();
    }

    private static String clusterName(String runId) {
        return "sp-" + runId + "-1";
    }

    private Job jobOf(String runId) {
        return dataproc.job(clusterName(runId)).orElseThrow(() -> new AssertionError("no Dataproc job of run " + runId + ": " + dataproc.jobs()));
    }

    private void awaitDeleted(String clusterName) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!dataproc.deletedClusters().contains(clusterName) && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertThat(dataproc.deletedClusters()).as("deleted clusters").contains(clusterName);
    }

    @Test
    void aPySparkJobRunsAsOneDataprocJobResizedByTheAutoscalerWithItsDriverOutputReadBack() throws Exception {
        String id = submit("dataproc", "wide_stage.py", "16", "1.0");

        JsonNode run = client.awaitEnd(id, RUN_TIMEOUT);
        String logs = client.followLogs(id);

        assertThat(run.get("state").asText()).as(run + "\n" + logs).isEqualTo("SUCCEEDED");
        assertThat(client.logComplete(id)).isTrue();
        Job job = jobOf(id);
        assertThat(job.getStatus().getState()).isEqualTo(JobStatus.State.DONE);
        assertThat(logs).contains("RESULT sum_of_squares=1240").contains("of the driver, from " + job.getDriverOutputResourceUri() + "*");
        assertThat(job.getDriverOutputResourceUri()).startsWith("gs://" + BUCKET + "/google-cloud-dataproc-metainfo/");
        assertThat(job.getPysparkJob().getMainPythonFileUri()).as("the job runs the staged copy")
                .isEqualTo(STAGING + "runs/" + id + "/1/inputs/0/wide_stage.py");
        assertThat(job.toString()).as("no token in the job").doesNotContain(controlPlane.adminToken());
        assertThat(job.getLabelsMap()).containsEntry("sparkplane-run-id", id);
        awaitDeleted(clusterName(id));
        assertThat(dataproc.secondaryWorkerCounts().get(clusterName(id))).as("the secondary workers: first, then each resize")
                .hasSizeGreaterThan(1).anyMatch(count -> count > 1);
        assertThat(client.metrics(id).toString()).as("the listener reported the backlog to the engine API").contains("pendingTasks");
        try (GcsObjectStore staging = new GcsObjectStore(GcsStorageFactory.create(settings()), settings())) {
            assertThat(staging.list(Location.parse(STAGING + "runs/" + id + "/1/eventlog/"))).as("Spark's event log in the attempt's staging")
                    .isNotEmpty();
            assertThat(staging.list(Location.parse(STAGING + "history/"))).as("and again in history/, for a History Server")
                    .anyMatch(object -> object.location().key().contains(id + "-1-"));
        }
    }

    @Test
    void aFailingJobEndsUserCodeErrorWithDataprocsDetailsAndItsTraceback() throws Exception {
        String id = submit("dataproc", "fails_with_value_error.py");

        JsonNode run = client.awaitEnd(id, RUN_TIMEOUT);

        assertThat(run.get("state").asText()).isEqualTo("FAILED");
        assertThat(run.get("reason").asText()).isEqualTo("USER_CODE_ERROR");
        assertThat(run.get("message").asText()).startsWith("the Dataproc job failed");
        assertThat(client.followLogs(id)).contains("ValueError: bad input row 7");
        assertThat(jobOf(id).getStatus().getState()).isEqualTo(JobStatus.State.ERROR);
        awaitDeleted(clusterName(id));
    }

    @Test
    void aCancelledRunCancelsItsJobAndDeletesItsCluster() throws Exception {
        String id = submit("dataproc", "sleeps.py", "300");
        client.awaitState(id, Set.of("RUNNING"), RUN_TIMEOUT);

        assertThat(client.cancel(id).statusCode()).isEqualTo(202);
        JsonNode run = client.awaitEnd(id, RUN_TIMEOUT);

        assertThat(run.get("state").asText()).isEqualTo("CANCELLED");
        awaitDeleted(clusterName(id));
        assertThat(jobOf(id).getStatus().getState()).isIn(JobStatus.State.CANCELLED, JobStatus.State.ERROR);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!dataproc.localRuns().getOrDefault(clusterName(id), "").contains("killed") && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertThat(dataproc.localRuns().get(clusterName(id))).as("the job's spark-submit was stopped").contains("killed");
        assertThat(client.followLogs(id)).as("a cancelled run's driver output is brought in too").contains("of the driver, from gs://");
        assertThat(client.logComplete(id)).isTrue();
    }

    @Test
    void aDataprocServerlessBatchSucceedsWithItsDriverOutput() throws Exception {
        String id = submit("serverless", "wide_stage.py", "4", "0.2");

        JsonNode run = client.awaitEnd(id, RUN_TIMEOUT);
        String logs = client.followLogs(id);

        assertThat(run.get("state").asText()).as(run + "\n" + logs).isEqualTo("SUCCEEDED");
        assertThat(logs).contains("RESULT sum_of_squares=14");
        Batch batch = batchOf(id);
        assertThat(batch.getState()).isEqualTo(Batch.State.SUCCEEDED);
        assertThat(batch.getPysparkBatch().getMainPythonFileUri()).isEqualTo(STAGING + "runs/" + id + "/1/inputs/0/wide_stage.py");
        assertThat(batch.getRuntimeConfig().getPropertiesMap()).containsEntry("spark.dynamicAllocation.maxExecutors", "4");
    }

    private Batch batchOf(String runId) {
        return dataproc.batches().stream().filter(each -> each.getLabelsMap().getOrDefault("sparkplane-run-id", "").equals(runId))
                .findFirst().orElseThrow(() -> new AssertionError("no batch of run " + runId + ": " + dataproc.batches()));
    }

    @Test
    void aFailingBatchEndsUserCodeErrorWithItsTracebackAndACancelledOneIsCancelled() throws Exception {
        String failing = submit("serverless", "fails_with_value_error.py");
        String cancelled = submit("serverless", "sleeps.py", "300");

        JsonNode failed = client.awaitEnd(failing, RUN_TIMEOUT);
        client.awaitState(cancelled, Set.of("RUNNING"), RUN_TIMEOUT);
        assertThat(client.cancel(cancelled).statusCode()).isEqualTo(202);
        JsonNode stopped = client.awaitEnd(cancelled, RUN_TIMEOUT);

        assertThat(failed.get("state").asText()).isEqualTo("FAILED");
        assertThat(failed.get("reason").asText()).isEqualTo("USER_CODE_ERROR");
        assertThat(failed.get("message").asText()).contains("ValueError: bad input row 7");
        assertThat(client.followLogs(failing)).contains("ValueError: bad input row 7");
        assertThat(batchOf(failing).getState()).isEqualTo(Batch.State.FAILED);
        assertThat(stopped.get("state").asText()).isEqualTo("CANCELLED");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (batchOf(cancelled).getState() != Batch.State.CANCELLED && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertThat(batchOf(cancelled).getState()).as("cancelled through its operation").isEqualTo(Batch.State.CANCELLED);
    }

    @Test
    void aServiceThatCannotBeAskedStillEndsTheRunAtItsProvisioningTimeoutAndItsClusterIsDeleted() throws Exception {
        JsonNode run = client.awaitEnd(stuckRun, RUN_TIMEOUT);

        assertThat(run.get("state").asText()).isEqualTo("FAILED");
        assertThat(run.get("reason").asText()).isEqualTo("PROVISIONING_FAILED");
        assertThat(run.get("message").asText()).contains("did not start the job within 60 s").contains("INTERNAL");
        assertThat(unanswering.calls()).as("the cluster made, asked about, then deleted").containsKeys("CreateCluster", "DeleteCluster");
    }

    @Test
    void aRunOnAGoogleBackendFromAWorkspaceStagingOnDiskIsRefusedBeforeItIsAccepted() throws Exception {
        client.createWorkspace("""
                {"id": "on-disk-gcp", "stagingLocation": "file://%s/", "allowedSchemes": ["gs"]}""".formatted(home.resolve("disk-staging")));

        var response = client.call("POST", "/api/v1/runs", """
                {"workspace": "on-disk-gcp", "backend": "dataproc", "entrypoint": {"pythonFile": "gs://staging/job.py"}}""");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"backend\"").contains("gs:// staging");
    }

    @Test
    void aProfileDataprocRefusesTakesNoRunsWithAProblemNamingWhy() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.readString(controlPlane.log()).contains("engine profile dataproc-refused (dataproc) cannot run jobs")
                && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }

        var response = client.call("POST", "/api/v1/runs", """
                {"backend": "dataproc-refused", "entrypoint": {"pythonFile": "%s"}}""".formatted(JOBS.resolve("sleeps.py")));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("\"backend\"").contains(REFUSED_PROJECT).contains("PERMISSION_DENIED");
        assertThat(client.listRuns("").toString()).as("nothing stored").doesNotContain("\"backend\":\"dataproc-refused\"");
    }

    @Test
    void aControlPlaneKilledMidRunAdoptsItsClusterAndASweepDeletesAStrayOne() throws Exception {
        String id = submit("dataproc", "sleeps.py", "15");
        client.awaitState(id, Set.of("RUNNING"), RUN_TIMEOUT);

        controlPlane.kill9();
        controlPlane.start();
        client = controlPlane.client();
        JsonNode run = client.awaitEnd(id, RUN_TIMEOUT);

        assertThat(run.get("state").asText()).as(run + "\n" + client.logs(id)).isEqualTo("SUCCEEDED");
        assertThat(dataproc.jobs().stream().filter(job -> job.getPlacement().getClusterName().equals(clusterName(id))))
                .as("one job for the attempt").hasSize(1);

        // a cluster with this profile's labels that no run of this control plane knows (another database's, a lost record's)
        String stray = "sp-" + UUID.randomUUID() + "-1";
        try (ClusterControllerClient clusters = ClusterControllerClient.create(ClusterControllerSettings.newBuilder()
                .setCredentialsProvider(NoCredentialsProvider.create())
                .setTransportChannelProvider(InstantiatingGrpcChannelProvider.newBuilder()
                        .setEndpoint(dataproc.endpoint().replaceFirst("^http://", ""))
                        .setChannelConfigurator(ManagedChannelBuilder::usePlaintext).build())
                .build())) {
            clusters.createClusterAsync(FakeDataprocServer.PROJECT, FakeDataprocServer.REGION, Cluster.newBuilder()
                    .setProjectId(FakeDataprocServer.PROJECT).setClusterName(stray)
                    .setConfig(ClusterConfig.newBuilder().setConfigBucket(BUCKET))
                    .putAllLabels(Map.of("sparkplane-managed-by", "sparkplane", "sparkplane-profile", "dataproc", "sparkplane-cluster", stray))
                    .build()).getInitialFuture().get(30, TimeUnit.SECONDS);
        }
        awaitDeleted(stray);
        assertThat(dataproc.clusters().stream()
                .filter(cluster -> cluster.getStatus().getState() != com.google.cloud.dataproc.v1.ClusterStatus.State.DELETING))
                .as("no cluster of a run that ended is left").allSatisfy(cluster -> {
            String runId = cluster.getLabelsMap().getOrDefault("sparkplane-run-id", "");
            assertThat(client.run(runId).get("state").asText()).isIn("QUEUED", "PROVISIONING", "RUNNING", "CANCELLING");
        });
    }
}
