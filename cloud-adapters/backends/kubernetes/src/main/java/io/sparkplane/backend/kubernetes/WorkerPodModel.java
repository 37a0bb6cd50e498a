package io.sparkplane.backend.kubernetes;

import static io.sparkplane.backend.kubernetes.EngineContainers.env;
import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.EngineResources;
import io.sparkplane.spi.launch.LauncherVariables;
import java.util.List;

/**
 * The desired worker pod {@code index} of an engine cluster: a Spark worker offering one executor
 * of the spec's shape to the driver pod's master (by its headless service), owned by the driver
 * pod so deleting that collects it. Given a grace period to decommission when deleted. Pure.
 */
public record WorkerPodModel(KubernetesBackendConfiguration configuration, ClusterSpec spec, int index, OwnerReference driver) {

    static final String CONTAINER = "worker";

    public WorkerPodModel {
        requireNonNull(configuration, "configuration is null");
        requireNonNull(spec, "spec is null");
        requireNonNull(driver, "driver is null");
    }

    public Pod pod() {
        EngineClusterNames names = new EngineClusterNames(spec.clusterName());
        EngineResources resources = spec.resources();
        String master = "spark://" + names.driverService() + "." + configuration.namespace() + ".svc:" + configuration.sparkMasterPort();
        PodSpecBuilder podSpec = EngineContainers.placement(new PodSpecBuilder(), configuration)
                .withTerminationGracePeriodSeconds(configuration.workerGracePeriod().toSeconds())
                .addToContainers(new ContainerBuilder()
                        .withName(CONTAINER)
                        .withImage(configuration.image())
                        .withImagePullPolicy(configuration.imagePullPolicy())
                        .withCommand(EngineContainers.ENTRYPOINT, "worker")
                        .withEnv(EngineContainers.podIp(),
                                env(LauncherVariables.RUN_ID, spec.launch().runId()),
                                env(LauncherVariables.ATTEMPT, Integer.toString(spec.launch().attempt())),
                                env("SPARKPLANE_CLUSTER", spec.clusterName()),
                                env(LauncherVariables.SPARK_MASTER, master),
                                env("SPARK_LOCAL_IP", "$(SPARKPLANE_POD_IP)"),
                                env("SPARK_WORKER_CORES", Integer.toString(resources.executorCores())),
                                env("SPARK_WORKER_MEMORY", resources.executorMemoryMib() + "m"),
                                env("SPARK_WORKER_DIR", EngineContainers.WORK_MOUNT + "/worker"),
                                env("SPARK_DAEMON_MEMORY", EngineContainers.DAEMON_HEAP_MIB + "m"))
                        .withResources(EngineContainers.resources(resources.executorCores(), memoryMib()))
                        .withSecurityContext(EnginePodSecurity.container())
                        .withVolumeMounts(EngineContainers.scratchMounts())
                        .build())
                .withVolumes(EngineContainers.scratchVolumes());
        return configuration.podTemplates().workerPod(new PodBuilder()
                .withNewMetadata()
                    .withName(names.workerPod(index))
                    .withNamespace(configuration.namespace())
                    .withLabels(EngineLabels.of(spec.clusterName(), spec.launch().runId(), spec.launch().attempt(), EngineLabels.WORKER))
                    .withOwnerReferences(List.of(driver))
                .endMetadata()
                .withSpec(podSpec.build())
                .build());
    }

    /** The executor's heap with its overhead, beside the Spark worker daemon's. */
    int memoryMib() {
        return configuration.podMemoryMib(spec.resources().executorMemoryMib()) + configuration.podMemoryMib(EngineContainers.DAEMON_HEAP_MIB);
    }
}
