package io.sparkplane.backend.databricks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.WorkspaceClient;
import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.spi.engine.AttemptFailure;
import io.sparkplane.spi.engine.ClusterRef;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.ClusterStatus;
import io.sparkplane.spi.engine.ClusterTopology;
import io.sparkplane.spi.engine.DriverOutput;
import io.sparkplane.spi.engine.EngineBackendException;
import io.sparkplane.spi.settings.SecretReference;
import io.sparkplane.testkit.databricks.ClusterView;
import io.sparkplane.testkit.databricks.FakeDatabricksServer;
import io.sparkplane.testkit.databricks.RunView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Databricks SDK for Java, with its own HTTP client, authentication and retries, against
 * {@link FakeDatabricksServer}, a fake of the workspace's REST API (no Databricks runs here): every
 * call the backend makes goes over real HTTP in the SDK's shapes, and the backend's answers to what
 * the workspace does (lost answers, throttling, a cluster that does not start, a failed task) are
 * checked call by call.
 */
class DatabricksWireConformanceIT {

    private static final String PROFILE = "wire";
    private static final String PAT = "dapi-" + UUID.randomUUID();
    private static final String SUBMIT = "POST " + FakeDatabricksServer.RUNS_SUBMIT;
    private static final String GET = "GET " + FakeDatabricksServer.RUNS_GET;

    @TempDir
    Path secrets;
    private FakeDatabricksServer fake;
    private SecretReference token;
    private DatabricksEngineBackend backend;

    @BeforeEach
    void start() throws Exception {
        fake = FakeDatabricksServer.start();
        fake.acceptToken(PAT);
        fake.clusterStartDelay(Duration.ZERO);
        token = TestSpecs.tokenFile(secrets, PAT);
        backend = backend(false);
    }

    @AfterEach
    void stop() {
        backend.close();
        fake.close();
    }

    private DatabricksEngineBackend backend(boolean autoscale) {
        return DatabricksBackendFactory.backend(PROFILE, TestSpecs.configuration(fake.host(), token, autoscale), Clock.systemUTC());
    }

    private RunView onlyRun() {
        assertThat(fake.runs()).hasSize(1);
        return fake.runs().get(0);
    }

    @Test
    void theSdkReadsTheWorkspacesDiscoveryDocumentAndSendsTheTokenFromItsReferenceReadAgainOnEveryCall() throws Exception {
        WorkspaceClient client = DatabricksClients.workspace(TestSpecs.configuration(fake.host(), token, false));
        assertThat(client.clusters().sparkVersions().getVersions()).extracting("key").contains(TestSpecs.RUNTIME);

        String rotated = "dapi-" + UUID.randomUUID();
        fake.acceptToken(rotated);
        fake.revokeToken(PAT);
        Files.writeString(Path.of(token.name()), rotated);

        assertThat(client.currentUser().me(new com.databricks.sdk.service.iam.MeRequest()).getUserName()).as("the rotated token, read from its file").isEqualTo(FakeDatabricksServer.USER_NAME);
        // the SDK (0.141) reads the discovery document as it resolves its config, twice for one client
        assertThat(fake.calls("GET /.well-known/databricks-config")).isPositive();
        assertThat(fake.calls("GET " + FakeDatabricksServer.SPARK_VERSIONS)).isEqualTo(1);
    }

    @Test
    void machineToMachineOAuthTradesTheServicePrincipalsSecretForATokenItReuses() throws Exception {
        fake.acceptServicePrincipal("6a1b2c3d-0000-4000-8000-000000000001", "oauth-secret");
        Path secret = Files.writeString(secrets.resolve("client-secret"), "oauth-secret\n");
        DatabricksConfiguration oauth = new DatabricksConfiguration(java.net.URI.create(fake.host()),
                new Authentication.OAuthMachineToMachine("6a1b2c3d-0000-4000-8000-000000000001", SecretReference.parse("file:" + secret)),
                TestSpecs.RUNTIME, Optional.of("i3.xlarge"), Optional.empty(), Optional.empty(), Optional.empty(), false, new java.util.TreeMap<>(),
                new java.util.TreeMap<>(), Optional.empty(), Optional.empty(), Duration.ZERO);
        WorkspaceClient client = DatabricksClients.workspace(oauth);

        client.clusters().sparkVersions();
        client.currentUser().me(new com.databricks.sdk.service.iam.MeRequest());

        assertThat(fake.accessTokensIssued()).isEqualTo(1);
        // read once by the SDK's default provider chain as it lists its OIDC providers, once by the M2M provider itself
        assertThat(fake.calls("GET /oidc/.well-known/oauth-authorization-server")).isPositive();
        assertThat(fake.calls("POST " + FakeDatabricksServer.TOKEN)).isEqualTo(1);
    }

