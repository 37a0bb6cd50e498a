package io.sparkplane.backend.databricks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.service.compute.ClusterSpec;
import com.databricks.sdk.service.compute.DataSecurityMode;
import com.databricks.sdk.service.compute.Library;
import com.databricks.sdk.service.jobs.SubmitTask;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkplane.spi.engine.ServiceSparkConf;
import io.sparkplane.spi.engine.StagedAttempt;
import io.sparkplane.spi.settings.SecretReference;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The runs/submit body of an attempt, field by field, from the attempt's spec and the profile's configuration. */
class SubmitRunRequestTest {

    private static final SecretReference TOKEN_REFERENCE = SecretReference.parse("env:DATABRICKS_TOKEN");

    private static DatabricksConfiguration fixedSize() {
        return TestSpecs.configuration("https://adb-1234567890123456.7.azuredatabricks.net", TOKEN_REFERENCE, false);
    }

    private static SubmitTask task(SubmitRunRequest request) {
        assertThat(request.submitRun().getTasks()).hasSize(1);
        return request.submitRun().getTasks().iterator().next();
    }

    @Test
    void aPythonAttemptIsOneSparkPythonTaskOnANewJobCluster() throws Exception {
        String runId = UUID.randomUUID().toString();
        io.sparkplane.spi.engine.ClusterSpec spec = TestSpecs.python(runId, 2, 5, Map.of("spark.sql.shuffle.partitions", "8"));
        String inputs = TestSpecs.inputs(runId);
        StagedAttempt staged = spec.staged().orElseThrow();

        SubmitRunRequest request = SubmitRunRequest.of(spec, "prod", fixedSize());

        assertThat(request.runName()).isEqualTo(spec.clusterName());
        assertThat(request.submitRun().getRunName()).isEqualTo(spec.clusterName());
        assertThat(request.submitRun().getQueue().getEnabled()).isTrue();
        SubmitTask task = task(request);
        assertThat(task.getTaskKey()).isEqualTo("main");
        assertThat(task.getSparkPythonTask().getPythonFile()).isEqualTo(inputs + "job.py");
        assertThat(task.getSparkPythonTask().getParameters()).containsExactly("--day", "2026-12-01");
        assertThat(task.getSparkJarTask()).isNull();
        assertThat(task.getLibraries()).containsExactly(new Library().setWhl(inputs + "tools-1.0-py3-none-any.whl"),
                new Library().setJar(staged.listenerJar()), new Library().setJar(inputs + "udfs.jar"));
        ClusterSpec cluster = task.getNewCluster();
        assertThat(cluster.getSparkVersion()).isEqualTo(TestSpecs.RUNTIME);
        assertThat(cluster.getNodeTypeId()).isEqualTo("i3.xlarge");
        assertThat(cluster.getNumWorkers()).isEqualTo(2L);
        assertThat(cluster.getAutoscale()).isNull();
        assertThat(cluster.getCustomTags()).containsExactlyInAnyOrderEntriesOf(Map.of("team", "data", "sparkplane-run-id", runId, "sparkplane-attempt",
                "1", "sparkplane-profile", "prod", "sparkplane-managed-by", "sparkplane"));
        Map<String, String> conf = cluster.getSparkConf();
        assertThat(conf).containsEntry("spark.sql.shuffle.partitions", "8")
                .containsEntry("spark.extraListeners", ServiceSparkConf.LISTENER_CLASS)
                .containsEntry(ServiceSparkConf.REPORT_URL, "https://sparkplane.example.com/internal/v1/runs/" + runId + "/attempts/1/heartbeat")
                .containsEntry(ServiceSparkConf.REPORT_TOKEN_FILE, staged.engineTokenFile())
                .containsEntry("spark.submit.pyFiles", inputs + "helpers.zip")
                .containsEntry("spark.files", inputs + "helpers.zip," + inputs + "lookup.csv")
                .containsEntry("spark.archives", inputs + "env.tar.gz#env")
                .containsKey("spark.redaction.regex");
        assertThat(conf.keySet()).as("what the node types and the cluster's size decide on Databricks").doesNotContain("spark.executor.memory",
                "spark.executor.cores", "spark.driver.memory", "spark.driver.cores", "spark.executor.instances")
                .noneMatch(key -> key.startsWith("spark.dynamicAllocation."));
        String body = new ObjectMapper().writeValueAsString(request.submitRun());
        assertThat(body).as("the attempt's token and the job's storage credentials").doesNotContain(TestSpecs.TOKEN)
                .doesNotContain(TestSpecs.STORAGE_SECRET).contains("\"idempotency_token\":\"" + request.idempotencyToken() + "\"");
    }

