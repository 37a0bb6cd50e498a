package io.sparkplane.backend.kubernetes;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the Kubernetes backend builds engine clusters. Start from {@link #defaults} and change what
 * differs.
 *
 * @param namespace where engine pods are created
 * @param image the engine image (Spark, Python, the Hadoop connectors, the launcher)
 * @param imagePullPolicy Kubernetes' {@code Always}, {@code IfNotPresent} or {@code Never}
 * @param imagePullSecrets secrets the kubelet pulls the image with
 * @param serviceAccount the engine pods' service account; empty: the namespace's default
 * @param nodeSelector node labels engine pods must run on
 * @param tolerations taints engine pods tolerate
 * @param sparkMasterPort the port of the Spark master in each driver pod
 * @param memoryOverheadFactor memory a pod asks for beyond the JVM heap, as a fraction of it (at
 *     least {@link #MIN_MEMORY_OVERHEAD_MIB})
 * @param pullFailureGrace how long a pod may report an image pull or container configuration error
 *     before its cluster ends {@code PROVISIONING_FAILED} (a pull may succeed on a retry)
 * @param schedulingDeadline how long a pod may stay unschedulable before its cluster ends
 *     {@code PROVISIONING_FAILED}
 * @param workerGracePeriod how long a deleted worker pod has to decommission before it is killed
 */
public record KubernetesBackendConfiguration(
        String namespace,
        String image,
        String imagePullPolicy,
        List<String> imagePullSecrets,
        Optional<String> serviceAccount,
        Map<String, String> nodeSelector,
        List<Toleration> tolerations,
        int sparkMasterPort,
        double memoryOverheadFactor,
        Duration pullFailureGrace,
        Duration schedulingDeadline,
        Duration workerGracePeriod) {

    public static final int MIN_MEMORY_OVERHEAD_MIB = 384;
    static final List<String> PULL_POLICIES = List.of("Always", "IfNotPresent", "Never");

    /** A taint engine pods tolerate, as Kubernetes spells it. */
    public record Toleration(String key, String operator, String value, String effect) {
        public Toleration {
            requireNonNull(operator, "operator is null");
            if (!operator.equals("Exists") && !operator.equals("Equal")) {
                throw new IllegalArgumentException("a toleration's operator is Exists or Equal, not " + operator);
            }
        }
    }

    public KubernetesBackendConfiguration {
        requireNonNull(namespace, "namespace is null");
        requireNonNull(image, "image is null");
        requireNonNull(imagePullPolicy, "imagePullPolicy is null");
        imagePullSecrets = List.copyOf(imagePullSecrets);
        requireNonNull(serviceAccount, "serviceAccount is null");
        nodeSelector = Map.copyOf(nodeSelector);
        tolerations = List.copyOf(tolerations);
        requireNonNull(pullFailureGrace, "pullFailureGrace is null");
        requireNonNull(schedulingDeadline, "schedulingDeadline is null");
        requireNonNull(workerGracePeriod, "workerGracePeriod is null");
        if (!EngineClusterNames.DNS_LABEL.matcher(namespace).matches()) {
            throw new IllegalArgumentException("namespace is not a DNS label: " + namespace);
        }
        if (image.isBlank()) {
            throw new IllegalArgumentException("image is blank");
        }
        if (!PULL_POLICIES.contains(imagePullPolicy)) {
            throw new IllegalArgumentException("imagePullPolicy is one of " + PULL_POLICIES + ", not " + imagePullPolicy);
        }
        if (sparkMasterPort < 1 || sparkMasterPort > 65535) {
            throw new IllegalArgumentException("sparkMasterPort is not a port: " + sparkMasterPort);
        }
        if (memoryOverheadFactor < 0 || memoryOverheadFactor > 4) {
            throw new IllegalArgumentException("memoryOverheadFactor must be between 0 and 4, was " + memoryOverheadFactor);
        }
    }

    /** The image in namespace {@code default}: Spark's port 7077, 10 % overhead, 30 s pull grace, 5 min to schedule, 60 s to decommission. */
    public static KubernetesBackendConfiguration defaults(String image) {
        return new KubernetesBackendConfiguration("default", image, "IfNotPresent", List.of(), Optional.empty(), Map.of(), List.of(),
                7077, 0.1, Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofSeconds(60));
    }

    public KubernetesBackendConfiguration withNamespace(String namespace) {
        return new KubernetesBackendConfiguration(namespace, image, imagePullPolicy, imagePullSecrets, serviceAccount, nodeSelector,
                tolerations, sparkMasterPort, memoryOverheadFactor, pullFailureGrace, schedulingDeadline, workerGracePeriod);
    }

    public KubernetesBackendConfiguration withPlacement(Optional<String> serviceAccount, List<String> imagePullSecrets,
            Map<String, String> nodeSelector, List<Toleration> tolerations) {
        return new KubernetesBackendConfiguration(namespace, image, imagePullPolicy, imagePullSecrets, serviceAccount, nodeSelector,
                tolerations, sparkMasterPort, memoryOverheadFactor, pullFailureGrace, schedulingDeadline, workerGracePeriod);
    }

    public KubernetesBackendConfiguration withDeadlines(Duration pullFailureGrace, Duration schedulingDeadline, Duration workerGracePeriod) {
        return new KubernetesBackendConfiguration(namespace, image, imagePullPolicy, imagePullSecrets, serviceAccount, nodeSelector,
                tolerations, sparkMasterPort, memoryOverheadFactor, pullFailureGrace, schedulingDeadline, workerGracePeriod);
    }

    public KubernetesBackendConfiguration withImagePullPolicy(String imagePullPolicy) {
        return new KubernetesBackendConfiguration(namespace, image, imagePullPolicy, imagePullSecrets, serviceAccount, nodeSelector,
                tolerations, sparkMasterPort, memoryOverheadFactor, pullFailureGrace, schedulingDeadline, workerGracePeriod);
    }

    public KubernetesBackendConfiguration withMemoryOverheadFactor(double memoryOverheadFactor) {
        return new KubernetesBackendConfiguration(namespace, image, imagePullPolicy, imagePullSecrets, serviceAccount, nodeSelector,
                tolerations, sparkMasterPort, memoryOverheadFactor, pullFailureGrace, schedulingDeadline, workerGracePeriod);
    }

    public KubernetesBackendConfiguration withSparkMasterPort(int sparkMasterPort) {
        return new KubernetesBackendConfiguration(namespace, image, imagePullPolicy, imagePullSecrets, serviceAccount, nodeSelector,
                tolerations, sparkMasterPort, memoryOverheadFactor, pullFailureGrace, schedulingDeadline, workerGracePeriod);
    }

    /** What a pod with a JVM of {@code heapMib} asks for: the heap and its overhead. */
    int podMemoryMib(int heapMib) {
        return heapMib + Math.max(MIN_MEMORY_OVERHEAD_MIB, (int) Math.ceil(heapMib * memoryOverheadFactor));
    }
}
