package io.sparkplane.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sparkplane.spi.engine.ClusterSpec;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The operator's pod templates under the models' pods: what they add stays, what the models own wins. */
class PodTemplatesTest {

    private static final ClusterSpec SPEC = TestClusters.spec("0d3f6c1e-8a4b-4c2d-9e7f-1a2b3c4d5e6f", 1);

    /** A template as an operator writes one: a sidecar, a volume for it, affinity, GPUs, and an attempt to loosen security. */
    private static final Pod TEMPLATE = Serialization.unmarshal("""
            apiVersion: v1
            kind: Pod
            metadata:
              name: ignored
              namespace: ignored
              labels: {team: analytics, sparkplane.io/role: overridden}
              annotations: {prometheus.io/scrape: "true"}
            spec:
              priorityClassName: batch-low
              restartPolicy: Always
              automountServiceAccountToken: true
              nodeSelector: {disk: ssd}
              tolerations: [{key: spot, operator: Exists}]
              affinity:
                nodeAffinity:
                  requiredDuringSchedulingIgnoredDuringExecution:
                    nodeSelectorTerms: [{matchExpressions: [{key: zone, operator: In, values: [a]}]}]
              volumes: [{name: certs, secret: {secretName: corporate-ca}}]
              containers:
              - name: driver
                image: someone/else:latest
                args: [--not-a-role]
                env: [{name: TZ, value: Europe/Paris}, {name: SPARKPLANE_RUN_ID, value: forged}]
                volumeMounts: [{name: certs, mountPath: /etc/ssl/corporate}]
                resources: {limits: {nvidia.com/gpu: "1", memory: 64Gi}}
                securityContext: {privileged: true, runAsUser: 0}
              - name: log-shipper
                image: fluent/fluent-bit:3.2
            """, Pod.class);

    private static Pod driver() {
        KubernetesBackendConfiguration configuration = KubernetesBackendConfiguration.defaults("sparkplane/engine:1.0")
                .withNamespace("engines").withPodTemplates(new PodTemplates(Optional.of(TEMPLATE), Optional.empty()));
        return new DriverPodModel(configuration, SPEC).pod();
    }

    private static String env(Container container, String name) {
        return container.getEnv().stream().filter(variable -> variable.getName().equals(name)).map(EnvVar::getValue).findFirst().orElse(null);
    }

    @Test
    void whatTheTemplateAddsStays() {
        Pod pod = driver();

        assertThat(pod.getMetadata().getLabels()).containsEntry("team", "analytics");
        assertThat(pod.getMetadata().getAnnotations()).containsEntry("prometheus.io/scrape", "true");
        assertThat(pod.getSpec().getPriorityClassName()).isEqualTo("batch-low");
        assertThat(pod.getSpec().getAffinity().getNodeAffinity()).isNotNull();
        assertThat(pod.getSpec().getNodeSelector()).containsEntry("disk", "ssd");
        assertThat(pod.getSpec().getTolerations()).extracting(toleration -> toleration.getKey()).contains("spot");
        assertThat(pod.getSpec().getVolumes()).extracting(volume -> volume.getName()).contains("certs", "launch");
        assertThat(pod.getSpec().getContainers()).extracting(Container::getName).containsExactly("driver", "log-shipper");
        Container engine = pod.getSpec().getContainers().get(0);
        assertThat(env(engine, "TZ")).isEqualTo("Europe/Paris");
        assertThat(engine.getVolumeMounts()).extracting(mount -> mount.getMountPath()).contains("/etc/ssl/corporate", "/work", "/etc/sparkplane/launch");
        assertThat(engine.getResources().getLimits()).containsEntry("nvidia.com/gpu", new Quantity("1"));
    }

    @Test
    void whatTheModelOwnsWins() {
        Pod pod = driver();
        Pod model = new DriverPodModel(KubernetesBackendConfiguration.defaults("sparkplane/engine:1.0").withNamespace("engines"), SPEC).pod();

        assertThat(pod.getMetadata().getName()).isEqualTo(model.getMetadata().getName());
        assertThat(pod.getMetadata().getNamespace()).isEqualTo("engines");
        assertThat(pod.getMetadata().getLabels()).containsAllEntriesOf(model.getMetadata().getLabels());
        assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getSpec().getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getSpec().getSecurityContext()).isEqualTo(model.getSpec().getSecurityContext());
        Container engine = pod.getSpec().getContainers().get(0);
        Container own = model.getSpec().getContainers().get(0);
        assertThat(engine.getImage()).isEqualTo("sparkplane/engine:1.0");
        assertThat(engine.getCommand()).isEqualTo(own.getCommand());
        assertThat(engine.getArgs()).isNullOrEmpty();
        assertThat(env(engine, "SPARKPLANE_RUN_ID")).isEqualTo(SPEC.launch().runId());
        assertThat(engine.getSecurityContext()).isEqualTo(own.getSecurityContext());
        assertThat(engine.getResources().getLimits().get("memory")).isEqualTo(own.getResources().getLimits().get("memory"));
        assertThat(engine.getTerminationMessagePath()).isEqualTo(DriverPodModel.TERMINATION_MESSAGE_PATH);
    }

    @Test
    void withoutTemplatesThePodsAreTheModels() {
        KubernetesBackendConfiguration plain = KubernetesBackendConfiguration.defaults("sparkplane/engine:1.0");
        Pod model = new DriverPodModel(plain, SPEC).pod();
        assertThat(PodTemplates.NONE.driverPod(model)).isSameAs(model);
        assertThat(PodTemplates.overlay(new PodBuilder().build(), model)).isEqualTo(model);
    }

    @Test
    void theWorkerTemplateReachesWorkerPodsOnly() {
        KubernetesBackendConfiguration configuration = KubernetesBackendConfiguration.defaults("sparkplane/engine:1.0")
                .withPodTemplates(new PodTemplates(Optional.empty(), Optional.of(new PodBuilder()
                        .withNewSpec().withPriorityClassName("batch-spot").endSpec().build())));
        Pod created = new PodBuilder(new DriverPodModel(configuration, SPEC).pod()).editMetadata().withUid("driver-uid").endMetadata().build();
        Pod worker = new WorkerPodModel(configuration, SPEC, 1, ClusterObjectsModel.ownedBy(created)).pod();
        assertThat(worker.getSpec().getPriorityClassName()).isEqualTo("batch-spot");
        assertThat(worker.getMetadata().getOwnerReferences()).hasSize(1);
        assertThat(new DriverPodModel(configuration, SPEC).pod().getSpec().getPriorityClassName()).isNull();
    }
}
