package io.sparkplane.controlplane.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.sparkplane.backend.kubernetes.KubernetesBackendConfiguration.Toleration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubernetesBackendSettingsTest {

    @Test
    void tolerationsAreWrittenAsKubectlWritesTaints() {
        assertThat(KubernetesBackendSettings.tolerations(List.of("dedicated=spark:NoSchedule", "gpu:NoExecute", "pool=batch", "spot")))
                .containsExactly(
                        new Toleration("dedicated", "Equal", "spark", "NoSchedule"),
                        new Toleration("gpu", "Exists", null, "NoExecute"),
                        new Toleration("pool", "Equal", "batch", null),
                        new Toleration("spot", "Exists", null, null));
    }

    @Test
    void aBadTolerationNamesTheSetting() {
        assertThatThrownBy(() -> KubernetesBackendSettings.tolerations(List.of("dedicated=spark:Sometimes")))
                .hasMessageContaining("sparkplane.backend.kubernetes.tolerations").hasMessageContaining("Sometimes");
        assertThatThrownBy(() -> KubernetesBackendSettings.tolerations(List.of("=x:NoSchedule")))
                .hasMessageContaining("no key");
    }

    @Test
    void aPodTemplateFileIsReadAsAPod(@TempDir Path directory) throws Exception {
        Path file = Files.writeString(directory.resolve("driver.yaml"), """
                apiVersion: v1
                kind: Pod
                spec:
                  priorityClassName: batch-low
                """);
        Pod pod = KubernetesBackendSettings.podTemplate("driver-pod-template", file);
        assertThat(pod.getSpec().getPriorityClassName()).isEqualTo("batch-low");
    }

    @Test
    void aPodTemplateThatIsNotAPodNamesTheSettingAndTheFile(@TempDir Path directory) throws Exception {
        Path service = Files.writeString(directory.resolve("service.yaml"), "apiVersion: v1\nkind: Service\nmetadata: {name: x}\n");
        assertThatThrownBy(() -> KubernetesBackendSettings.podTemplate("worker-pod-template", service))
                .hasMessageContaining("sparkplane.backend.kubernetes.worker-pod-template").hasMessageContaining(service.toString())
                .hasMessageContaining("Pod").hasMessageContaining("Service");
        Path garbage = Files.writeString(directory.resolve("garbage.yaml"), "{{ not yaml");
        assertThatThrownBy(() -> KubernetesBackendSettings.podTemplate("worker-pod-template", garbage))
                .hasMessageContaining("worker-pod-template").hasMessageContaining(garbage.toString());
        Path missing = directory.resolve("missing.yaml");
        assertThatThrownBy(() -> KubernetesBackendSettings.podTemplate("driver-pod-template", missing))
                .hasMessageContaining("driver-pod-template").hasMessageContaining("cannot read");
    }
}
