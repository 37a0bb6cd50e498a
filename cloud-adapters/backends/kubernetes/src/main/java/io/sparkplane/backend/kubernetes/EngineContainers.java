package io.sparkplane.backend.kubernetes;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.List;

/** What the driver's and the workers' pods have in common: the entrypoint, placement, resources, volumes. */
final class EngineContainers {

    /** The engine image's one entrypoint; its argument is the role ({@code driver} or {@code worker}). */
    static final String ENTRYPOINT = "/opt/sparkplane/entrypoint.sh";
    static final String WORK_MOUNT = "/work";
    static final String TMP_MOUNT = "/tmp";
    /** Heap of each Spark daemon (the master in the driver pod, the worker in a worker pod). */
    static final int DAEMON_HEAP_MIB = 256;
    /** What the launcher's own JVM takes in the driver pod. */
    static final int LAUNCHER_HEAP_MIB = 128;

    private EngineContainers() {}

    /** Placement and pull settings of every engine pod. */
    static PodSpecBuilder placement(PodSpecBuilder spec, KubernetesBackendConfiguration configuration) {
        spec.withRestartPolicy("Never")
                .withSecurityContext(EnginePodSecurity.pod())
                .withEnableServiceLinks(false)
                .withAutomountServiceAccountToken(false)
                .withNodeSelector(configuration.nodeSelector().isEmpty() ? null : configuration.nodeSelector())
                .withImagePullSecrets(configuration.imagePullSecrets().stream().map(LocalObjectReference::new).toList());
        configuration.serviceAccount().ifPresent(spec::withServiceAccountName);
        List<Toleration> tolerations = configuration.tolerations().stream()
                .map(toleration -> new TolerationBuilder().withKey(toleration.key()).withOperator(toleration.operator())
                        .withValue(toleration.value()).withEffect(toleration.effect()).build())
                .toList();
        if (!tolerations.isEmpty()) {
            spec.withTolerations(tolerations);
        }
        return spec;
    }

    /** Memory asked for and limited to the same amount (a pod past it is OOM-killed, never a neighbour); CPU asked for, not capped. */
    static ResourceRequirements resources(int cores, int memoryMib) {
        return new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity(Integer.toString(cores)))
                .addToRequests("memory", new Quantity(memoryMib + "Mi"))
                .addToLimits("memory", new Quantity(memoryMib + "Mi"))
                .build();
    }

    static List<Volume> scratchVolumes() {
        return List.of(
                new VolumeBuilder().withName("work").withNewEmptyDir().endEmptyDir().build(),
                new VolumeBuilder().withName("tmp").withNewEmptyDir().endEmptyDir().build());
    }

    static List<VolumeMount> scratchMounts() {
        return List.of(
                new VolumeMountBuilder().withName("work").withMountPath(WORK_MOUNT).build(),
                new VolumeMountBuilder().withName("tmp").withMountPath(TMP_MOUNT).build());
    }

    static EnvVar env(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }

    /** The pod's own IP, for what binds inside it. */
    static EnvVar podIp() {
        return new EnvVarBuilder().withName("SPARKPLANE_POD_IP")
                .withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP").endFieldRef().endValueFrom()
                .build();
    }
}
