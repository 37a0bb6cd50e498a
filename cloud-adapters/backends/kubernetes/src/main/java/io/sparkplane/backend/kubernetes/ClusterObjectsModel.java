package io.sparkplane.backend.kubernetes;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.LaunchSpec;
import io.sparkplane.spi.engine.SecretSparkConf;
import io.sparkplane.spi.launch.LaunchSpecCodec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The desired objects an engine cluster has beside its pods, each owned by the driver pod so that
 * deleting it collects them: the headless service the workers reach the master by, the secret with
 * the launch spec (the attempt's token and the job's storage credentials), and a config map with the
 * same spec without its secrets, for people looking at the namespace. Pure.
 */
public record ClusterObjectsModel(KubernetesBackendConfiguration configuration, ClusterSpec spec, OwnerReference driver) {

    static final String REDACTED = SecretSparkConf.REDACTED;
    /** The worker pod every resize instantiates, kept in the cluster's config map so a restarted control plane has it. */
    static final String WORKER_TEMPLATE = "worker-pod.json";

    public ClusterObjectsModel {
        requireNonNull(configuration, "configuration is null");
        requireNonNull(spec, "spec is null");
        requireNonNull(driver, "driver is null");
    }

    /** The reference every owned object points at the driver pod with: deleting it deletes them. */
    public static OwnerReference ownedBy(Pod driverPod) {
        return new OwnerReferenceBuilder()
                .withApiVersion("v1")
                .withKind("Pod")
                .withName(driverPod.getMetadata().getName())
                .withUid(requireNonNull(driverPod.getMetadata().getUid(), "the driver pod has no uid yet"))
                .withBlockOwnerDeletion(true)
                .withController(true)
                .build();
    }

    public Service driverService() {
        EngineClusterNames names = names();
        return new ServiceBuilder()
                .withNewMetadata()
                    .withName(names.driverService())
                    .withNamespace(configuration.namespace())
                    .withLabels(labels())
                    .withOwnerReferences(List.of(driver))
                .endMetadata()
                .withNewSpec()
                    .withClusterIP("None")
                    .withPublishNotReadyAddresses(true)
                    .withSelector(Map.of(EngineLabels.CLUSTER, spec.clusterName(), EngineLabels.ROLE, EngineLabels.DRIVER))
                    .addNewPort().withName("spark").withPort(configuration.sparkMasterPort()).endPort()
                .endSpec()
                .build();
    }

    public Secret launchSecret() {
        EngineClusterNames names = names();
        return new SecretBuilder()
                .withNewMetadata()
                    .withName(names.launchSecret())
                    .withNamespace(configuration.namespace())
                    .withLabels(labels())
                    .withOwnerReferences(List.of(driver))
                .endMetadata()
                .withType("Opaque")
                .withImmutable(true)
                .withData(Map.of(DriverPodModel.LAUNCH_FILE, Base64.getEncoder().encodeToString(LaunchSpecCodec.encode(spec.launch()))))
                .build();
    }

    /** @param workerTemplate the worker pod later resizes create copies of, under their own names */
    public ConfigMap specConfigMap(Pod workerTemplate) {
        EngineClusterNames names = names();
        LaunchSpec launch = spec.launch();
        LaunchSpec shown = new LaunchSpec(launch.runId(), launch.attempt(), launch.runName(), launch.controlPlaneUrl(), REDACTED,
                launch.entrypoint(), launch.args(), launch.pyFiles(), launch.jars(), launch.files(), launch.archives(),
                SecretSparkConf.redacted(launch.sparkConf()), redactedValues(launch.storageConf()), launch.resources(), launch.traceParent());
        return new ConfigMapBuilder()
                .withNewMetadata()
                    .withName(names.specConfigMap())
                    .withNamespace(configuration.namespace())
                    .withLabels(labels())
                    .withOwnerReferences(List.of(driver))
                .endMetadata()
                .withImmutable(true)
                .withData(Map.of(
                        "launch.json", new String(LaunchSpecCodec.encode(shown), StandardCharsets.UTF_8),
                        WORKER_TEMPLATE, Serialization.asJson(workerTemplate)))
                .build();
    }

    /** Every storage setting may reveal where credentials go, so none of their values is shown. */
    private static Map<String, String> redactedValues(Map<String, String> storageConf) {
        Map<String, String> shown = new java.util.TreeMap<>();
        storageConf.keySet().forEach(key -> shown.put(key, REDACTED));
        return shown;
    }

    /** The owned objects belong with the driver. */
    private Map<String, String> labels() {
        return EngineLabels.of(spec.clusterName(), spec.launch().runId(), spec.launch().attempt(), EngineLabels.DRIVER);
    }

    private EngineClusterNames names() {
        return new EngineClusterNames(spec.clusterName());
    }
}