    @Test
    void provisionSubmitsOneTaskOnANewJobClusterInDatabricksShapesWithNoSecretInIt() {
        ClusterSpec spec = TestSpecs.python(2, 5);

        ClusterRef cluster = backend.provision(spec);

        RunView run = onlyRun();
        JsonNode submitted = run.submitted();
        assertThat(cluster.attributes()).containsEntry(DatabricksEngineBackend.RUN_ID, Long.toString(run.runId()))
                .containsEntry(DatabricksEngineBackend.MIN_WORKERS, "2").containsEntry(DatabricksEngineBackend.MAX_WORKERS, "5")
                .containsEntry(DatabricksEngineBackend.WORKERS, "2");
        assertThat(run.runName()).isEqualTo(spec.clusterName());
        assertThat(run.idempotencyToken()).isEqualTo(SubmitRunRequest.idempotencyToken(spec.clusterName()));
        assertThat(submitted.at("/queue/enabled").asBoolean()).isTrue();
        JsonNode task = submitted.at("/tasks/0");
        assertThat(task.get("task_key").asText()).isEqualTo("main");
        assertThat(task.at("/spark_python_task/python_file").asText()).isEqualTo(spec.launch().entrypoint().location());
        assertThat(task.at("/spark_python_task/parameters").toString()).isEqualTo("[\"--day\",\"2026-12-01\"]");
        assertThat(task.at("/new_cluster/num_workers").asInt()).isEqualTo(2);
        assertThat(task.at("/new_cluster/spark_version").asText()).isEqualTo(TestSpecs.RUNTIME);
        assertThat(task.at("/new_cluster/node_type_id").asText()).isEqualTo("i3.xlarge");
        assertThat(task.at("/new_cluster/custom_tags/sparkplane-run-id").asText()).isEqualTo(spec.launch().runId());
        assertThat(task.at("/new_cluster/custom_tags/sparkplane-profile").asText()).isEqualTo(PROFILE);
        assertThat(task.at("/new_cluster/custom_tags/team").asText()).isEqualTo("data");
        assertThat(task.at("/new_cluster/spark_conf/spark.extraListeners").asText()).contains("io.sparkplane.listener.BacklogListener");
        assertThat(task.get("libraries").toString()).contains("\"jar\":\"" + spec.staged().orElseThrow().listenerJar() + "\"")
                .contains("\"whl\":").contains("udfs.jar");
        assertThat(submitted.toString()).doesNotContain(TestSpecs.TOKEN).doesNotContain(TestSpecs.STORAGE_SECRET).doesNotContain(PAT);
        assertThat(fake.cluster(run.clusterId()).orElseThrow().numWorkers()).isEqualTo(2);
    }

    @Test
    void aSubmitWhoseAnswerWasLostIsSentAgainAndFindsTheRunItMadeByItsIdempotencyToken() {
        fake.failNextAfterDoing(FakeDatabricksServer.RUNS_SUBMIT, 1, 500, "INTERNAL_ERROR", "the answer was lost on its way back");
        ClusterSpec spec = TestSpecs.python(1, 2);

        ClusterRef cluster = backend.provision(spec);

        assertThat(fake.calls(SUBMIT)).as("the SDK does not retry a POST's 500; the backend sends it once more").isEqualTo(2);
        assertThat(cluster.attribute(DatabricksEngineBackend.RUN_ID)).isEqualTo(Long.toString(onlyRun().runId()));
        assertThat(backend.provision(spec)).as("a provision repeated after a crash").isEqualTo(cluster);
        assertThat(fake.runs()).hasSize(1);
    }

    @Test
    void aRefusedSubmitIsNotSentAgainAndSaysDatabricksWords() {
        fake.failNext(FakeDatabricksServer.RUNS_SUBMIT, 1, 400, "INVALID_PARAMETER_VALUE", "Node type i3.xlarge is not supported in this region");

        assertThatThrownBy(() -> backend.provision(TestSpecs.python(1, 2))).isInstanceOf(EngineBackendException.class)
                .hasMessageContaining("400 INVALID_PARAMETER_VALUE: Node type i3.xlarge is not supported in this region");
        assertThat(fake.calls(SUBMIT)).isEqualTo(1);
        assertThat(fake.calls("GET " + FakeDatabricksServer.RUNS_LIST)).as("nothing was made to look for").isZero();
        assertThat(fake.runs()).isEmpty();
    }

