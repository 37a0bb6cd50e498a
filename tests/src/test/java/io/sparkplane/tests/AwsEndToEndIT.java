package io.sparkplane.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.spi.storage.Location;
import io.sparkplane.store.s3.S3ObjectStore;
import io.sparkplane.store.s3.S3StoreSettings;
import io.sparkplane.testkit.aws.MotoHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.emr.model.InstanceGroupConfig;
import software.amazon.awssdk.services.emr.model.InstanceRoleType;
import software.amazon.awssdk.services.emr.model.Tag;

/**
 * The AWS backends through the API, on the packaged control plane: runs on an {@code emr} profile
 * and an {@code emr-serverless} profile whose calls go to the AWS emulator moto behind {@link
 * MotoHarness} in its "run the jobs" mode. moto keeps the clusters, steps and job runs the control
 * plane makes; the harness plays the cloud's part: it runs each step's or job run's spark-submit on
 * the local Spark from the inputs the control plane staged in moto's S3, writes the driver's logs
 * where the service would, and sets the states the service would. Everything on the way is
 * Sparkplane's own: staging, the backend's calls, the listener's reports to the engine API, the
 * autoscaler's resizes, the driver log read back from staging, cancel, restart and sweep.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AwsEndToEndIT {

    private static final Path JOBS = Path.of("src/test/resources/jobs").toAbsolutePath();
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
    private static final String STAGING = "s3://staging/sparkplane/";

    private Path home;
    private MotoHarness moto;
    private ControlPlaneProcess controlPlane;
    private SparkplaneClient client;

    @BeforeAll
    void start() throws Exception {
        home = Files.createTempDirectory("sparkplane-aws-e2e-");
        moto = MotoHarness.start(home.resolve("moto-harness.log"), MotoHarness.sparkSubmitOf(ControlPlaneProcess.PYTHON),
                ControlPlaneProcess.PYTHON);
        moto.createBucket("staging");
        controlPlane = new ControlPlaneProcess(Files.createDirectories(home.resolve("control-plane")))
                .withProperty("sparkplane.staging.location", STAGING)
                .withProperty("sparkplane.sweep-interval", "2s")
                // the AWS SDK's default credentials chain reads these; moto takes any
                .withEnvironment("AWS_ACCESS_KEY_ID", "testing")
                .withEnvironment("AWS_SECRET_ACCESS_KEY", "testing");
        Map.of("endpoint", moto.endpoint().toString(),
                "region", MotoHarness.REGION,
                "path-style-access", "true",
                "checksums", "when-required",
                "expect-continue", "false",
                "access-key-id", "testing",
                "secret-access-key", "testing")
                .forEach((name, value) -> controlPlane.withProperty("sparkplane.store.s3." + name, value));
        Map.of("type", "emr",
                "region", MotoHarness.REGION,
                "endpoint", moto.endpoint().toString(),
                "service-role", "EMR_DefaultRole_V2",
                "instance-profile", "EMR_EC2_DefaultRole",
                "status-poll-interval", "PT1S",
                "provisioning-timeout", "PT2M",
                "max-executors-per-run", "4")
                .forEach((name, value) -> controlPlane.withProperty("sparkplane.backends.emr." + name, value));
        Map.of("type", "emr-serverless",
                "region", MotoHarness.REGION,
                "endpoint", moto.endpoint().toString(),
                "release-label", "emr-7.9.0",
                "execution-role-arn", "arn:aws:iam::123456789012:role/sparkplane-jobs",
                "driver-log-grace", "PT3S")
                .forEach((name, value) -> controlPlane.withProperty("sparkplane.backends.serverless." + name, value));
        // a profile EMR refuses: its release does not take the TASK type (ListSupportedInstanceTypes)
        Map.of("type", "emr", "region", MotoHarness.REGION, "endpoint", moto.endpoint().toString(),
                "service-role", "EMR_DefaultRole_V2", "instance-profile", "EMR_EC2_DefaultRole", "task-instance-type", "x9.huge")
                .forEach((name, value) -> controlPlane.withProperty("sparkplane.backends.emr-refused." + name, value));
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
            if (moto != null) {
                moto.close();
            }
            TemporaryDirectories.delete(home);
        }
    }

    private String submit(String backend, String job, String... args) throws Exception {
        return client.submit("""
                {"backend": "%s", "entrypoint": {"pythonFile": "%s"}, "args": %s,
                 "autoscaling": {"minExecutors": 1, "maxExecutors": 4}}
                """.formatted(backend, JOBS.resolve(job), SparkplaneClient.JSON.writeValueAsString(List.of(args)))).get("id").asText();
    }

    private JsonNode clusterOf(String runId) {
        return StreamSupport.stream(moto.emrClusters().spliterator(), false)
                .filter(cluster -> cluster.get("name").asText().equals("sp-" + runId + "-1"))
                .findFirst().orElseThrow(() -> new AssertionError("no EMR cluster of run " + runId + ": " + moto.emrClusters()));
    }

    @Test
    void aPySparkJobRunsAsOneEmrStepResizedByTheAutoscalerWithItsLogReadBackFromStaging() throws Exception {
        String id = submit("emr", "wide_stage.py", "16", "1.0");

        JsonNode run = client.awaitEnd(id, RUN_TIMEOUT);
        // the service copies the driver's logs a last time as the cluster terminates: the follow ends once they are in
        String logs = client.followLogs(id);

        assertThat(run.get("state").asText()).as(run + "\n" + logs).isEqualTo("SUCCEEDED");
        assertThat(client.logComplete(id)).isTrue();
        assertThat(logs).contains("RESULT sum_of_squares=1240").contains("stdout of the driver, from " + STAGING + "runs/" + id + "/1/logs/");
        JsonNode cluster = clusterOf(id);
        assertThat(cluster.get("state").asText()).isEqualTo("TERMINATED");
        assertThat(cluster.get("tags").get("sparkplane:run-id").asText()).isEqualTo(id);
        List<String> args = StreamSupport.stream(cluster.get("steps").get(0).get("args").spliterator(), false).map(JsonNode::asText).toList();
        assertThat(args).as("the step runs the staged copy of the job").anyMatch(arg -> arg.equals(STAGING + "runs/" + id + "/1/inputs/0/wide_stage.py"));
        assertThat(String.join(" ", args)).as("no token on the step's command line").doesNotContain(controlPlane.adminToken());
        assertThat(moto.emrResizes().get(cluster.get("id").asText())).as("the TASK group's counts: first, then each resize")
                .hasSizeGreaterThan(1).anyMatch(count -> count > 1);
        JsonNode metrics = client.metrics(id);
        assertThat(metrics.toString()).as("the listener reported the backlog to the engine API").contains("pendingTasks");
        try (S3ObjectStore staging = new S3ObjectStore(S3StoreSettings.defaults().withRegion(MotoHarness.REGION)
                .withEndpoint(moto.endpoint(), true).withCredentials(new S3StoreSettings.StaticCredentials("testing", "testing"))
                .withExpectContinue(false))) {
            assertThat(staging.list(Location.parse(STAGING + "runs/" + id + "/1/eventlog/"))).as("Spark's event log in the attempt's staging")
                    .isNotEmpty();
            assertThat(staging.list(Location.parse(STAGING + "history/"))).as("and again in history/, for a History Server")
                    .anyMatch(object -> object.location().key().contains(id + "-1-"));
        }
    }

    @Test
    void aFailingJobEndsUserCodeErrorWithEmrsExitStatusAndItsTraceback() throws Exception {
        String id = submit("emr", "fails_with_value_error.py");

        JsonNode run = client.awaitEnd(id, RUN_TIMEOUT);

        assertThat(run.get("state").asText()).isEqualTo("FAILED");
        assertThat(run.get("reason").asText()).isEqualTo("USER_CODE_ERROR");
        assertThat(run.get("message").asText()).contains("Command exited with status 1");
        assertThat(client.followLogs(id)).contains("ValueError: bad input row 7");
    }

    @Test
    void aCancelledRunCancelsItsStepAndTerminatesItsCluster() throws Exception {
        String id = submit("emr", "sleeps.py", "300");
        client.awaitState(id, Set.of("RUNNING"), RUN_TIMEOUT);

        assertThat(client.cancel(id).statusCode()).isEqualTo(202);
        JsonNode run = client.awaitEnd(id, RUN_TIMEOUT);

        assertThat(run.get("state").asText()).isEqualTo("CANCELLED");
        // the follow ends once EMR wrote the logs a last time, as the cluster terminated: the run ends before that
        assertThat(client.followLogs(id)).as("a cancelled run's logs are brought in too, once EMR wrote them")
                .contains("stdout of the driver, from " + STAGING + "runs/" + id + "/1/logs/");
        assertThat(client.logComplete(id)).isTrue();
        JsonNode cluster = clusterOf(id);
        assertThat(cluster.get("state").asText()).isEqualTo("TERMINATED");
        assertThat(cluster.get("steps").get(0).get("state").asText()).isEqualTo("CANCELLED");
    }

    @Test
    void anEmrServerlessJobRunSucceedsWithItsDriverLog() throws Exception {
        String id = submit("serverless", "wide_stage.py", "4", "0.2");

        JsonNode run = client.awaitEnd(id, RUN_TIMEOUT);
        String logs = client.followLogs(id);

        assertThat(run.get("state").asText()).as(run + "\n" + logs).isEqualTo("SUCCEEDED");
        assertThat(logs).contains("RESULT sum_of_squares=14");
        JsonNode jobRun = StreamSupport.stream(moto.jobRuns().spliterator(), false)
                .filter(each -> each.get("name").asText().equals("sp-" + id + "-1")).findFirst().orElseThrow();
        assertThat(jobRun.get("state").asText()).isEqualTo("SUCCESS");
    }

    @Test
    void aRunOnAnAwsBackendFromAWorkspaceStagingOnDiskIsRefusedBeforeItIsAccepted() throws Exception {
        client.createWorkspace("""
                {"id": "on-disk", "stagingLocation": "file://%s/", "allowedSchemes": ["s3"]}""".formatted(home.resolve("disk-staging")));

        var response = client.call("POST", "/api/v1/runs", """
                {"workspace": "on-disk", "backend": "emr", "entrypoint": {"pythonFile": "s3://staging/job.py"}}""");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"backend\"").contains("s3:// staging");
    }

    @Test
    void aProfileEmrRefusesTakesNoRunsWithAProblemNamingWhy() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!Files.readString(controlPlane.log()).contains("engine profile emr-refused (emr) cannot run jobs") && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }

        var response = client.call("POST", "/api/v1/runs", """
                {"backend": "emr-refused", "entrypoint": {"pythonFile": "%s"}}""".formatted(JOBS.resolve("sleeps.py")));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("\"backend\"").contains("x9.huge").contains("emr-7.9.0");
        assertThat(client.listRuns("").toString()).as("nothing stored").doesNotContain("\"backend\":\"emr-refused\"");
    }

    @Test
    void aControlPlaneKilledMidRunAdoptsItsClusterAndASweepEndsAStrayOne() throws Exception {
        String id = submit("emr", "sleeps.py", "15");
        client.awaitState(id, Set.of("RUNNING"), RUN_TIMEOUT);

        controlPlane.kill9();
        controlPlane.start();
        client = controlPlane.client();
        JsonNode run = client.awaitEnd(id, RUN_TIMEOUT);

        assertThat(run.get("state").asText()).as(run + "\n" + client.logs(id)).isEqualTo("SUCCEEDED");
        assertThat(StreamSupport.stream(moto.emrClusters().spliterator(), false)
                .filter(cluster -> cluster.get("name").asText().equals("sp-" + id + "-1"))).as("one cluster for the attempt").hasSize(1);

        // a cluster of this profile's tags that no run of this control plane knows (another database's, a lost record's)
        String stray = "sp-" + java.util.UUID.randomUUID() + "-1";
        try (EmrClient emr = EmrClient.builder().region(Region.US_EAST_1).endpointOverride(moto.endpoint())
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"))).build()) {
            emr.runJobFlow(request -> request.name(stray).releaseLabel("emr-7.9.0").serviceRole("EMR_DefaultRole_V2")
                    .jobFlowRole("EMR_EC2_DefaultRole")
                    .instances(instances -> instances.keepJobFlowAliveWhenNoSteps(true).instanceGroups(InstanceGroupConfig.builder()
                            .instanceRole(InstanceRoleType.MASTER).instanceType("m5.xlarge").instanceCount(1).build()))
                    .tags(tag("sparkplane:managed-by", "sparkplane"), tag("sparkplane:profile", "emr"), tag("sparkplane:cluster", stray)));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!clusterNamed(stray).get("state").asText().startsWith("TERMINAT") && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        assertThat(clusterNamed(stray).get("state").asText()).as("the stray cluster after the sweep").startsWith("TERMINAT");
        assertThat(StreamSupport.stream(moto.emrClusters().spliterator(), false)
                .filter(cluster -> !cluster.get("state").asText().startsWith("TERMINAT"))
                .filter(cluster -> !cluster.get("name").asText().equals(stray)))
                .as("no cluster of a run that ended is left running").allSatisfy(cluster -> {
                    String runId = cluster.get("tags").path("sparkplane:run-id").asText();
                    assertThat(client.run(runId).get("state").asText()).isIn("QUEUED", "PROVISIONING", "RUNNING", "CANCELLING");
                });
    }

    private JsonNode clusterNamed(String name) {
        return StreamSupport.stream(moto.emrClusters().spliterator(), false)
                .filter(cluster -> cluster.get("name").asText().equals(name)).findFirst().orElseThrow();
    }

    private static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }
}