    @Test
    void aJarAttemptIsASparkJarTaskWithItsMainJarTheFirstLibrary() {
        String runId = UUID.randomUUID().toString();
        io.sparkplane.spi.engine.ClusterSpec spec = TestSpecs.jar(runId);

        SubmitTask task = task(SubmitRunRequest.of(spec, "prod", fixedSize()));

        assertThat(task.getSparkJarTask().getMainClassName()).isEqualTo("com.example.DailyTotals");
        assertThat(task.getSparkJarTask().getParameters()).containsExactly("--day", "2026-12-01");
        assertThat(task.getSparkPythonTask()).isNull();
        assertThat(task.getLibraries()).first().isEqualTo(new Library().setJar(TestSpecs.inputs(runId) + "app.jar"));
        assertThat(task.getNewCluster().getNumWorkers()).as("its first count within 2..4").isEqualTo(3L);
        assertThat(task.getNewCluster().getSparkConf()).doesNotContainKey("spark.submit.pyFiles");
    }

    @Test
    void anAutoscalingProfileGivesTheRunsBoundsAndAClusterHasAtLeastOneWorker() {
        DatabricksConfiguration autoscaling = TestSpecs.configuration("https://adb-1.azuredatabricks.net", TOKEN_REFERENCE, true);

        ClusterSpec scaled = task(SubmitRunRequest.of(TestSpecs.python(UUID.randomUUID().toString(), 2, 8, Map.of()), "prod", autoscaling)).getNewCluster();
        ClusterSpec fromNone = task(SubmitRunRequest.of(TestSpecs.python(UUID.randomUUID().toString(), 0, 3, Map.of()), "prod", autoscaling)).getNewCluster();
        ClusterSpec fixedFromNone = task(SubmitRunRequest.of(TestSpecs.python(UUID.randomUUID().toString(), 0, 3, Map.of()), "prod", fixedSize()))
                .getNewCluster();

        assertThat(scaled.getAutoscale().getMinWorkers()).isEqualTo(2L);
        assertThat(scaled.getAutoscale().getMaxWorkers()).isEqualTo(8L);
        assertThat(scaled.getNumWorkers()).isNull();
        assertThat(fromNone.getAutoscale().getMinWorkers()).isEqualTo(1L);
        assertThat(fixedFromNone.getNumWorkers()).isEqualTo(1L);
    }

    @Test
    void anAutoscalingProfileGivesAFixedCountAsAFixedSizeForDatabricksTakesNoEqualBounds() {
        DatabricksConfiguration autoscaling = TestSpecs.configuration("https://adb-1.azuredatabricks.net", TOKEN_REFERENCE, true);

        ClusterSpec fixed = task(SubmitRunRequest.of(TestSpecs.python(UUID.randomUUID().toString(), 4, 4, Map.of()), "prod", autoscaling)).getNewCluster();

        assertThat(fixed.getAutoscale()).isNull();
        assertThat(fixed.getNumWorkers()).isEqualTo(4L);
    }