    @Test
    void theSdkRetriesAThrottledCallAfterTheWorkspacesRetryAfter() {
        ClusterRef cluster = backend.provision(TestSpecs.python(1, 2));
        fake.resetCalls();
        fake.throttle(FakeDatabricksServer.RUNS_GET, 2, Duration.ofSeconds(1));

        ClusterStatus status = backend.describe(cluster);

        assertThat(status).isInstanceOf(ClusterStatus.Active.class);
        assertThat(fake.calls(GET)).as("two 429s, then the answer").isEqualTo(3);
    }

    @Test
    void describeFollowsTheRunFromItsClusterStartToItsResult() {
        fake.clusterStartDelay(Duration.ofHours(1));
        ClusterRef cluster = backend.provision(TestSpecs.python(1, 2));
        long runId = onlyRun().runId();

        ClusterStatus pending = backend.describe(cluster);
        fake.setRunState(runId, "RUNNING", null, "In run");
        ClusterStatus running = backend.describe(cluster);
        fake.setRunState(runId, "TERMINATED", "SUCCESS", "", "SUCCESS", "SUCCESS");
        ClusterStatus finished = backend.describe(cluster);
        fake.resetCalls();
        backend.describe(cluster);
        backend.release(cluster);

        assertThat(pending).isInstanceOfSatisfying(ClusterStatus.Active.class, active -> assertThat(active.jobStarted()).isFalse());
        assertThat(running).isInstanceOfSatisfying(ClusterStatus.Active.class, active -> {
            assertThat(active.jobStarted()).isTrue();
            assertThat(active.topology().endpoints().get(DatabricksEngineBackend.RUN_PAGE)).contains("/run/" + runId);
        });
        assertThat(finished).isInstanceOfSatisfying(ClusterStatus.Finished.class, done -> assertThat(done.outcome().succeeded()).isTrue());
        assertThat(fake.calls()).as("an ended run is neither read again nor cancelled").isEmpty();
    }

    @Test
    void aFailedTasksErrorLineFromItsOutputIsTheAttemptsMessageReadOnce() {
        ClusterRef cluster = backend.provision(TestSpecs.python(1, 2));
        long runId = onlyRun().runId();
        fake.setRunOutput(runId, "about to fail\n", "ValueError: boom from the task", "Traceback (most recent call last):\nValueError: boom from the task");
        fake.setRunState(runId, "TERMINATED", "FAILED", "Workload failed, see run output for details", "RUN_EXECUTION_ERROR", "CLIENT_ERROR");

        ClusterStatus first = backend.describe(cluster);
        ClusterStatus second = backend.describe(cluster);

        assertThat(first).isEqualTo(second).isInstanceOfSatisfying(ClusterStatus.Finished.class, done -> {
            assertThat(done.outcome().failure()).isEqualTo(AttemptFailure.USER_CODE_ERROR);
            assertThat(done.outcome().message()).isEqualTo("ValueError: boom from the task");
        });
        assertThat(fake.calls("GET " + FakeDatabricksServer.RUNS_GET_OUTPUT)).isEqualTo(1);
    }

    @Test
    void aJobClusterThatDoesNotStartFailsTheAttemptProvisioningInDatabricksWords() {
        fake.failNextClusterStart("CLOUD_PROVIDER_LAUNCH_FAILURE: no capacity for i3.xlarge in us-west-2a");
        ClusterRef cluster = backend.provision(TestSpecs.python(1, 2));

        ClusterStatus status = backend.describe(cluster);

        assertThat(status).isInstanceOfSatisfying(ClusterStatus.Failed.class, failed -> {
            assertThat(failed.failure()).isEqualTo(AttemptFailure.PROVISIONING_FAILED);
            assertThat(failed.detail()).contains("CLOUD_PROVIDER_LAUNCH_FAILURE").contains("CLUSTER_ERROR");
        });
    }

    @Test
    void terminateCancelsTheRunAndItsOutputCanStillBeReadAfterwards() {
        ClusterRef cluster = backend.provision(TestSpecs.python(1, 2));
        long runId = onlyRun().runId();
        assertThat(backend.describe(cluster)).isInstanceOf(ClusterStatus.Active.class);
        fake.setRunOutput(runId, "line one\nline two\n", null, null);

        backend.terminate(cluster);
        backend.terminate(cluster);
        Optional<DriverOutput> output = backend.driverOutput(cluster);

        assertThat(onlyRun().resultState()).isEqualTo("CANCELED");
        assertThat(fake.cluster(onlyRun().clusterId()).orElseThrow().live()).isFalse();
        assertThat(backend.describe(cluster)).isInstanceOf(ClusterStatus.Gone.class);
        assertThat(output).hasValueSatisfying(driver -> {
            assertThat(driver.text()).isEqualTo("line one\nline two\n");
            assertThat(driver.source()).contains("Databricks run " + runId);
        });
    }

