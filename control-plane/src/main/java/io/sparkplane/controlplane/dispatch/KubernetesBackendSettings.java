package io.sparkplane.controlplane.dispatch;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sparkplane.backend.kubernetes.KubernetesBackendConfiguration;
import io.sparkplane.backend.kubernetes.KubernetesBackendConfiguration.Toleration;
import io.sparkplane.backend.kubernetes.PodTemplates;
import io.sparkplane.controlplane.config.SparkplaneConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code sparkplane.backend.kubernetes.*} as the backend's configuration; reads the pod template
 * files it names. A setting that does not parse is an {@link IllegalArgumentException} naming the
 * property.
 */
final class KubernetesBackendSettings {

    static final String PREFIX = "sparkplane.backend.kubernetes.";

    private KubernetesBackendSettings() {}

    static KubernetesBackendConfiguration of(SparkplaneConfig.Backend.Kubernetes settings) {
        String image = settings.image().filter(value -> !value.isBlank()).orElseThrow(() -> new IllegalArgumentException(
                PREFIX + "image is required when " + PREFIX + "enabled is true: the engine image (engine-image/Dockerfile)"));
        try {
            return KubernetesBackendConfiguration.defaults(image)
                    .withNamespace(settings.namespace())
                    .withPlacement(settings.serviceAccount(), settings.imagePullSecrets().orElse(List.of()), settings.nodeSelector(),
                            tolerations(settings.tolerations().orElse(List.of())))
                    .withDeadlines(settings.pullFailureGrace(), settings.schedulingDeadline(), settings.workerGracePeriod())
                    .withSparkMasterPort(settings.sparkMasterPort())
                    .withImagePullPolicy(settings.imagePullPolicy())
                    .withMemoryOverheadFactor(settings.memoryOverheadFactor())
                    .withWorkspaceNamespaces(settings.workspaceNamespaces())
                    .withPodTemplates(new PodTemplates(
                            settings.driverPodTemplate().map(file -> podTemplate("driver-pod-template", file)),
                            settings.workerPodTemplate().map(file -> podTemplate("worker-pod-template", file))))
                    .withFinishedClusterTtl(settings.finishedClusterTtl());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(PREFIX + "*: " + e.getMessage(), e);
        }
    }

    /** {@code key=value:Effect}, {@code key:Effect} (the key with any value), {@code key=value} (any effect), {@code key}. */
    static List<Toleration> tolerations(List<String> values) {
        List<Toleration> tolerations = new ArrayList<>();
        for (String value : values) {
            String rest = value.trim();
            String effect = null;
            int colon = rest.lastIndexOf(':');
            if (colon >= 0) {
                effect = rest.substring(colon + 1);
                rest = rest.substring(0, colon);
                if (!List.of("NoSchedule", "PreferNoSchedule", "NoExecute").contains(effect)) {
                    throw new IllegalArgumentException(PREFIX + "tolerations: '" + value
                            + "' has effect '" + effect + "'; one of NoSchedule, PreferNoSchedule, NoExecute");
                }
            }
            int equals = rest.indexOf('=');
            String key = equals >= 0 ? rest.substring(0, equals) : rest;
            if (key.isEmpty()) {
                throw new IllegalArgumentException(PREFIX + "tolerations: '" + value + "' has no key");
            }
            tolerations.add(equals >= 0
                    ? new Toleration(key, "Equal", rest.substring(equals + 1), effect)
                    : new Toleration(key, "Exists", null, effect));
        }
        return tolerations;
    }

    /** The operator's pod in {@code file}; anything but a readable Pod names the property and the file. */
    static Pod podTemplate(String property, Path file) {
        String what = PREFIX + property + " (" + file + ")";
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(what + ": cannot read it: " + e.getMessage(), e);
        }
        Object parsed;
        try {
            parsed = Serialization.unmarshal(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(what + ": not a Kubernetes object in YAML or JSON: " + e.getMessage(), e);
        }
        if (!(parsed instanceof Pod pod)) {
            throw new IllegalArgumentException(what + ": the template must be a single object of kind Pod"
                    + (parsed instanceof HasMetadata object ? ", not " + object.getKind() : ""));
        }
        return pod;
    }

    static Optional<String> engineApiUrl(SparkplaneConfig.Backend.Kubernetes settings) {
        return settings.engineApiUrl().filter(value -> !value.isBlank());
    }
}