    @Test
    void theProfilesPoolPolicyNodesAccessModeAndEnvironmentGoOnTheCluster() {
        DatabricksConfiguration configuration = new DatabricksConfiguration(URI.create("https://dbc-1234.cloud.databricks.com"),
                new Authentication.PersonalAccessToken(TOKEN_REFERENCE), "16.4.x-scala2.13", Optional.empty(), Optional.of("r5.2xlarge"),
                Optional.of("0101-120000-brick1-pool-ABCD1234"), Optional.of("9C6308F703005DF2"), false, new TreeMap<>(Map.of("TZ", "UTC")),
                new TreeMap<>(), Optional.of(DataSecurityMode.SINGLE_USER), Optional.of("jobs@example.com"), Duration.ofSeconds(10));

        ClusterSpec cluster = task(SubmitRunRequest.of(TestSpecs.python(1, 2), "prod", configuration)).getNewCluster();

        assertThat(cluster.getSparkVersion()).isEqualTo("16.4.x-scala2.13");
        assertThat(cluster.getNodeTypeId()).isNull();
        assertThat(cluster.getDriverNodeTypeId()).isEqualTo("r5.2xlarge");
        assertThat(cluster.getInstancePoolId()).isEqualTo("0101-120000-brick1-pool-ABCD1234");
        assertThat(cluster.getPolicyId()).isEqualTo("9C6308F703005DF2");
        assertThat(cluster.getApplyPolicyDefaultValues()).isTrue();
        assertThat(cluster.getDataSecurityMode()).isEqualTo(DataSecurityMode.SINGLE_USER);
        assertThat(cluster.getSingleUserName()).isEqualTo("jobs@example.com");
        assertThat(cluster.getSparkEnvVars()).containsExactlyEntriesOf(Map.of("TZ", "UTC"));
        assertThat(cluster.getCustomTags()).doesNotContainKey("team");
    }

    @Test
    void theRunsOwnFilesAreKeptBeforeItsInputs() {
        String runId = UUID.randomUUID().toString();
        io.sparkplane.spi.engine.ClusterSpec spec = TestSpecs.python(runId, 1, 2, Map.of("spark.files", "s3://other/extra.txt"));

        Map<String, String> conf = task(SubmitRunRequest.of(spec, "prod", fixedSize())).getNewCluster().getSparkConf();

        assertThat(conf.get("spark.files")).startsWith("s3://other/extra.txt,").endsWith("lookup.csv");
    }

    @Test
    void theIdempotencyTokenIsTheSameForAnAttemptAndAnotherForTheNext() {
        String runId = UUID.randomUUID().toString();
        String first = SubmitRunRequest.idempotencyToken(io.sparkplane.spi.engine.ClusterSpec.nameFor(runId, 1));

        assertThat(SubmitRunRequest.idempotencyToken(io.sparkplane.spi.engine.ClusterSpec.nameFor(runId, 1))).isEqualTo(first);
        assertThat(SubmitRunRequest.idempotencyToken(io.sparkplane.spi.engine.ClusterSpec.nameFor(runId, 2))).isNotEqualTo(first);
        assertThat(first).hasSizeLessThanOrEqualTo(64);
        assertThat(SubmitRunRequest.of(TestSpecs.python(runId, 1, 2, Map.of()), "prod", fixedSize()).idempotencyToken()).isEqualTo(first);
    }

    @Test
    void whatNoDatabricksRunCanTakeIsRefusedSayingWhy() {
        io.sparkplane.spi.engine.ClusterSpec python = TestSpecs.python(1, 2);
        io.sparkplane.spi.engine.ClusterSpec local = python.withStaged(python.launch(),
                new StagedAttempt("file:///var/sparkplane/staging/", "file:///var/sparkplane/listener.jar", "file:///var/sparkplane/token"));
        io.sparkplane.spi.engine.ClusterSpec unstaged = new io.sparkplane.spi.engine.ClusterSpec(python.clusterName(), python.resources(), 1,
                python.idleTimeout(), "", python.launch(), "default");
        io.sparkplane.spi.engine.ClusterSpec jar = TestSpecs.jar(UUID.randomUUID().toString());
        io.sparkplane.spi.engine.ClusterSpec jarWithPython = new io.sparkplane.spi.engine.ClusterSpec(jar.clusterName(), jar.resources(), 2,
                jar.idleTimeout(), "", new io.sparkplane.spi.engine.LaunchSpec(jar.launch().runId(), 1, "x", "https://cp", "t", jar.launch().entrypoint(),
                        List.of(), List.of("s3://bucket/helpers.zip"), List.of(), List.of(), List.of(), Map.of(), Map.of(), jar.resources()),
                "default", jar.staged());

        assertThatThrownBy(() -> SubmitRunRequest.of(local, "prod", fixedSize())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("s3://, gs://, abfss:// or wasbs://");
        assertThatThrownBy(() -> SubmitRunRequest.of(unstaged, "prod", fixedSize())).hasMessageContaining("no staged inputs");
        assertThatThrownBy(() -> SubmitRunRequest.of(jarWithPython, "prod", fixedSize())).hasMessageContaining("takes no Python files");
    }
}
