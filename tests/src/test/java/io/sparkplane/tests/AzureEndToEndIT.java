package io.sparkplane.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.common.StorageSharedKeyCredential;
import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.spi.storage.Location;
import io.sparkplane.store.azure.AzuritePeer;
import io.sparkplane.store.azure.BlobObjectStore;
import io.sparkplane.testkit.aws.MotoHarness;
import io.sparkplane.testkit.azure.AzureBlobTransfer;
import io.sparkplane.testkit.azure.FakeHdInsightArmServer;
import io.sparkplane.testkit.azure.LivyBatch;
import io.sparkplane.testkit.databricks.FakeDatabricksServer;
import io.sparkplane.testkit.databricks.RunView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Azure backends through the API, on the packaged control plane, with staging on Azurite
 * ({@code abfss://}): runs on an {@code hdinsight} profile of each mode and on a {@code databricks}
 * profile (Azure Databricks). Their calls go to the testkit's fakes, named so, in their "run the
 * jobs" mode: {@code FakeHdInsightArmServer} (Azure Resource Manager's HDInsight endpoints, each
 * running cluster with a Livy of its own) and {@link FakeDatabricksServer} (the Jobs and Clusters
 * REST endpoints). The fakes play the cloud's part: they run each batch's or task's spark-submit on
 * the local Spark from the inputs the control plane staged in Azurite. Everything else is
 * Sparkplane's own: staging, the backends' calls through the Azure and Databricks SDKs and the Livy
 * client, the listener's reports, the autoscaler's resizes, the driver output handed over by the
 * service, cancel and sweep.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AzureEndToEndIT {

    private static final Path JOBS = Path.of("src/test/resources/jobs").toAbsolutePath();
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
    private static final String CONTAINER = "staging";
    private static final String STAGING = "abfss://" + CONTAINER + "@" + AzuritePeer.ACCOUNT + ".dfs.core.windows.net/sparkplane/";
    private static final String DATABRICKS_TOKEN = "dapi-" + UUID.randomUUID();
    private static final String SUBSCRIPTION = "00000000-0000-0000-0000-0000000000e2";
    private static final String RESOURCE_GROUP = "sparkplane-e2e";
    private static final String SHARED_CLUSTER = "shared-spark";
    private static final String LOGIN = "admin";
    private static final String LOGIN_PASSWORD = "Gateway-" + UUID.randomUUID();

    private Path home;
    private AzuritePeer azurite;
    private FakeDatabricksServer databricks;
    private FakeHdInsightArmServer hdinsight;
    private ControlPlaneProcess controlPlane;
    private SparkplaneClient client;

    @BeforeAll
    void start() throws Exception {
        home = Files.createTempDirectory("sparkplane-azure-e2e-");
        azurite = AzuritePeer.start();
        azurite.createContainer(CONTAINER);
        AzureBlobTransfer blobs = new AzureBlobTransfer(azurite.endpoint(), new StorageSharedKeyCredential(AzuritePeer.ACCOUNT,
                AzuritePeer.ACCOUNT_KEY));
        Path sparkSubmit = MotoHarness.sparkSubmitOf(ControlPlaneProcess.PYTHON);
        hdinsight = FakeHdInsightArmServer.start(home.resolve("fake-hdinsight.log"), sparkSubmit, ControlPlaneProcess.PYTHON, blobs);
        hdinsight.clusterStartDelay(Duration.ofSeconds(1));
        hdinsight.createExistingCluster(SUBSCRIPTION, RESOURCE_GROUP, SHARED_CLUSTER, LOGIN, LOGIN_PASSWORD, 2);
        databricks = FakeDatabricksServer.start(home.resolve("fake-databricks.log"), sparkSubmit, ControlPlaneProcess.PYTHON, blobs);
        databricks.acceptToken(DATABRICKS_TOKEN);
        databricks.clusterStartDelay(Duration.ofSeconds(1));
        controlPlane = new ControlPlaneProcess(Files.createDirectories(home.resolve("control-plane")))
                .withProperty("sparkplane.staging.location", STAGING)
                .withProperty("sparkplane.sweep-interval", "2s")
                .withProperty("sparkplane.store.azure.endpoint", azurite.endpoint())
                .withProperty("sparkplane.store.azure.account-key", AzuritePeer.ACCOUNT_KEY)
                .withEnvironment("DATABRICKS_PAT", DATABRICKS_TOKEN)
                .withEnvironment("HDI_PASSWORD", LOGIN_PASSWORD)
                .withEnvironment("HDI_WRONG_PASSWORD", "not-" + LOGIN_PASSWORD);
        Map<String, String> common = Map.of(
                "type", "hdinsight",
                "subscription-id", SUBSCRIPTION,
                "resource-group", RESOURCE_GROUP,
                "login-username", LOGIN,
                "login-password", "env:HDI_PASSWORD",
                "arm-endpoint", hdinsight.endpoint().toString(),
                // each fake cluster's Livy is under the fake's own address, not at <cluster>.azurehdinsight.net
                "livy-endpoint", hdinsight.livyEndpointTemplate().replace("{clusterName}", "{cluster}"),
                "credentials", "none",
                "status-poll-interval", "PT1S",
                "max-executors-per-run", "4");
        common.forEach((name, value) -> controlPlane.withProperty("sparkplane.backends.hdinsight." + name, value));
        controlPlane.withProperty("sparkplane.backends.hdinsight.cluster-name", SHARED_CLUSTER);
        common.forEach((name, value) -> controlPlane.withProperty("sparkplane.backends.hdinsight-ephemeral." + name, value));
        Map.of("mode", "ephemeral",
                "region", "westeurope",
                "storage-account", AzuritePeer.ACCOUNT,
                "storage-key", "env:HDI_STORAGE_KEY")
                .forEach((name, value) -> controlPlane.withProperty("sparkplane.backends.hdinsight-ephemeral." + name, value));
        controlPlane.withEnvironment("HDI_STORAGE_KEY", AzuritePeer.ACCOUNT_KEY);
        // a profile whose cluster login Livy refuses
        common.forEach((name, value) -> controlPlane.withProperty("sparkplane.backends.hdinsight-refused." + name, value));
        controlPlane.withProperty("sparkplane.backends.hdinsight-refused.cluster-name", SHARED_CLUSTER)
                .withProperty("sparkplane.backends.hdinsight-refused.login-password", "env:HDI_WRONG_PASSWORD");
        Map.of("type", "databricks",
                "host", databricks.host(),
                "token", "env:DATABRICKS_PAT",
                "spark-version", "15.4.x-scala2.12",
                "node-type", "Standard_DS3_v2",
                "autoscale", "false",
                "status-poll-interval", "PT1S",
                "max-executors-per-run", "4")
                .forEach((name, value) -> controlPlane.withProperty("sparkplane.backends.databricks." + name, value));
        controlPlane.start();
        client = controlPlane.client();
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (controlPlane != null) {
                controlPlane.close();
            }
        } finally {
            try {
                if (databricks != null) {
                    databricks.close();
                }
                if (hdinsight != null) {
                    hdinsight.close();
                }
            } finally {
                if (azurite != null) {
                    azurite.close();
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

    /** The batch of a run on the shared cluster: Sparkplane names it {@code sparkplane/<profile>/<cluster name>}. */
    private LivyBatch sharedBatchOf(String runId) {
        return hdinsight.livy(SHARED_CLUSTER).batches().stream()
                .filter(batch -> batch.name().orElse("").endsWith("/" + clusterName(runId)))
                .findFirst().orElseThrow(() -> new AssertionError("no Livy batch of run " + runId + ": " + hdinsight.livy(SHARED_CLUSTER).batches()));
    }

    /** The HDInsight cluster of an attempt: a hash first (HDInsight wants the first six characters to differ), then Sparkplane's name. */
    private static boolean isClusterOf(String hdInsightName, String runId) {
        return hdInsightName.endsWith("-" + clusterName(runId));
    }

    private void awaitDeleted(String runId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (hdinsight.deletedClusters().stream().noneMatch(name -> isClusterOf(name, runId)) && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertThat(hdinsight.deletedClusters()).as("deleted clusters").anyMatch(name -> isClusterOf(name, runId));
    }

    @Test
    void aPySparkJobRunsAsALivyBatchOnTheSharedClusterWithItsLogHandedOver() throws Exception {
        String id = submit("hdinsight", "wide_stage.py", "8", "0.5");

        JsonNode run = client.awaitEnd(id, RUN_TIMEOUT);
        String logs = client.followLogs(id);

        assertThat(run.get("state").asText()).as(run + "\n" + logs).isEqualTo("SUCCEEDED");
        assertThat(client.logComplete(id)).isTrue();
        assertThat(logs).contains("RESULT sum_of_squares=").contains("the driver's output, from ");
        assertThat(client.metrics(id).toString()).as("the listener reported the backlog to the engine API").contains("pendingTasks");
        assertThat(hdinsight.clusters()).as("a shared profile makes no cluster").noneMatch(cluster -> isClusterOf(cluster.name(), id));
    }

    @Test
    void anEphemeralClusterIsMadeForTheAttemptResizedAndDeleted() throws Exception {
        String id = submit("hdinsight-ephemeral", "wide_stage.py", "16", "1.0");

        JsonNode run = client.awaitEnd(id, RUN_TIMEOUT);
        String logs = client.followLogs(id);

        assertThat(run.get("state").asText()).as(run + "\n" + logs).isEqualTo("SUCCEEDED");
        assertThat(logs).contains("RESULT sum_of_squares=1240");
        awaitDeleted(id);
        assertThat(hdinsight.workerCounts().entrySet()).as("the worker nodes: first, then grown by the autoscaler")
                .anySatisfy(counts -> {
                    assertThat(isClusterOf(counts.getKey(), id)).isTrue();
                    assertThat(counts.getValue()).hasSizeGreaterThan(1).isSorted();
                });
        assertThat(hdinsight.calls().toString()).as("no login password in a call").doesNotContain(LOGIN_PASSWORD);
    }

    @Test
    void aFailingBatchEndsUserCodeErrorAndACancelledOneIsKilledWithItsLogKept() throws Exception {
        String failing = submit("hdinsight", "fails_with_value_error.py");
        String cancelled = submit("hdinsight", "sleeps.py", "300");

        JsonNode failed = client.awaitEnd(failing, RUN_TIMEOUT);
        client.awaitState(cancelled, Set.of("RUNNING"), RUN_TIMEOUT);
        assertThat(client.cancel(cancelled).statusCode()).isEqualTo(202);
        JsonNode stopped = client.awaitEnd(cancelled, RUN_TIMEOUT);

        assertThat(failed.get("state").asText()).isEqualTo("FAILED");
        assertThat(failed.get("reason").asText()).isEqualTo("USER_CODE_ERROR");
        assertThat(failed.get("message").asText()).contains("ValueError: bad input row 7");
        assertThat(client.followLogs(failing)).contains("ValueError: bad input row 7");
        assertThat(stopped.get("state").asText()).isEqualTo("CANCELLED");
        assertThat(client.followLogs(cancelled)).as("the batch's log, kept before Livy forgot the batch").contains("the driver's output, from ");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (hdinsight.livy(SHARED_CLUSTER).batches().stream().anyMatch(batch -> batch.name().orElse("").endsWith(clusterName(cancelled)))
                && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertThat(hdinsight.livy(SHARED_CLUSTER).batches()).as("the cancelled batch was deleted")
                .noneMatch(batch -> batch.name().orElse("").endsWith(clusterName(cancelled)));
    }

    @Test
    void aProfileWhoseClusterLoginLivyRefusesTakesNoRunsWithAProblemNamingWhy() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.readString(controlPlane.log()).contains("engine profile hdinsight-refused (hdinsight) cannot run jobs")
                && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }

        var response = client.call("POST", "/api/v1/runs", """
                {"backend": "hdinsight-refused", "entrypoint": {"pythonFile": "%s"}}""".formatted(JOBS.resolve("sleeps.py")));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("\"backend\"").contains("login-password").doesNotContain(LOGIN_PASSWORD);
        assertThat(client.listRuns("").toString()).as("nothing stored").doesNotContain("\"backend\":\"hdinsight-refused\"");
    }

    @Test
    void aRunOnAnAzureBackendFromAWorkspaceStagingOnDiskIsRefusedBeforeItIsAccepted() throws Exception {
        client.createWorkspace("""
                {"id": "on-disk-azure", "stagingLocation": "file://%s/", "allowedSchemes": ["abfss"]}""".formatted(home.resolve("disk-staging")));

        for (String backend : List.of("hdinsight", "databricks")) {
            var response = client.call("POST", "/api/v1/runs", """
                    {"workspace": "on-disk-azure", "backend": "%s", "entrypoint": {"pythonFile": "%s"}}""".formatted(backend,
                    STAGING + "job.py"));

            assertThat(response.statusCode()).as(backend + ": " + response.body()).isEqualTo(400);
            assertThat(response.body()).contains("\"backend\"");
        }
    }

    private RunView databricksRunOf(String runId) {
        return databricks.runs().stream().filter(run -> run.runName().equals("sp-" + runId + "-1")).findFirst()
                .orElseThrow(() -> new AssertionError("no Databricks run of run " + runId + ": " + databricks.runs()));
    }

    @Test
    void aPySparkJobRunsAsOneDatabricksRunResizedByTheAutoscalerWithItsOutputHandedOver() throws Exception {
        String id = submit("databricks", "wide_stage.py", "16", "1.0");

        JsonNode run = client.awaitEnd(id, RUN_TIMEOUT);
        String logs = client.followLogs(id);

        assertThat(run.get("state").asText()).as(run + "\n" + logs).isEqualTo("SUCCEEDED");
        assertThat(client.logComplete(id)).isTrue();
        assertThat(logs).contains("RESULT sum_of_squares=1240").contains("the driver's output, from ");
        RunView databricksRun = databricksRunOf(id);
        assertThat(databricksRun.toString()).as("no token in the run").doesNotContain(controlPlane.adminToken());
        assertThat(client.metrics(id).toString()).as("the listener reported the backlog to the engine API").contains("pendingTasks");
        try (BlobObjectStore staging = new BlobObjectStore(azurite.settings())) {
            assertThat(staging.list(Location.parse(STAGING + "history/"))).as("Spark's event log in history/, for a History Server")
                    .anyMatch(object -> object.location().key().contains(id + "-1-"));
        }
    }

    @Test
    void aFailingDatabricksRunEndsUserCodeErrorWithItsTraceback() throws Exception {
        String id = submit("databricks", "fails_with_value_error.py");

        JsonNode run = client.awaitEnd(id, RUN_TIMEOUT);

        assertThat(run.get("state").asText()).isEqualTo("FAILED");
        assertThat(run.get("reason").asText()).isEqualTo("USER_CODE_ERROR");
        assertThat(run.get("message").asText()).contains("ValueError: bad input row 7");
        assertThat(client.followLogs(id)).contains("ValueError: bad input row 7");
    }

    @Test
    void aCancelledDatabricksRunIsCancelledThere() throws Exception {
        String id = submit("databricks", "sleeps.py", "300");
        client.awaitState(id, Set.of("RUNNING"), RUN_TIMEOUT);

        assertThat(client.cancel(id).statusCode()).isEqualTo(202);
        JsonNode run = client.awaitEnd(id, RUN_TIMEOUT);

        assertThat(run.get("state").asText()).isEqualTo("CANCELLED");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!databricks.localRuns().getOrDefault(databricksRunOf(id).runId(), "").contains("killed") && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertThat(databricks.localRuns().get(databricksRunOf(id).runId())).as("the task's spark-submit was stopped").contains("killed");
    }
}
