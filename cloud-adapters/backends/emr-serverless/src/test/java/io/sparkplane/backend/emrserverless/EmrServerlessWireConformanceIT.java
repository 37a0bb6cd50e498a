package io.sparkplane.backend.emrserverless;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.backend.emrserverless.EmrServerlessClient.Application;
import io.sparkplane.backend.emrserverless.EmrServerlessConfiguration.ExistingApplication;
import io.sparkplane.backend.emrserverless.EmrServerlessConfiguration.NewApplication;
import io.sparkplane.spi.engine.AttemptFailure;
import io.sparkplane.spi.engine.ClusterRef;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.ClusterStatus;
import io.sparkplane.spi.engine.EngineBackendException;
import io.sparkplane.testkit.FreePorts;
import io.sparkplane.testkit.aws.MotoHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Every call the backend makes, as the AWS SDK's own pieces make it (the SigV4 signer, the
 * URL-connection HTTP client, the standard retry strategy, STS's client), against moto's server
 * behind the testkit's harness: what moto recorded of each request is checked field by field, and
 * the harness's call counts show each operation reached moto as EMR Serverless's (the harness
 * tells them by the signing name in the request's SigV4 scope). Each test has a profile of its own,
 * so an application of its own.
 */
class EmrServerlessWireConformanceIT {

    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    private static final Duration POLL = Duration.ofMillis(100);
    private static MotoHarness moto;

    private final List<AutoCloseable> opened = new ArrayList<>();
    private String profile;

    @BeforeAll
    static void startMoto() throws Exception {
        moto = MotoHarness.start(Path.of("target", "moto-wire-conformance.log"));
        moto.jobRunsStartIn("RUNNING");
    }

    @AfterAll
    static void stopMoto() throws Exception {
        moto.close();
    }

    @BeforeEach
    void freshProfile() {
        profile = "wire-" + UUID.randomUUID().toString().substring(0, 8);
        moto.resetCalls();
    }

    @AfterEach
    void closeWhatTheTestOpened() throws Exception {
        for (AutoCloseable each : opened) {
            each.close();
        }
    }

    private EmrServerlessEngineBackend backend(String profileName, EmrServerlessConfiguration configuration) {
        EmrServerlessEngineBackend backend = EmrServerlessBackendFactory.backend(profileName, configuration, CREDENTIALS, Clock.systemUTC(), POLL,
                List.of());
        opened.add(backend);
        return backend;
    }

    private EmrServerlessEngineBackend backend() {
        return backend(profile, TestSpecs.configuration(moto.endpoint()));
    }

    private EmrServerlessConfiguration on(String applicationId) {
        EmrServerlessConfiguration base = TestSpecs.configuration(moto.endpoint());
        return new EmrServerlessConfiguration(base.region(), base.endpoint(), new ExistingApplication(applicationId), base.executionRoleArn(),
                base.roleArn(), base.executionTimeout(), base.sparkVersion(), base.maxAttempts());
    }

    private EmrServerlessClient client() {
        EmrServerlessClient client = AwsClients.emrServerless(TestSpecs.configuration(moto.endpoint()), CREDENTIALS);
        opened.add(client);
        return client;
    }

    private static List<JsonNode> jobRunsNamed(String name) {
        return StreamSupport.stream(moto.jobRuns().spliterator(), false).filter(run -> name.equals(run.path("name").asText())).toList();
    }

    private static JsonNode onlyJobRunNamed(String name) {
        List<JsonNode> runs = jobRunsNamed(name);
        assertThat(runs).as("job runs named " + name).hasSize(1);
        return runs.get(0);
    }

    private static Map<String, Integer> calls() {
        Map<String, Integer> calls = new HashMap<>(moto.calls());
        calls.values().removeIf(count -> count == 0);
        return calls;
    }

    /** moto's StopApplication, which the backend never calls: signed only as far as moto reads (the scope's region and service). */
    private static void stopApplication(String applicationId) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(moto.endpoint().resolve("/applications/"
                        + applicationId + "/stop"))
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20260101/us-east-1/emr-serverless/aws4_request, "
                        + "SignedHeaders=host, Signature=0")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void aProvisionCreatesTheProfilesApplicationAndStartsOneJobRunCarryingTheAttempt() {
        ClusterSpec spec = TestSpecs.python(1, 4);
        JobRunRequest expected = JobRunRequest.of(spec, profile, TestSpecs.configuration(moto.endpoint()));

        ClusterRef cluster = backend().provision(spec);

        assertThat(calls()).isEqualTo(Map.of("ListApplications", 1, "CreateApplication", 1, "GetApplication", 1, "ListJobRuns", 1,
                "StartJobRun", 1));
        Application application = client().getApplication(cluster.attribute(EmrServerlessEngineBackend.APPLICATION_ID));
        assertThat(application.name()).isEqualTo("sparkplane-" + profile + "-emr-7.9.0");
        assertThat(application.releaseLabel()).isEqualTo("emr-7.9.0");
        assertThat(application.state()).isEqualTo("STARTED");
        assertThat(application.tags()).containsEntry("sparkplane:profile", profile);

        JsonNode run = onlyJobRunNamed(spec.clusterName());
        assertThat(run.path("applicationId").asText()).isEqualTo(application.id());
        assertThat(run.path("id").asText()).isEqualTo(cluster.attribute(EmrServerlessEngineBackend.JOB_RUN_ID));
        assertThat(run.path("clientToken").asText()).isEqualTo(spec.clusterName());
        assertThat(run.path("state").asText()).isEqualTo("RUNNING");
        JsonNode submit = run.path("jobDriver").path("sparkSubmit");
        assertThat(submit.path("entryPoint").asText()).isEqualTo(spec.launch().entrypoint().location());
        assertThat(submit.path("entryPointArguments").toString()).isEqualTo("[\"--day\",\"2026-12-01\"]");
        assertThat(submit.path("sparkSubmitParameters").asText()).isEqualTo(expected.sparkSubmitParameters())
                .contains("--conf spark.dynamicAllocation.maxExecutors=4")
                .contains("--conf spark.sparkplane.report.tokenFile=" + spec.staged().orElseThrow().engineTokenFile())
                .doesNotContain(TestSpecs.TOKEN).doesNotContain(TestSpecs.STORAGE_SECRET);
        assertThat(run.path("configurationOverrides").path("monitoringConfiguration").path("s3MonitoringConfiguration").path("logUri").asText())
                .isEqualTo(spec.staged().orElseThrow().logs());
        assertThat(run.path("tags").path("sparkplane:run-id").asText()).isEqualTo(spec.launch().runId());
        assertThat(run.path("tags").path("sparkplane:attempt").asText()).isEqualTo("1");
        assertThat(run.path("tags").path("sparkplane:cluster").asText()).isEqualTo(spec.clusterName());
        assertThat(run.path("tags").path("sparkplane:profile").asText()).isEqualTo(profile);

        assertThat(cluster).isEqualTo(new ClusterRef(profile, spec.clusterName(), Map.of(
                "applicationId", application.id(),
                "jobRunId", run.path("id").asText(),
                "logUri", spec.staged().orElseThrow().logs(),
                "minWorkers", "1", "maxWorkers", "4", "initialWorkers", "1")));
    }

    @Test
    void provisioningAgainOrAfterARestartAdoptsTheJobRunAndTheApplication() {
        ClusterSpec spec = TestSpecs.python(1, 2);
        ClusterRef cluster = backend().provision(spec);

        assertThat(backend().provision(spec)).isEqualTo(cluster);
        assertThat(backend().provision(spec)).as("a backend of a restarted control plane").isEqualTo(cluster);

        assertThat(jobRunsNamed(spec.clusterName())).hasSize(1);
        assertThat(calls()).containsEntry("CreateApplication", 1).containsEntry("StartJobRun", 1);
    }

    @Test
    void anOperatorsApplicationIsUsedAsItIsAndStartedWhenStopped() throws Exception {
        String applicationId = client().createApplication(ApplicationRequest.of("operator-" + profile,
                new NewApplication("emr-7.9.0", Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofMinutes(15))).toJson());
        stopApplication(applicationId);
        moto.resetCalls();
        ClusterSpec spec = TestSpecs.python(1, 2);

        ClusterRef cluster = backend(profile, on(applicationId)).provision(spec);

        assertThat(calls()).isEqualTo(Map.of("GetApplication", 1, "StartApplication", 1, "ListJobRuns", 1, "StartJobRun", 1));
        assertThat(cluster.attribute(EmrServerlessEngineBackend.APPLICATION_ID)).isEqualTo(applicationId);
        assertThat(client().getApplication(applicationId).state()).isEqualTo("STARTED");
        assertThat(onlyJobRunNamed(spec.clusterName()).path("applicationId").asText()).isEqualTo(applicationId);
    }

    @Test
    void anOperatorsApplicationThatDoesNotExistFailsTheProvisionNamingIt() {
        assertThatThrownBy(() -> backend(profile, on("00nosuchapplication")).provision(TestSpecs.python(1, 2)))
                .isInstanceOf(EngineBackendException.class)
                .hasMessageContaining("00nosuchapplication").hasMessageContaining("does not exist");
        assertThat(calls()).isEqualTo(Map.of("GetApplication", 1));
    }

    @Test
    void describeReadsTheJobRunsStateAndDetails() {
        EmrServerlessEngineBackend backend = backend();
        ClusterRef cluster = backend.provision(TestSpecs.python(1, 2));
        String applicationId = cluster.attribute(EmrServerlessEngineBackend.APPLICATION_ID);
        String jobRunId = cluster.attribute(EmrServerlessEngineBackend.JOB_RUN_ID);

        assertThat(backend.describe(cluster)).isInstanceOfSatisfying(ClusterStatus.Active.class, active -> {
            assertThat(active.jobStarted()).isTrue();
            assertThat(active.topology().desiredWorkers()).isEqualTo(1);
        });
        moto.setJobRun(applicationId, jobRunId, "PENDING", null);
        assertThat(backend.describe(cluster)).isInstanceOfSatisfying(ClusterStatus.Active.class, active -> assertThat(active.jobStarted()).isFalse());
        moto.setJobRun(applicationId, jobRunId, "FAILED", "Job failed, please check complete logs in configured logging destination. ExitCode: 3.");
        assertThat(backend.describe(cluster)).isInstanceOfSatisfying(ClusterStatus.Finished.class, finished -> {
            assertThat(finished.outcome().failure()).isEqualTo(AttemptFailure.USER_CODE_ERROR);
            assertThat(finished.outcome().exitCode()).isEqualTo(3);
        });
        moto.setJobRun(applicationId, jobRunId, "SUCCESS", null);
        assertThat(backend.describe(cluster)).isInstanceOfSatisfying(ClusterStatus.Finished.class,
                finished -> assertThat(finished.outcome().succeeded()).isTrue());

        ClusterRef unknown = new ClusterRef(profile, "sp-gone-1", Map.of("applicationId", applicationId, "jobRunId", "00nosuchjobrun"));
        assertThat(backend.describe(unknown)).isInstanceOfSatisfying(ClusterStatus.Gone.class,
                gone -> assertThat(gone.detail()).contains("00nosuchjobrun").contains("no longer exists"));
    }

    @Test
    void terminateCancelsTheJobRunOnceAndMayBeRepeated() {
        EmrServerlessEngineBackend backend = backend();
        ClusterSpec spec = TestSpecs.python(1, 2);
        ClusterRef cluster = backend.provision(spec);

        backend.terminate(cluster);
        backend.terminate(cluster);
        backend.terminate(new ClusterRef(profile, "sp-gone-1", Map.of("applicationId", cluster.attribute("applicationId"),
                "jobRunId", "00nosuchjobrun")));

        assertThat(onlyJobRunNamed(spec.clusterName()).path("state").asText()).isEqualTo("CANCELLED");
        assertThat(calls()).containsEntry("CancelJobRun", 1);
        assertThat(backend.describe(cluster)).isInstanceOf(ClusterStatus.Gone.class);
    }

    @Test
    void throttledCallsAreRetriedWithTheSdksBackoffAndStartOneJobRun() {
        ClusterSpec spec = TestSpecs.python(1, 2);
        moto.failNext("StartJobRun", 2, 400, "ThrottlingException");

        ClusterRef cluster = backend().provision(spec);

        assertThat(calls()).containsEntry("StartJobRun", 3);
        assertThat(onlyJobRunNamed(spec.clusterName()).path("id").asText()).isEqualTo(cluster.attribute("jobRunId"));
    }

    @Test
    void theServicesOwnFailuresAreRetriedToo() {
        EmrServerlessEngineBackend backend = backend();
        ClusterRef cluster = backend.provision(TestSpecs.python(1, 2));
        moto.resetCalls();
        moto.failNext("GetJobRun", 1, 500, "InternalServerException");
        moto.failNext("ListJobRuns", 1, 503, "ServiceUnavailable");

        assertThat(backend.describe(cluster)).isInstanceOf(ClusterStatus.Active.class);
        assertThat(backend.liveClusters()).containsExactly(cluster);
        assertThat(calls()).containsEntry("ListJobRuns", 2);
        assertThat(moto.calls().get("GetJobRun")).isGreaterThanOrEqualTo(3);
    }

    @Test
    void retriesEndWhenTheStrategysAttemptsRunOut() {
        moto.failNext("StartJobRun", 3, 429, "TooManyRequestsException");

        assertThatThrownBy(() -> backend().provision(TestSpecs.python(1, 2))).isInstanceOf(EngineBackendException.class)
                .hasMessageContaining("TooManyRequestsException");
        assertThat(calls()).containsEntry("StartJobRun", 3);
    }

    @Test
    void aRefusedStartFailsWithAwssReasonUnretriedAndLeavesNothingRunning() {
        ClusterSpec spec = TestSpecs.python(1, 2);
        moto.failNext("StartJobRun", 1, 400, "ValidationException");

        assertThatThrownBy(() -> backend().provision(spec)).isInstanceOf(EngineBackendException.class)
                .hasMessageContaining(spec.clusterName()).hasMessageContaining("ValidationException")
                .hasMessageContaining("injected by the test harness");

        assertThat(calls()).containsEntry("StartJobRun", 1).as("adoption, then the look for a job run the failed call started")
                .containsEntry("ListJobRuns", 2);
        assertThat(jobRunsNamed(spec.clusterName())).isEmpty();
    }

    @Test
    void liveClustersAreTheProfilesJobRunsThatHaveNotEnded() {
        EmrServerlessEngineBackend backend = backend();
        ClusterRef first = backend.provision(TestSpecs.python(1, 2));
        ClusterRef second = backend.provision(TestSpecs.python(0, 8));
        ClusterRef ended = backend.provision(TestSpecs.python(1, 2));
        backend.terminate(ended);
        String applicationId = first.attribute("applicationId");
        // a job run of someone else's on the same application, and another profile's on its own
        client().startJobRun(applicationId, JobRunRequest.of(TestSpecs.python(1, 2), "someone-else", TestSpecs.configuration(moto.endpoint()))
                .toJson().without("tags"));
        backend("other-" + profile, TestSpecs.configuration(moto.endpoint())).provision(TestSpecs.python(1, 1));

        assertThat(backend.liveClusters()).containsExactlyInAnyOrder(first, second);
    }

    @Test
    void theDriversLogIsWhereTheJobRunsLogUriPutsIt() {
        ClusterSpec spec = TestSpecs.python(1, 2);
        EmrServerlessEngineBackend backend = backend();
        ClusterRef cluster = backend.provision(spec);
        String base = spec.staged().orElseThrow().logs() + "applications/" + cluster.attribute("applicationId") + "/jobs/"
                + cluster.attribute("jobRunId") + "/SPARK_DRIVER/";

        assertThat(backend.driverLogLocations(cluster)).containsExactly(base + "stdout.gz", base + "stderr.gz");
    }

    @Test
    void aRoleToAssumeIsAssumedThroughStsFromTheDefaultChain() {
        EmrServerlessConfiguration base = TestSpecs.configuration(moto.endpoint());
        EmrServerlessConfiguration withRole = new EmrServerlessConfiguration(base.region(), base.endpoint(), base.application(),
                base.executionRoleArn(), Optional.of("arn:aws:iam::123456789012:role/sparkplane-control-plane"), base.executionTimeout(),
                base.sparkVersion(), base.maxAttempts());
        String key = System.getProperty("aws.accessKeyId");
        String secret = System.getProperty("aws.secretAccessKey");
        System.setProperty("aws.accessKeyId", "testing");
        System.setProperty("aws.secretAccessKey", "testing");
        try {
            AwsClients.Credentials credentials = AwsClients.credentials(withRole, profile);
            AwsCredentials assumed = credentials.provider().resolveCredentials();
            assertThat(assumed).isInstanceOf(AwsSessionCredentials.class);
            assertThat(assumed.accessKeyId()).isNotEqualTo("testing");

            EmrServerlessEngineBackend backend = EmrServerlessBackendFactory.backend(profile, withRole, credentials.provider(), Clock.systemUTC(),
                    POLL, credentials.owned());
            opened.add(backend);
            ClusterSpec spec = TestSpecs.python(1, 2);
            assertThat(backend.provision(spec).clusterName()).isEqualTo(spec.clusterName());
        } finally {
            restore("aws.accessKeyId", key);
            restore("aws.secretAccessKey", secret);
        }
    }

    @Test
    void aRunAskingForAnotherSparkThanTheApplicationsIsRefusedBeforeAnyCall() {
        EmrServerlessConfiguration base = TestSpecs.configuration(moto.endpoint());
        EmrServerlessConfiguration spark355 = new EmrServerlessConfiguration(base.region(), base.endpoint(), base.application(),
                base.executionRoleArn(), base.roleArn(), base.executionTimeout(), Optional.of("3.5.5"), base.maxAttempts());
        ClusterSpec python = TestSpecs.python(1, 2);
        ClusterSpec spark4 = new ClusterSpec(python.clusterName(), python.resources(), 1, python.idleTimeout(), "4.0", python.launch(),
                python.workspace(), python.staged());

        assertThatThrownBy(() -> backend(profile, spark355).provision(spark4)).isInstanceOf(EngineBackendException.class)
                .hasMessageContaining("3.5.5").hasMessageContaining("4.0");
        assertThat(calls()).isEmpty();
    }

    @Test
    void withoutCredentialsNothingIsSentAndTheErrorSaysSo() {
        AwsCredentialsProvider none = () -> {
            throw SdkClientException.create("Unable to load credentials from any of the providers in the chain");
        };
        EmrServerlessEngineBackend backend = EmrServerlessBackendFactory.backend(profile, TestSpecs.configuration(moto.endpoint()), none,
                Clock.systemUTC(), POLL, List.of());
        opened.add(backend);

        assertThatThrownBy(() -> backend.provision(TestSpecs.python(1, 2))).isInstanceOf(EngineBackendException.class)
                .hasMessageContaining("no AWS credentials").hasMessageContaining("Unable to load credentials");
        assertThat(calls()).isEmpty();
    }

    @Test
    void anEndpointThatDoesNotAnswerIsTriedAgainThenNamed() throws Exception {
        URI nobody = URI.create("http://127.0.0.1:" + FreePorts.free());
        EmrServerlessConfiguration base = TestSpecs.configuration(nobody);
        EmrServerlessConfiguration twice = new EmrServerlessConfiguration(base.region(), base.endpoint(), base.application(),
                base.executionRoleArn(), base.roleArn(), base.executionTimeout(), base.sparkVersion(), 2);
        EmrServerlessEngineBackend backend = backend(profile, twice);
        ClusterRef cluster = new ClusterRef(profile, "sp-x-1", Map.of("applicationId", "00app", "jobRunId", "00run"));

        assertThatThrownBy(() -> backend.describe(cluster)).isInstanceOf(EngineBackendException.class)
                .hasMessageContaining("cannot reach EMR Serverless at " + nobody).hasMessageContaining("GetJobRun");
    }

    @Test
    void theRegionsEndpointIsEmrServerlesssOwn() {
        assertThat(EmrServerlessClient.endpointOf(Region.EU_WEST_1)).isEqualTo(URI.create("https://emr-serverless.eu-west-1.amazonaws.com"));
        assertThat(EmrServerlessClient.endpointOf(Region.CN_NORTH_1)).isEqualTo(URI.create("https://emr-serverless.cn-north-1.amazonaws.com.cn"));
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }
}
