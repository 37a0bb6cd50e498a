package io.sparkplane.backend.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.sparkplane.backend.kubernetes.KubernetesBackendConfiguration.Toleration;
import io.sparkplane.spi.engine.BackendLimits;
import io.sparkplane.spi.settings.Settings;
import io.sparkplane.testkit.FactorySettings;
import io.sparkplane.testkit.SettingsDocumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubernetesBackendFactoryTest {

    private static final Settings SETTINGS = Settings.of("sparkplane.backends.k8s.", Map.of("image", "engine:1"),
            new KubernetesBackendFactory().settings());

    @Test
    void tolerationsAreWrittenAsKubectlWritesTaints() {
        assertThat(KubernetesBackendFactory.tolerations(SETTINGS, List.of("dedicated=spark:NoSchedule", "gpu:NoExecute", "pool=batch", "spot")))
                .containsExactly(
                        new Toleration("dedicated", "Equal", "spark", "NoSchedule"),
                        new Toleration("gpu", "Exists", null, "NoExecute"),
                        new Toleration("pool", "Equal", "batch", null),
                        new Toleration("spot", "Exists", null, null));
    }

    @Test
    void aBadTolerationNamesTheSetting() {
        assertThatThrownBy(() -> KubernetesBackendFactory.tolerations(SETTINGS, List.of("dedicated=spark:Sometimes")))
                .hasMessageContaining("sparkplane.backends.k8s.tolerations").hasMessageContaining("Sometimes");
        assertThatThrownBy(() -> KubernetesBackendFactory.tolerations(SETTINGS, List.of("=x:NoSchedule")))
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
        Pod pod = KubernetesBackendFactory.podTemplate(SETTINGS, "driver-pod-template", file);
        assertThat(pod.getSpec().getPriorityClassName()).isEqualTo("batch-low");
    }

    @Test
    void aPodTemplateThatIsNotAPodNamesTheSettingAndTheFile(@TempDir Path directory) throws Exception {
        Path service = Files.writeString(directory.resolve("service.yaml"), "apiVersion: v1\nkind: Service\nmetadata: {name: x}\n");
        assertThatThrownBy(() -> KubernetesBackendFactory.podTemplate(SETTINGS, "worker-pod-template", service))
                .hasMessageContaining("sparkplane.backends.k8s.worker-pod-template").hasMessageContaining(service.toString())
                .hasMessageContaining("Pod").hasMessageContaining("Service");
        Path garbage = Files.writeString(directory.resolve("garbage.yaml"), "{{ not yaml");
        assertThatThrownBy(() -> KubernetesBackendFactory.podTemplate(SETTINGS, "worker-pod-template", garbage))
                .hasMessageContaining("worker-pod-template").hasMessageContaining(garbage.toString());
        Path missing = directory.resolve("missing.yaml");
        assertThatThrownBy(() -> KubernetesBackendFactory.podTemplate(SETTINGS, "driver-pod-template", missing))
                .hasMessageContaining("driver-pod-template").hasMessageContaining("cannot read");
    }

    @Test
    void everySettingReachesTheBackendsConfiguration(@TempDir Path directory) throws Exception {
        Path driver = Files.writeString(directory.resolve("driver.yaml"), "apiVersion: v1\nkind: Pod\nspec: {priorityClassName: batch}\n");
        KubernetesBackendFactory.Profile profile = FactorySettings.backend(new KubernetesBackendFactory(), "k8s", Map.ofEntries(
                Map.entry("sparkplane.backends.k8s.type", "kubernetes"),
                Map.entry("sparkplane.backends.k8s.image", "registry.example.com/engine:1"),
                Map.entry("sparkplane.backends.k8s.context", "prod"),
                Map.entry("sparkplane.backends.k8s.namespace", "spark"),
                Map.entry("sparkplane.backends.k8s.image-pull-policy", "Always"),
                Map.entry("sparkplane.backends.k8s.image-pull-secrets", "pull-a, pull-b"),
                Map.entry("sparkplane.backends.k8s.service-account", "engine"),
                Map.entry("sparkplane.backends.k8s.node-selector.pool", "spark"),
                Map.entry("sparkplane.backends.k8s.node-selector.\"kubernetes.io/arch\"", "amd64"),
                Map.entry("sparkplane.backends.k8s.tolerations", "spot:NoExecute"),
                Map.entry("sparkplane.backends.k8s.spark-master-port", "7078"),
                Map.entry("sparkplane.backends.k8s.memory-overhead-factor", "0.2"),
                Map.entry("sparkplane.backends.k8s.pull-failure-grace", "PT1M"),
                Map.entry("sparkplane.backends.k8s.scheduling-deadline", "PT10M"),
                Map.entry("sparkplane.backends.k8s.worker-grace-period", "PT90S"),
                Map.entry("sparkplane.backends.k8s.workspace-namespaces.analytics", "team-analytics"),
                Map.entry("sparkplane.backends.k8s.driver-pod-template", driver.toString()),
                Map.entry("sparkplane.backends.k8s.finished-cluster-ttl", "PT30M"),
                Map.entry("sparkplane.backends.k8s.max-concurrent-runs", "40"),
                Map.entry("sparkplane.backends.k8s.max-executors-per-run", "100")));

        KubernetesBackendConfiguration configuration = profile.configuration();
        assertThat(profile.context()).contains("prod");
        assertThat(profile.limits().maxConcurrentRuns()).isEqualTo(40);
        assertThat(profile.limits().maxExecutorsPerRun()).isEqualTo(100);
        assertThat(configuration.image()).isEqualTo("registry.example.com/engine:1");
        assertThat(configuration.namespace()).isEqualTo("spark");
        assertThat(configuration.imagePullPolicy()).isEqualTo("Always");
        assertThat(configuration.imagePullSecrets()).containsExactly("pull-a", "pull-b");
        assertThat(configuration.serviceAccount()).contains("engine");
        assertThat(configuration.nodeSelector()).containsOnly(Map.entry("pool", "spark"), Map.entry("kubernetes.io/arch", "amd64"));
        assertThat(configuration.tolerations()).containsExactly(new Toleration("spot", "Exists", null, "NoExecute"));
        assertThat(configuration.sparkMasterPort()).isEqualTo(7078);
        assertThat(configuration.memoryOverheadFactor()).isEqualTo(0.2);
        assertThat(configuration.pullFailureGrace()).isEqualTo(Duration.ofMinutes(1));
        assertThat(configuration.schedulingDeadline()).isEqualTo(Duration.ofMinutes(10));
        assertThat(configuration.workerGracePeriod()).isEqualTo(Duration.ofSeconds(90));
        assertThat(configuration.namespaceOf("analytics")).isEqualTo("team-analytics");
        assertThat(configuration.podTemplates().driver()).hasValueSatisfying(pod -> assertThat(pod.getSpec().getPriorityClassName()).isEqualTo("batch"));
        assertThat(configuration.podTemplates().worker()).isEmpty();
        assertThat(configuration.finishedClusterTtl()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void theDefaultsAreTheConfigurationsDefaults() {
        KubernetesBackendFactory.Profile profile = FactorySettings.backend(new KubernetesBackendFactory(), "k8s",
                Map.of("sparkplane.backends.k8s.image", "engine:1"));

        assertThat(profile.configuration()).isEqualTo(KubernetesBackendConfiguration.defaults("engine:1")
                .withFinishedClusterTtl(Duration.ofMinutes(10)));
        assertThat(profile.context()).isEmpty();
        assertThat(profile.limits()).isEqualTo(new BackendLimits(20, 50));
    }

    @Test
    void aProfileWithoutAnImageOrWithAWrongValueNamesTheKey() {
        KubernetesBackendFactory factory = new KubernetesBackendFactory();

        assertThatThrownBy(() -> FactorySettings.backend(factory, "k8s", Map.of()))
                .hasMessageContaining("sparkplane.backends.k8s.image is required").hasMessageContaining("engine image");
        assertThatThrownBy(() -> FactorySettings.backend(factory, "k8s", Map.of("sparkplane.backends.k8s.image", "e:1",
                "sparkplane.backends.k8s.image-pull-policy", "Sometimes")))
                .hasMessageContaining("sparkplane.backends.k8s.").hasMessageContaining("Sometimes");
        assertThatThrownBy(() -> FactorySettings.backend(factory, "k8s", Map.of("sparkplane.backends.k8s.image", "e:1",
                "sparkplane.backends.k8s.namespce", "spark")))
                .hasMessageContaining("sparkplane.backends.k8s.namespce is not a known setting").hasMessageContaining("namespace");
        assertThatThrownBy(() -> FactorySettings.backend(factory, "k8s", Map.of("sparkplane.backends.k8s.image", "e:1",
                "sparkplane.backends.k8s.spark-master-port", "seventy")))
                .hasMessageContaining("sparkplane.backends.k8s.spark-master-port");
    }

    @Test
    void theModulesPageDocumentsEverySettingWithItsDefault() throws Exception {
        SettingsDocumentation.assertDocuments(Path.of("README.md"), new KubernetesBackendFactory().settings());
    }
}
