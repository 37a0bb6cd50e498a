package io.sparkplane.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.LaunchSpec;
import io.sparkplane.spi.launch.LaunchSpecCodec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The pure models of an engine cluster's objects. */
class EnginePodModelTest {

    private static final KubernetesBackendConfiguration CONFIGURATION = KubernetesBackendConfiguration.defaults("sparkplane/engine:1.0")
            .withNamespace("engines")
            .withPlacement(Optional.of("spark-engines"), List.of("registry-credentials"), Map.of("pool", "spark"),
                    List.of(new KubernetesBackendConfiguration.Toleration("dedicated", "Equal", "spark", "NoSchedule")));
    private static final ClusterSpec SPEC = TestClusters.spec("5c7e9a62-3b8d-4a55-9a57-0b8e4c1d2f31", 2);
    private static final OwnerReference OWNER = ClusterObjectsModel.ownedBy(new PodBuilder().withNewMetadata()
            .withName("sp-5c7e9a62-3b8d-4a55-9a57-0b8e4c1d2f31-1-driver").withUid("driver-uid").endMetadata().build());

    private static Map<String, String> env(Container container) {
        return container.getEnv().stream().filter(variable -> variable.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
    }

    @Test
    void theDriverPodIsNamedLabelledPlacedAndRestricted() {
        Pod pod = new DriverPodModel(CONFIGURATION, SPEC).pod();

        assertThat(pod.getMetadata().getName()).isEqualTo("sp-5c7e9a62-3b8d-4a55-9a57-0b8e4c1d2f31-1-driver");
        assertThat(pod.getMetadata().getNamespace()).isEqualTo("engines");
        assertThat(pod.getMetadata().getLabels()).containsEntry("sparkplane.io/run", "5c7e9a62-3b8d-4a55-9a57-0b8e4c1d2f31")
                .containsEntry("sparkplane.io/attempt", "1").containsEntry("sparkplane.io/role", "driver")
                .containsEntry("sparkplane.io/cluster", SPEC.clusterName());
        assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getSpec().getServiceAccountName()).isEqualTo("spark-engines");
        assertThat(pod.getSpec().getImagePullSecrets()).extracting(reference -> reference.getName()).containsExactly("registry-credentials");
        assertThat(pod.getSpec().getNodeSelector()).containsEntry("pool", "spark");
        assertThat(pod.getSpec().getTolerations()).singleElement().satisfies(toleration -> {
            assertThat(toleration.getKey()).isEqualTo("dedicated");
            assertThat(toleration.getEffect()).isEqualTo("NoSchedule");
        });
        assertThat(pod.getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSpec().getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();

        Container driver = pod.getSpec().getContainers().get(0);
        assertThat(driver.getImage()).isEqualTo("sparkplane/engine:1.0");
        assertThat(driver.getCommand()).containsExactly("/opt/sparkplane/entrypoint.sh", "driver");
        assertThat(driver.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(driver.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(driver.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(driver.getVolumeMounts()).extracting(mount -> mount.getMountPath()).containsExactlyInAnyOrder("/work", "/tmp", "/etc/sparkplane/launch");
        assertThat(driver.getTerminationMessagePolicy()).isEqualTo("File");
        // 1 GiB of heap + 384 MiB overhead, the master's and the launcher's 384 MiB with 384 MiB overhead
        assertThat(driver.getResources().getRequests()).containsEntry("cpu", new Quantity("1")).containsEntry("memory", new Quantity("2176Mi"));
        assertThat(driver.getResources().getLimits()).containsEntry("memory", new Quantity("2176Mi")).doesNotContainKey("cpu");
        assertThat(env(driver)).containsEntry("SPARKPLANE_SPARK_MASTER", "spark://$(SPARKPLANE_POD_IP):7077")
                .containsEntry("SPARK_MASTER_PORT", "7077")
                .containsEntry("SPARKPLANE_LAUNCH_SPEC", "/etc/sparkplane/launch/launch.json")
                .containsEntry("SPARKPLANE_RUN_ID", "5c7e9a62-3b8d-4a55-9a57-0b8e4c1d2f31");
        assertThat(Serialization.asJson(pod)).doesNotContain(TestClusters.TOKEN).doesNotContain(TestClusters.STORAGE_SECRET);
    }

    @Test
    void aWorkerPodOffersOneExecutorToTheMasterByItsServiceAndIsOwnedByTheDriver() {
        Pod pod = new WorkerPodModel(CONFIGURATION, SPEC, 3, OWNER).pod();

        assertThat(pod.getMetadata().getName()).isEqualTo(SPEC.clusterName() + "-worker-3");
        assertThat(pod.getMetadata().getLabels()).containsEntry("sparkplane.io/role", "worker");
        assertThat(pod.getMetadata().getOwnerReferences()).singleElement().satisfies(owner -> {
            assertThat(owner.getUid()).isEqualTo("driver-uid");
            assertThat(owner.getKind()).isEqualTo("Pod");
        });
        assertThat(pod.getSpec().getTerminationGracePeriodSeconds()).isEqualTo(60);
        Container worker = pod.getSpec().getContainers().get(0);
        assertThat(worker.getCommand()).containsExactly("/opt/sparkplane/entrypoint.sh", "worker");
        assertThat(env(worker)).containsEntry("SPARKPLANE_SPARK_MASTER", "spark://" + SPEC.clusterName() + "-driver.engines.svc:7077")
                .containsEntry("SPARK_WORKER_CORES", "2").containsEntry("SPARK_WORKER_MEMORY", "2048m");
        // 2 GiB of executor heap + 384 MiB, the worker daemon's 256 MiB + 384 MiB
        assertThat(worker.getResources().getRequests()).containsEntry("cpu", new Quantity("2")).containsEntry("memory", new Quantity("3072Mi"));
        assertThat(worker.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    }

    @Test
    void theSecretCarriesTheLaunchSpecAndTheConfigMapNoSecret() {
        ClusterObjectsModel objects = new ClusterObjectsModel(CONFIGURATION, SPEC, OWNER);

        Secret secret = objects.launchSecret();
        LaunchSpec launch = LaunchSpecCodec.decode(Base64.getDecoder().decode(secret.getData().get("launch.json")));
        assertThat(launch.token()).isEqualTo(TestClusters.TOKEN);
        assertThat(launch.storageConf()).containsEntry("spark.hadoop.fs.s3a.secret.key", TestClusters.STORAGE_SECRET);
        assertThat(secret.getMetadata().getOwnerReferences()).containsExactly(OWNER);
        Pod workerTemplate = new WorkerPodModel(CONFIGURATION, SPEC, 1, OWNER).pod();
        Map<String, String> specMap = objects.specConfigMap(workerTemplate).getData();
        assertThat(Serialization.unmarshal(specMap.get("worker-pod.json"), Pod.class)).isEqualTo(workerTemplate);
        String shown = specMap.get("launch.json");
        assertThat(shown).contains("daily totals").doesNotContain(TestClusters.TOKEN).doesNotContain(TestClusters.STORAGE_SECRET)
                .doesNotContain("http://minio:9000");
        assertThat(objects.driverService().getSpec().getClusterIP()).isEqualTo("None");
        assertThat(objects.driverService().getSpec().getSelector()).containsEntry("sparkplane.io/role", "driver");
        assertThat(new String(Base64.getDecoder().decode(secret.getData().get("launch.json")), StandardCharsets.UTF_8))
                .contains(TestClusters.TOKEN);
    }

    @Test
    void namesFitInADnsLabel() {
        EngineClusterNames names = new EngineClusterNames(SPEC.clusterName());
        assertThat(names.workerPod(9999)).hasSizeLessThanOrEqualTo(63);
        assertThat(names.workerIndex(names.workerPod(12))).isEqualTo(12);
        assertThat(names.workerIndex(names.driverPod())).isEqualTo(-1);
        assertThatThrownBy(() -> new EngineClusterNames("Not_A_Label")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EngineClusterNames("sp-" + "x".repeat(60))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePodsRunTheImagesEntrypointAsItsUser() throws Exception {
        List<String> dockerfile = java.nio.file.Files.readAllLines(java.nio.file.Path.of("../../../engine-image/Dockerfile"));
        assertThat(dockerfile).contains("ENTRYPOINT [\"" + EngineContainers.ENTRYPOINT + "\"]", "USER " + EnginePodSecurity.ENGINE_USER);
        assertThat(java.nio.file.Files.isExecutable(java.nio.file.Path.of("../../../engine-image/entrypoint.sh"))).isTrue();
    }
}