    @Test
    void aFixedSizeClusterIsResizedOnceItRunsAndAnAutoscalingOneIsLeftToDatabricks() {
        fake.clusterStartDelay(Duration.ofHours(1));
        ClusterRef cluster = backend.provision(TestSpecs.python(1, 4));
        long runId = onlyRun().runId();

        ClusterTopology starting = backend.resize(cluster, 3);
        fake.setRunState(runId, "RUNNING", null, "In run");
        ClusterTopology grown = backend.resize(cluster, 3);
        fake.resetCalls();
        ClusterTopology again = backend.resize(cluster, 9);
        ClusterTopology same = backend.resize(cluster, 9);

        assertThat(starting.desiredWorkers()).as("no resize of a cluster still starting").isEqualTo(1);
        assertThat(grown.desiredWorkers()).isEqualTo(3);
        assertThat(again.desiredWorkers()).as("within 1..4").isEqualTo(4);
        assertThat(same.desiredWorkers()).isEqualTo(4);
        assertThat(fake.calls("POST " + FakeDatabricksServer.CLUSTERS_RESIZE)).as("a count asked already is not asked again").isEqualTo(1);
        ClusterView view = fake.cluster(onlyRun().clusterId()).orElseThrow();
        assertThat(view.resizes()).containsExactly(3, 4);

        try (DatabricksEngineBackend autoscaling = backend(true)) {
            ClusterRef scaled = autoscaling.provision(TestSpecs.python(2, 6));
            fake.resetCalls();
            assertThat(autoscaling.resize(scaled, 10).desiredWorkers()).isEqualTo(6);
            assertThat(fake.calls()).as("Databricks sizes an autoscaling cluster").isEmpty();
            JsonNode autoscale = fake.runs().get(1).submitted().at("/tasks/0/new_cluster/autoscale");
            assertThat(autoscale.get("min_workers").asInt()).isEqualTo(2);
            assertThat(autoscale.get("max_workers").asInt()).isEqualTo(6);
        }
    }

    @Test
    void liveClustersAreTheProfilesActiveRunsFromEveryPage() throws Exception {
        List<ClusterRef> made = new ArrayList<>();
        for (int index = 0; index < 27; index++) {
            made.add(backend.provision(TestSpecs.python(1, 2)));
        }
        backend.terminate(made.get(0));
        try (DatabricksEngineBackend other = DatabricksBackendFactory.backend("other", TestSpecs.configuration(fake.host(), token, false),
                Clock.systemUTC())) {
            other.provision(TestSpecs.python(1, 1));
        }
        fake.resetCalls();

        List<ClusterRef> live = backend.liveClusters();

        assertThat(live).extracting(ClusterRef::clusterName)
                .containsExactlyInAnyOrderElementsOf(made.subList(1, 27).stream().map(ClusterRef::clusterName).toList());
        assertThat(live).allSatisfy(ref -> assertThat(ref.backend()).isEqualTo(PROFILE));
        assertThat(fake.calls("GET " + FakeDatabricksServer.RUNS_LIST)).as("26 of this profile and 1 of another: two pages of 25").isEqualTo(2);
        backend.terminate(live.get(0));
        assertThat(backend.liveClusters()).hasSize(25);
    }

    @Test
    void aTokenFileThatIsGoneFailsTheProvisionSayingSoWithoutTheToken() throws Exception {
        Files.delete(Path.of(token.name()));

        assertThatThrownBy(() -> backend.provision(TestSpecs.python(1, 2))).isInstanceOf(EngineBackendException.class)
                .hasMessageContaining("engine profile " + PROFILE + " cannot read its Databricks credentials")
                .hasMessageContaining(token.toString()).hasMessageNotContaining(PAT);
        assertThat(fake.calls(SUBMIT)).as("no call without a token").isZero();
    }

    @Test
    void aRunDatabricksNoLongerHasIsGoneAndHasNoOutput() {
        ClusterRef missing = new ClusterRef(PROFILE, "sp-" + UUID.randomUUID() + "-1", Map.of(DatabricksEngineBackend.RUN_ID, "42"));

        assertThat(backend.describe(missing)).isInstanceOfSatisfying(ClusterStatus.Gone.class,
                gone -> assertThat(gone.detail()).contains("no longer exists"));
        assertThat(backend.driverOutput(missing)).isEmpty();
        backend.terminate(missing);
    }
}
