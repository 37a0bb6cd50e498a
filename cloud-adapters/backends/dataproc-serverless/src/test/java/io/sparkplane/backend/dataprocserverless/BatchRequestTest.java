package io.sparkplane.backend.dataprocserverless;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.dataproc.v1.Batch;
import com.google.cloud.dataproc.v1.CreateBatchRequest;
import com.google.cloud.dataproc.v1.ExecutionConfig;
import com.google.cloud.dataproc.v1.PySparkBatch;
import com.google.cloud.dataproc.v1.SparkBatch;
import io.sparkplane.backend.dataprocserverless.DataprocServerlessConfiguration.Credentials;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.LaunchSpec;
import io.sparkplane.spi.engine.StagedAttempt;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The CreateBatch request of an attempt, field by field. */
class BatchRequestTest {

    private static final String RUN = "0b6a6f3e-8c5e-4a7e-9d6e-2f1f0c0c0c01";
    private static final String INPUTS = "gs://staging-bucket/workspaces/default/runs/" + RUN + "/inputs/";
    private static final String STAGING = "gs://staging-bucket/workspaces/default/runs/" + RUN + "/attempts/1/";
    private static final String LISTENER = "gs://staging-bucket/sparkplane/listener/sparkplane-listener.jar";

    private static BatchRequest request(ClusterSpec spec) {
        return BatchRequest.of(spec, "serverless", TestSpecs.configuration());
    }

    private static ClusterSpec python(Map<String, String> sparkConf) {
        return TestSpecs.python(RUN, 1, 6, sparkConf);
    }

    @Test
    void theBatchIsNamedAfterTheClusterAndTheRequestIdIsTheSameForTheSameAttempt() {
        BatchRequest request = request(python(Map.of()));

        assertThat(request.parent()).isEqualTo("projects/sparkplane-test/locations/us-central1");
        assertThat(request.batchId()).isEqualTo("sp-" + RUN + "-1");
        assertThat(request.batchName()).isEqualTo("projects/sparkplane-test/locations/us-central1/batches/sp-" + RUN + "-1");
        assertThat(request.requestId()).matches("[a-zA-Z0-9_-]{1,40}").hasSize(36)
                .isEqualTo(request(python(Map.of("spark.sql.shuffle.partitions", "8"))).requestId())
                .isNotEqualTo(request(TestSpecs.python("0b6a6f3e-8c5e-4a7e-9d6e-2f1f0c0c0c02", 1, 6, Map.of())).requestId());
        CreateBatchRequest proto = request.toProto();
        assertThat(proto.getParent()).isEqualTo(request.parent());
        assertThat(proto.getBatchId()).isEqualTo(request.batchId());
        assertThat(proto.getRequestId()).isEqualTo(request.requestId());
        assertThat(proto.getBatch()).isEqualTo(request.batch());
        assertThat(request(python(Map.of()))).as("built again for the same attempt").isEqualTo(request);
    }

    @Test
    void batchIdsAreWhatDataprocTakes() {
        record Row(String clusterName, String batchId) {}
        String longName = "sp-" + RUN + "-" + RUN;
        for (Row row : List.of(
                new Row("sp-" + RUN + "-1", "sp-" + RUN + "-1"),
                new Row("sp-" + RUN + "-12", "sp-" + RUN + "-12"),
                new Row("abcd", "abcd"))) {
            assertThat(BatchRequest.batchId(row.clusterName())).as(row.clusterName()).isEqualTo(row.batchId());
        }
        for (String clusterName : List.of("SP-Run_1", longName, "a", "--x--", "sp-run.1", "___")) {
            String batchId = BatchRequest.batchId(clusterName);
            assertThat(batchId).as(clusterName).matches("[a-z0-9][a-z0-9-]{2,61}[a-z0-9]").isEqualTo(BatchRequest.batchId(clusterName));
            assertThat(batchId).as("another name, another id").isNotEqualTo(BatchRequest.batchId(clusterName + "x"));
        }
        assertThat(BatchRequest.batchId("SP-Run_1")).startsWith("sp-run-1-");
        assertThat(BatchRequest.batchId(longName)).hasSize(63).startsWith("sp-" + RUN.substring(0, 20));
    }

