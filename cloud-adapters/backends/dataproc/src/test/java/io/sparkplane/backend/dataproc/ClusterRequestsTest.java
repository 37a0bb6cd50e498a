package io.sparkplane.backend.dataproc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.cloud.dataproc.v1.Cluster;
import com.google.cloud.dataproc.v1.CreateClusterRequest;
import com.google.cloud.dataproc.v1.InstanceGroupConfig;
import com.google.cloud.dataproc.v1.SubmitJobRequest;
import com.google.cloud.dataproc.v1.UpdateClusterRequest;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.Entrypoint;
import io.sparkplane.spi.engine.ServiceSparkConf;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ClusterRequestsTest {

    private static final DataprocConfiguration CONFIGURATION = TestSpecs.configuration(GoogleEndpoint.regional("us-central1"));
    private final String runId = UUID.randomUUID().toString();
    private final ClusterSpec spec = TestSpecs.python(runId, 1, 6);

    @Test
    void theClusterHasTheProfilesGroupsTheAttemptsSecondaryWorkersAndTheCloudsOwnSafetyNet() {
        CreateClusterRequest request = ClusterRequests.createCluster(CONFIGURATION, "gcp", spec);
        Cluster cluster = request.getCluster();
        assertThat(request.getProjectId()).isEqualTo("sparkplane-test");
        assertThat(request.getRegion()).isEqualTo("us-central1");
        assertThat(cluster.getClusterName()).isEqualTo("sp-" + runId + "-1").matches("[a-z]([-a-z0-9]{0,49}[a-z0-9])?");
        var config = cluster.getConfig();
        assertThat(config.getConfigBucket()).as("the staging bucket is the run's").isEqualTo(TestSpecs.BUCKET);
        assertThat(config.getTempBucket()).isEqualTo(TestSpecs.BUCKET);
        assertThat(config.getGceClusterConfig().getZoneUri()).as("auto zone placement").isEmpty();
        assertThat(config.getMasterConfig().getNumInstances()).isEqualTo(1);
        assertThat(config.getWorkerConfig().getNumInstances()).isEqualTo(2);
        assertThat(config.getSecondaryWorkerConfig().getNumInstances()).as("the attempt's first worker count").isEqualTo(1);
        assertThat(config.getSecondaryWorkerConfig().getMachineTypeUri()).as("the workers' type, unless the profile names one").isEmpty();
        assertThat(config.getSecondaryWorkerConfig().getPreemptibility()).isEqualTo(InstanceGroupConfig.Preemptibility.NON_PREEMPTIBLE);
        assertThat(config.getSoftwareConfig().getImageVersion()).isEqualTo("2.3-debian12");
        assertThat(config.getLifecycleConfig().getIdleDeleteTtl().getSeconds()).isEqualTo(1800);
        assertThat(config.getLifecycleConfig().getAutoDeleteTtl().getSeconds()).isEqualTo(86400);
        assertThat(cluster.getLabelsMap()).containsEntry("team", "data")
                .containsEntry("sparkplane-managed-by", "sparkplane")
                .containsEntry("sparkplane-profile", "gcp")
                .containsEntry("sparkplane-run-id", runId)
                .containsEntry("sparkplane-attempt", "1")
                .containsEntry("sparkplane-cluster", "sp-" + runId + "-1");
        cluster.getLabelsMap().forEach((key, value) -> {
            assertThat(key).matches("[a-z][a-z0-9_-]{0,62}");
            assertThat(value).matches("[a-z0-9_-]{0,63}");
        });
    }

    @Test
    void requestIdsAreTheSameForTheSameCallAndFitDataprocsRule() {
        String create = ClusterRequests.createCluster(CONFIGURATION, "gcp", spec).getRequestId();
        assertThat(create).isEqualTo(ClusterRequests.createCluster(CONFIGURATION, "gcp", spec).getRequestId())
                .matches("[a-zA-Z0-9_-]{1,40}");
        String submit = ClusterRequests.submitJob(CONFIGURATION, "gcp", spec).getRequestId();
        assertThat(submit).isNotEqualTo(create).matches("[a-zA-Z0-9_-]{1,40}");
        assertThat(ClusterRequests.createCluster(CONFIGURATION, "gcp", TestSpecs.python(1, 6)).getRequestId())
                .as("another attempt's").isNotEqualTo(create);
        assertThat(ClusterRequests.deleteCluster(CONFIGURATION, "gcp", spec.clusterName()).getRequestId()).isNotIn(create, submit);
        assertThat(ClusterRequests.createCluster(CONFIGURATION, "other-profile", spec).getRequestId())
                .as("another profile's create of the same name is another request").isNotEqualTo(create);
    }

    @Test
    void theJobRunsTheStagedInputsWithTheListenerFirstAndTheServiceConf() {
        SubmitJobRequest request = ClusterRequests.submitJob(CONFIGURATION, "gcp", spec);
        var job = request.getJob();
        assertThat(job.getReference().getJobId()).isEqualTo(spec.clusterName()).matches("[a-zA-Z0-9_-]{1,100}");
        assertThat(job.getPlacement().getClusterName()).isEqualTo(spec.clusterName());
        assertThat(job.getLabelsMap()).containsEntry("sparkplane-run-id", runId);
        var pyspark = job.getPysparkJob();
        assertThat(pyspark.getMainPythonFileUri()).isEqualTo(spec.launch().entrypoint().location());
        assertThat(pyspark.getArgsList()).containsExactly("--day", "2026-12-01");
        assertThat(pyspark.getJarFileUrisList()).containsExactly("gs://staging/engine/sparkplane-listener.jar",
                spec.launch().jars().get(0));
        assertThat(pyspark.getPythonFileUrisList()).isEqualTo(spec.launch().pyFiles());
        assertThat(pyspark.getFileUrisList()).isEqualTo(spec.launch().files());
        assertThat(pyspark.getArchiveUrisList()).containsExactly(spec.launch().archives().get(0));
        assertThat(pyspark.getPropertiesMap()).isEqualTo(ServiceSparkConf.of(spec, spec.staged().orElseThrow()));
        assertThat(pyspark.getPropertiesMap()).containsEntry("spark.dynamicAllocation.maxExecutors", "6")
                .containsEntry("spark.sql.shuffle.partitions", "8");
        assertThat(request.toString()).as("neither the engine token nor the storage secret is in the request")
                .doesNotContain(TestSpecs.TOKEN).doesNotContain(TestSpecs.STORAGE_SECRET);
    }

    @Test
    void aJarJobNamesItsMainClassWithItsJarBesideTheListener() {
        ClusterSpec jar = TestSpecs.spec(runId, new Entrypoint.Jar("gs://staging/inputs/0/app.jar", "com.example.Main"), 1, 2);
        var sparkJob = ClusterRequests.submitJob(CONFIGURATION, "gcp", jar).getJob().getSparkJob();
        assertThat(sparkJob.getMainClass()).isEqualTo("com.example.Main");
        assertThat(sparkJob.getJarFileUrisList()).startsWith("gs://staging/inputs/0/app.jar", "gs://staging/engine/sparkplane-listener.jar");
        assertThat(ClusterRequests.submitJob(CONFIGURATION, "gcp", jar).getJob().hasPysparkJob()).isFalse();
    }

    @Test
    void theJobsRequestIsTheSameBytesWhateverOrderItsMapsWereFilledIn() {
        SubmitJobRequest request = ClusterRequests.submitJob(CONFIGURATION, "gcp", spec);
        var properties = new java.util.ArrayList<>(request.getJob().getPysparkJob().getPropertiesMap().entrySet());
        java.util.Collections.reverse(properties);
        var reversed = request.toBuilder();
        reversed.getJobBuilder().getPysparkJobBuilder().clearProperties();
        properties.forEach(entry -> reversed.getJobBuilder().getPysparkJobBuilder().putProperties(entry.getKey(), entry.getValue()));
        assertThat(DataprocEngineBackend.deterministic(reversed.build())).isEqualTo(DataprocEngineBackend.deterministic(request));
    }

    @Test
    void aResizeChangesOnlyTheSecondaryWorkersGracefully() {
        UpdateClusterRequest request = ClusterRequests.resize(CONFIGURATION, spec.clusterName(), 4);
        assertThat(request.getUpdateMask().getPathsList()).containsExactly("config.secondary_worker_config.num_instances");
        assertThat(request.getCluster().getConfig().getSecondaryWorkerConfig().getNumInstances()).isEqualTo(4);
        assertThat(request.getGracefulDecommissionTimeout().getSeconds()).isEqualTo(120);
        assertThat(request.getRequestId()).as("a later resize to the same count is a new request")
                .isNotEqualTo(ClusterRequests.resize(CONFIGURATION, spec.clusterName(), 4).getRequestId());
    }

    @Test
    void anAttemptWithNothingStagedIsRefused() {
        ClusterSpec unstaged = new ClusterSpec(spec.clusterName(), spec.resources(), 1, spec.idleTimeout(), "", spec.launch(), "default",
                Optional.empty(), false);
        assertThatThrownBy(() -> ClusterRequests.createCluster(CONFIGURATION, "gcp", unstaged)).hasMessageContaining("nothing staged");
        assertThat(List.of(ClusterRequests.jobId(spec.clusterName()))).containsExactly(spec.clusterName());
    }
}
