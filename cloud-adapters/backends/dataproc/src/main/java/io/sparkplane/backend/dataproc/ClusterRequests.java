package io.sparkplane.backend.dataproc;

import com.google.cloud.dataproc.v1.Cluster;
import com.google.cloud.dataproc.v1.ClusterConfig;
import com.google.cloud.dataproc.v1.CreateClusterRequest;
import com.google.cloud.dataproc.v1.DeleteClusterRequest;
import com.google.cloud.dataproc.v1.GceClusterConfig;
import com.google.cloud.dataproc.v1.InstanceGroupConfig;
import com.google.cloud.dataproc.v1.Job;
import com.google.cloud.dataproc.v1.JobPlacement;
import com.google.cloud.dataproc.v1.JobReference;
import com.google.cloud.dataproc.v1.LifecycleConfig;
import com.google.cloud.dataproc.v1.PySparkJob;
import com.google.cloud.dataproc.v1.SoftwareConfig;
import com.google.cloud.dataproc.v1.SparkJob;
import com.google.cloud.dataproc.v1.SubmitJobRequest;
import com.google.cloud.dataproc.v1.UpdateClusterRequest;
import com.google.protobuf.FieldMask;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.Entrypoint;
import io.sparkplane.spi.engine.LaunchSpec;
import io.sparkplane.spi.engine.ServiceSparkConf;
import io.sparkplane.spi.engine.StagedAttempt;
import io.sparkplane.spi.storage.Location;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The requests of an attempt on Dataproc: its cluster (master, the profile's primary workers, a
 * secondary group of the attempt's first worker count that the autoscaler resizes, the staging
 * bucket, lifecycle TTLs as the cloud's own safety net) and its one job, the run's PySpark or Spark
 * job with the service conf. Request ids are derived from the profile and cluster's name, so a call repeated
 * after a crash or a lost answer is the same call to Dataproc. Pure.
 */
final class ClusterRequests {

    static final String SECONDARY_WORKERS = "config.secondary_worker_config.num_instances";

    private ClusterRequests() {}

    static CreateClusterRequest createCluster(DataprocConfiguration configuration, String profile, ClusterSpec spec) {
        StagedAttempt staged = staged(spec);
        String bucket = Location.parse(staged.prefix()).authority();
        GceClusterConfig.Builder gce = GceClusterConfig.newBuilder().setZoneUri(configuration.zone().orElse(""));
        configuration.serviceAccount().ifPresent(gce::setServiceAccount);
        configuration.network().ifPresent(gce::setNetworkUri);
        configuration.subnetwork().ifPresent(gce::setSubnetworkUri);
        ClusterConfig config = ClusterConfig.newBuilder()
                .setConfigBucket(bucket)
                .setTempBucket(bucket)
                .setGceClusterConfig(gce)
                .setMasterConfig(group(1, configuration.masterMachineType()))
                .setWorkerConfig(group(configuration.workerCount(), configuration.workerMachineType()))
                .setSecondaryWorkerConfig(secondary(configuration, spec.initialWorkers()))
                .setSoftwareConfig(SoftwareConfig.newBuilder().setImageVersion(configuration.imageVersion()))
                .setLifecycleConfig(LifecycleConfig.newBuilder()
                        .setIdleDeleteTtl(duration(configuration.idleDeleteTtl()))
                        .setAutoDeleteTtl(duration(configuration.autoDeleteTtl())))
                .build();
        Cluster cluster = Cluster.newBuilder()
                .setProjectId(configuration.project())
                .setClusterName(spec.clusterName())
                .putAllLabels(labels(configuration, profile, spec))
                .setConfig(config)
                .build();
        return CreateClusterRequest.newBuilder()
                .setProjectId(configuration.project())
                .setRegion(configuration.region())
                .setCluster(cluster)
                .setRequestId(requestId("create", profile, spec.clusterName()))
                .build();
    }

    /** The attempt's one job, on its cluster, with the job id of the cluster's name. */
    static SubmitJobRequest submitJob(DataprocConfiguration configuration, String profile, ClusterSpec spec) {
        StagedAttempt staged = staged(spec);
        LaunchSpec launch = spec.launch();
        Map<String, String> properties = ServiceSparkConf.of(spec, staged);
        List<String> jars = new ArrayList<>();
        jars.add(staged.listenerJar());
        jars.addAll(launch.jars());
        Job.Builder job = Job.newBuilder()
                .setReference(JobReference.newBuilder().setProjectId(configuration.project()).setJobId(jobId(spec.clusterName())))
                .setPlacement(JobPlacement.newBuilder().setClusterName(spec.clusterName()))
                .putAllLabels(labels(configuration, profile, spec));
        if (launch.entrypoint() instanceof Entrypoint.Jar jar) {
            List<String> withMain = new ArrayList<>();
            withMain.add(jar.location());
            withMain.addAll(jars);
            job.setSparkJob(SparkJob.newBuilder()
                    .setMainClass(jar.mainClass())
                    .addAllJarFileUris(withMain)
                    .addAllArgs(launch.args())
                    .addAllFileUris(launch.files())
                    .addAllArchiveUris(launch.archives())
                    .putAllProperties(properties));
        } else {
            job.setPysparkJob(PySparkJob.newBuilder()
                    .setMainPythonFileUri(launch.entrypoint().location())
                    .addAllArgs(launch.args())
                    .addAllPythonFileUris(launch.pyFiles())
                    .addAllJarFileUris(jars)
                    .addAllFileUris(launch.files())
                    .addAllArchiveUris(launch.archives())
                    .putAllProperties(properties));
        }
        return SubmitJobRequest.newBuilder()
                .setProjectId(configuration.project())
                .setRegion(configuration.region())
                .setJob(job)
                .setRequestId(requestId("submit", profile, spec.clusterName()))
                .build();
    }

    /** The secondary workers' count, the others finishing their work for up to the profile's graceful decommission timeout. */
    static UpdateClusterRequest resize(DataprocConfiguration configuration, String clusterName, int workers) {
        return UpdateClusterRequest.newBuilder()
                .setProjectId(configuration.project())
                .setRegion(configuration.region())
                .setClusterName(clusterName)
                .setCluster(Cluster.newBuilder().setConfig(ClusterConfig.newBuilder()
                        .setSecondaryWorkerConfig(InstanceGroupConfig.newBuilder().setNumInstances(workers))))
                .setUpdateMask(FieldMask.newBuilder().addPaths(SECONDARY_WORKERS))
                .setGracefulDecommissionTimeout(duration(configuration.gracefulDecommissionTimeout()))
                // one id per resize: a count asked again later is a new request, not the old one repeated
                .setRequestId(UUID.randomUUID().toString())
                .build();
    }

    static DeleteClusterRequest deleteCluster(DataprocConfiguration configuration, String profile, String clusterName) {
        return DeleteClusterRequest.newBuilder()
                .setProjectId(configuration.project())
                .setRegion(configuration.region())
                .setClusterName(clusterName)
                .setRequestId(requestId("delete", profile, clusterName))
                .build();
    }

    /** The job's id: the cluster's name, which Dataproc's job id rule ({@code [a-zA-Z0-9_-]{1,100}}) takes. */
    static String jobId(String clusterName) {
        return clusterName;
    }

    /**
     * A request id Dataproc takes (at most 40 of {@code [a-zA-Z0-9_-]}), the same for the same call on
     * the same cluster by the same profile: another profile's create of that name is another request,
     * which Dataproc answers ALREADY_EXISTS rather than with the first create's operation.
     */
    static String requestId(String call, String profile, String clusterName) {
        return UUID.nameUUIDFromBytes((call + ":" + profile + ":" + clusterName).getBytes(StandardCharsets.UTF_8)).toString();
    }

    static Map<String, String> labels(DataprocConfiguration configuration, String profile, ClusterSpec spec) {
        return DataprocLabels.of(configuration.labels(), profile, spec.clusterName(), spec.launch().runId(), spec.launch().attempt());
    }

    /** Secondary workers take the primary workers' machine type unless the profile names one (which Dataproc may refuse). */
    private static InstanceGroupConfig.Builder secondary(DataprocConfiguration configuration, int count) {
        InstanceGroupConfig.Builder group = InstanceGroupConfig.newBuilder().setNumInstances(count)
                .setPreemptibility(InstanceGroupConfig.Preemptibility.valueOf(configuration.preemptibility()));
        configuration.secondaryWorkerMachineType().ifPresent(group::setMachineTypeUri);
        return group;
    }

    private static InstanceGroupConfig.Builder group(int count, String machineType) {
        return InstanceGroupConfig.newBuilder().setNumInstances(count).setMachineTypeUri(machineType);
    }

    private static com.google.protobuf.Duration duration(Duration duration) {
        return com.google.protobuf.Duration.newBuilder().setSeconds(duration.getSeconds()).setNanos(duration.getNano()).build();
    }

    private static StagedAttempt staged(ClusterSpec spec) {
        return spec.staged().orElseThrow(() -> new IllegalArgumentException(
                "cluster " + spec.clusterName() + " has nothing staged: the dataproc backend runs only service-hosted attempts"));
    }
}
