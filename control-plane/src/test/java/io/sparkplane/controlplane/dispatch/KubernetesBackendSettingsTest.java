package io.sparkplane.controlplane.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.backend.kubernetes.KubernetesBackendConfiguration.Toleration;
import java.util.List;
import org.junit.jupiter.api.Test;

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
}
