package io.sparkplane.backend.kubernetes;

import static io.sparkplane.backend.kubernetes.EngineContainers.env;
import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.EngineResources;
import io.sparkplane.spi.launch.LauncherVariables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The desired driver pod of an engine cluster: the engine image's entrypoint in its {@code driver}
 * role starts the Spark master and the launcher, which reads the launch spec from the cluster's
 * secret, runs the job and leaves its outcome as the container's termination message. Pure.
 */
public record DriverPodModel(KubernetesBackendConfiguration configuration, ClusterSpec spec) {

    static final String CONTAINER = "driver";
    static final String LAUNCH_MOUNT = "/etc/sparkplane/launch";
    static final String LAUNCH_FILE = "launch.json";
    public static final String TERMINATION_MESSAGE_PATH = "/dev/termination-log";

    public DriverPodModel {
        requireNonNull(configuration, "configuration is null");
        requireNonNull(spec, "spec is null");
    }

    public Pod pod() {
        EngineClusterNames names = new EngineClusterNames(spec.clusterName());
        EngineResources resources = spec.resources();
        PodSpecBuilder podSpec = EngineContainers.placement(new PodSpecBuilder(), configuration)
                .addToContainers(new ContainerBuilder()
                        .withName(CONTAINER)
                        .withImage(configuration.image())
                        .withImagePullPolicy(configuration.imagePullPolicy())
                        .withCommand(EngineContainers.ENTRYPOINT, "driver")
                        .withEnv(environment())
                        .withResources(EngineContainers.resources(resources.driverCores(), memoryMib()))
                        .withSecurityContext(EnginePodSecurity.container())
                        .withVolumeMounts(EngineContainers.scratchMounts())
                        .addToVolumeMounts(new VolumeMountBuilder().withName("launch").withMountPath(LAUNCH_MOUNT).withReadOnly(true).build())
                        .addNewPort().withName("spark").withContainerPort(configuration.sparkMasterPort()).endPort()
                        .withTerminationMessagePath(TERMINATION_MESSAGE_PATH)
                        .withTerminationMessagePolicy("File")
                        .build())
                .withVolumes(EngineContainers.scratchVolumes())
                .addToVolumes(new VolumeBuilder().withName("launch")
                        .withNewSecret().withSecretName(names.launchSecret()).withDefaultMode(0400).endSecret().build());
        return configuration.podTemplates().driverPod(new PodBuilder()
                .withNewMetadata()
                    .withName(names.driverPod())
                    .withNamespace(configuration.namespace())
                    .withLabels(EngineLabels.of(spec.clusterName(), spec.launch().runId(), spec.launch().attempt(), EngineLabels.DRIVER))
                    // provisioning makes workers 1..initialWorkers
                    .withAnnotations(Map.of(EngineLabels.HIGHEST_WORKER, Integer.toString(spec.initialWorkers())))
                .endMetadata()
                .withSpec(podSpec.build())
                .build());
    }

    /** The job's driver heap with its overhead, beside the Spark master's and the launcher's heaps with theirs. */
    int memoryMib() {
        return configuration.podMemoryMib(spec.resources().driverMemoryMib())
                + configuration.podMemoryMib(EngineContainers.DAEMON_HEAP_MIB + EngineContainers.LAUNCHER_HEAP_MIB);
    }

    private List<EnvVar> environment() {
        int port = configuration.sparkMasterPort();
        List<EnvVar> environment = new ArrayList<>();
        environment.add(EngineContainers.podIp());
        environment.add(env(LauncherVariables.RUN_ID, spec.launch().runId()));
        environment.add(env(LauncherVariables.ATTEMPT, Integer.toString(spec.launch().attempt())));
        environment.add(env("SPARKPLANE_CLUSTER", spec.clusterName()));
        environment.add(env("SPARKPLANE_LAUNCH_SPEC", LAUNCH_MOUNT + "/" + LAUNCH_FILE));
        environment.add(env("SPARKPLANE_WORK_DIRECTORY", EngineContainers.WORK_MOUNT + "/attempt"));
        environment.add(env("SPARKPLANE_TERMINATION_MESSAGE", TERMINATION_MESSAGE_PATH));
        environment.add(env("SPARK_LOCAL_IP", "$(SPARKPLANE_POD_IP)"));
        environment.add(env("SPARK_MASTER_HOST", "$(SPARKPLANE_POD_IP)"));
        environment.add(env("SPARK_MASTER_PORT", Integer.toString(port)));
        environment.add(env("SPARK_MASTER_WEBUI_PORT", Integer.toString(port + 1)));
        environment.add(env("SPARK_DAEMON_MEMORY", EngineContainers.DAEMON_HEAP_MIB + "m"));
        environment.add(env(LauncherVariables.SPARK_MASTER, "spark://$(SPARKPLANE_POD_IP):" + port));
        return environment;
    }
}