    @Test
    void aPythonAttemptIsAPySparkBatchOfItsStagedInputsWithTheListenerJarFirst() {
        Batch batch = request(python(Map.of())).batch();

        assertThat(batch.getBatchConfigCase()).isEqualTo(Batch.BatchConfigCase.PYSPARK_BATCH);
        PySparkBatch pyspark = batch.getPysparkBatch();
        assertThat(pyspark.getMainPythonFileUri()).isEqualTo(INPUTS + "job.py");
        assertThat(pyspark.getArgsList()).containsExactly("--day", "2026-12-01");
        assertThat(pyspark.getPythonFileUrisList()).containsExactly(INPUTS + "helpers.zip");
        assertThat(pyspark.getJarFileUrisList()).containsExactly(LISTENER, INPUTS + "udfs.jar");
        assertThat(pyspark.getFileUrisList()).containsExactly(INPUTS + "lookup.csv");
        assertThat(pyspark.getArchiveUrisList()).containsExactly(INPUTS + "env.tar.gz#env");
    }

    @Test
    void aJarAttemptIsASparkBatchOfItsMainClassWithTheMainJarFirst() {
        Batch batch = request(TestSpecs.jar(RUN)).batch();

        assertThat(batch.getBatchConfigCase()).isEqualTo(Batch.BatchConfigCase.SPARK_BATCH);
        SparkBatch spark = batch.getSparkBatch();
        assertThat(spark.getMainClass()).isEqualTo("com.example.DailyTotals");
        assertThat(spark.getMainJarFileUri()).isEmpty();
        assertThat(spark.getJarFileUrisList()).containsExactly(INPUTS + "app.jar", LISTENER, INPUTS + "udfs.jar");
        assertThat(spark.getArgsList()).containsExactly("--day", "2026-12-01");
        assertThat(spark.getFileUrisList()).containsExactly(INPUTS + "lookup.csv");
        assertThat(spark.getArchiveUrisList()).containsExactly(INPUTS + "env.tar.gz#env");
    }

    @Test
    void aJarAttemptWithPythonFilesIsRefused() {
        ClusterSpec jar = TestSpecs.jar(RUN);
        LaunchSpec launch = jar.launch();
        LaunchSpec withPyFiles = new LaunchSpec(launch.runId(), launch.attempt(), launch.runName(), launch.controlPlaneUrl(), launch.token(),
                launch.entrypoint(), launch.args(), List.of(INPUTS + "helpers.zip"), launch.jars(), launch.files(), launch.archives(),
                launch.sparkConf(), launch.storageConf(), launch.resources());
        ClusterSpec spec = jar.withStaged(withPyFiles, jar.staged().orElseThrow());

        assertThatThrownBy(() -> request(spec)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("com.example.DailyTotals")
                .hasMessageContaining("helpers.zip");
    }

    @Test
    void theRuntimeIsTheProfilesAndTheAttemptsSizesAndBoundsBecomeDynamicAllocation() {
        BatchRequest request = request(python(Map.of()));

        assertThat(request.batch().getRuntimeConfig().getVersion()).isEqualTo("2.3");
        assertThat(request.batch().getRuntimeConfig().getContainerImage()).isEmpty();
        assertThat(request.properties()).contains(
                Map.entry("spark.driver.cores", "4"),
                Map.entry("spark.driver.memory", "8192m"),
                Map.entry("spark.executor.cores", "4"),
                Map.entry("spark.executor.memory", "16384m"),
                Map.entry("spark.dynamicAllocation.enabled", "true"),
                Map.entry("spark.dynamicAllocation.minExecutors", "1"),
                Map.entry("spark.dynamicAllocation.initialExecutors", "1"),
                Map.entry("spark.dynamicAllocation.maxExecutors", "6"),
                Map.entry("spark.dynamicAllocation.executorIdleTimeout", "90s"),
                // Dataproc's own default of 2 would otherwise start more than the run asked for
                Map.entry("spark.executor.instances", "1"));
    }

    @Test
    void theListenerReportsToTheAttemptsHeartbeatWithTheStagedTokenFile() {
        Map<String, String> properties = request(python(Map.of("spark.extraListeners", "com.example.Audit"))).properties();

        assertThat(properties).contains(
                Map.entry("spark.extraListeners", "com.example.Audit,io.sparkplane.listener.BacklogListener"),
                Map.entry("spark.sparkplane.report.url", "https://sparkplane.example.com/internal/v1/runs/" + RUN + "/attempts/1/heartbeat"),
                Map.entry("spark.sparkplane.report.tokenFile", STAGING + "engine-token"));
        assertThat(properties.get("spark.redaction.regex")).contains("token");
    }

    @Test
    void theEventLogGoesToTheAttemptsStagingUnlessTheRunWritesItsOwn() {
        assertThat(request(python(Map.of())).properties()).contains(
                Map.entry("spark.eventLog.enabled", "true"),
                Map.entry("spark.eventLog.dir", STAGING + "eventlog/"));
        assertThat(request(python(Map.of("spark.eventLog.enabled", "false"))).properties())
                .containsEntry("spark.eventLog.enabled", "false").doesNotContainKey("spark.eventLog.dir");
        assertThat(request(python(Map.of("spark.eventLog.dir", "gs://mine/events/"))).properties())
                .containsEntry("spark.eventLog.dir", "gs://mine/events/").doesNotContainKey("spark.eventLog.enabled");
    }

    @Test
    void theRunsOwnConfIsPassedOnAsItIs() {
        Map<String, String> properties = request(python(Map.of(
                "spark.sql.shuffle.partitions", "8",
                "spark.executor.instances", "4",
                "spark.driver.extraJavaOptions", "-XX:+UseG1GC -Dmode=\"fast\"",
                "spark.dynamicAllocation.executorAllocationRatio", "0.5"))).properties();

        assertThat(properties).contains(
                Map.entry("spark.sql.shuffle.partitions", "8"),
                Map.entry("spark.executor.instances", "4"),
                Map.entry("spark.driver.extraJavaOptions", "-XX:+UseG1GC -Dmode=\"fast\""),
                Map.entry("spark.dynamicAllocation.executorAllocationRatio", "0.5"));
    }

    @Test
    void theTokenAndTheStorageCredentialsAreNeverPartOfTheRequest() {
        String request = request(python(Map.of())).toProto().toString();

        assertThat(request).doesNotContain(TestSpecs.TOKEN).doesNotContain(TestSpecs.STORAGE_SECRET).doesNotContain("keyfile");
    }

    @Test
    void theExecutionConfigIsTheProfilesWithTheStagingBucketOfTheAttempt() {
        ExecutionConfig none = request(python(Map.of())).batch().getEnvironmentConfig().getExecutionConfig();
        assertThat(none).isEqualTo(ExecutionConfig.newBuilder().setStagingBucket("staging-bucket").build());

        DataprocServerlessConfiguration subnetwork = new DataprocServerlessConfiguration("sparkplane-test", "us-central1", "2.2",
                Optional.of("jobs@sparkplane-test.iam.gserviceaccount.com"), Optional.empty(),
                Optional.of("projects/sparkplane-test/regions/us-central1/subnetworks/jobs"), new TreeMap<>(), Optional.of(Duration.ofHours(6)),
                Optional.empty(), Credentials.APPLICATION_DEFAULT, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofHours(1));
        Batch batch = BatchRequest.of(python(Map.of()), "serverless", subnetwork).batch();
        ExecutionConfig execution = batch.getEnvironmentConfig().getExecutionConfig();
        assertThat(batch.getRuntimeConfig().getVersion()).isEqualTo("2.2");
        assertThat(execution.getServiceAccount()).isEqualTo("jobs@sparkplane-test.iam.gserviceaccount.com");
        assertThat(execution.getSubnetworkUri()).isEqualTo("projects/sparkplane-test/regions/us-central1/subnetworks/jobs");
        assertThat(execution.getNetworkCase()).isEqualTo(ExecutionConfig.NetworkCase.SUBNETWORK_URI);
        assertThat(execution.getTtl().getSeconds()).isEqualTo(6 * 3600);
        assertThat(execution.getStagingBucket()).isEqualTo("staging-bucket");

        DataprocServerlessConfiguration network = new DataprocServerlessConfiguration("sparkplane-test", "us-central1", "2.3", Optional.empty(),
                Optional.of("default"), Optional.empty(), new TreeMap<>(), Optional.empty(), Optional.empty(), Credentials.APPLICATION_DEFAULT,
                Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofHours(1));
        ExecutionConfig onNetwork = BatchRequest.of(python(Map.of()), "serverless", network).batch().getEnvironmentConfig().getExecutionConfig();
        assertThat(onNetwork.getNetworkUri()).isEqualTo("default");
        assertThat(onNetwork.getNetworkCase()).isEqualTo(ExecutionConfig.NetworkCase.NETWORK_URI);
        assertThat(onNetwork.hasTtl()).isFalse();
        assertThat(onNetwork.getServiceAccount()).isEmpty();
    }

    @Test
    void sparkplanesLabelsSayWhatTheBatchIsBesideTheProfilesOwn() {
        DataprocServerlessConfiguration labelled = new DataprocServerlessConfiguration("sparkplane-test", "us-central1", "2.3", Optional.empty(),
                Optional.empty(), Optional.empty(), new TreeMap<>(Map.of("team", "data", "cost-center", "")), Optional.empty(), Optional.empty(),
                Credentials.APPLICATION_DEFAULT, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofHours(1));

        Map<String, String> labels = BatchRequest.of(python(Map.of()), "serverless", labelled).batch().getLabelsMap();

        assertThat(new TreeMap<>(labels)).containsExactly(
                Map.entry("cost-center", ""),
                Map.entry("sparkplane-attempt", "1"),
                Map.entry("sparkplane-cluster", "sp-" + RUN + "-1"),
                Map.entry("sparkplane-profile", "serverless"),
                Map.entry("sparkplane-run-id", RUN),
                Map.entry("team", "data"));
    }

    @Test
    void labelValuesKeepToDataprocsRules() {
        record Row(String value, String label) {}
        for (Row row : List.of(
                new Row(RUN, RUN),
                new Row("Serverless.EU", "serverless_eu"),
                new Row("a b/c", "a_b_c"),
                new Row("x".repeat(70), "x".repeat(63)))) {
            assertThat(BatchRequest.labelValue(row.value())).as(row.value()).isEqualTo(row.label()).matches("[a-z0-9_-]{0,63}");
        }
    }

    @Test
    void theStagingMustBeACloudStorageBucket() {
        assertThat(BatchRequest.bucket("gs://staging-bucket/workspaces/default/")).isEqualTo("staging-bucket");
        for (String prefix : List.of("s3://staging/runs/", "file:///tmp/staging/", "gs:///no-bucket/", "not a uri/")) {
            assertThatThrownBy(() -> BatchRequest.bucket(prefix)).as(prefix).isInstanceOf(IllegalArgumentException.class);
        }
        ClusterSpec python = python(Map.of());
        ClusterSpec inS3 = python.withStaged(python.launch(), new StagedAttempt("s3://staging/runs/1/", "s3://staging/listener.jar",
                "s3://staging/runs/1/engine-token"));
        assertThatThrownBy(() -> request(inS3)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gs://");
    }

    @Test
    void anAttemptWithNothingStagedIsRefused() {
        ClusterSpec python = python(Map.of());
        ClusterSpec unstaged = new ClusterSpec(python.clusterName(), python.resources(), 1, Duration.ofSeconds(60), "", python.launch(), "default");

        assertThatThrownBy(() -> request(unstaged)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no staged inputs");
    }
}
