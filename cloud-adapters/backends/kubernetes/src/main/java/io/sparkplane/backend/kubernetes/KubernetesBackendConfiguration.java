package io.sparkplane.backend.kubernetes;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

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
 * @param workspaceNamespaces the namespace of each workspace whose engines do not go to
 *     {@code namespace}
 * @param podTemplates the operator's driver and worker pods the models' pods are laid over
 * @param finishedClusterTtl how long a cluster whose driver ended stays (its driver pod and spec
 *     config map, for {@code kubectl}) before it is deleted; zero: deleted when its run ends
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
        Duration workerGracePeriod,
        Map<String, String> workspaceNamespaces,
        PodTemplates podTemplates,
        Duration finishedClusterTtl) {

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
        workspaceNamespaces = Map.copyOf(workspaceNamespaces);
        requireNonNull(podTemplates, "podTemplates is null");
        requireNonNull(finishedClusterTtl, "finishedClusterTtl is null");
        if (!EngineClusterNames.DNS_LABEL.matcher(namespace).matches()) {
            throw new IllegalArgumentException("namespace is not a DNS label: " + namespace);
        }
        workspaceNamespaces.forEach((workspace, value) -> {
            if (!EngineClusterNames.DNS_LABEL.matcher(value).matches()) {
                throw new IllegalArgumentException("the namespace of workspace " + workspace + " is not a DNS label: " + value);
            }
        });
        if (finishedClusterTtl.isNegative()) {
            throw new IllegalArgumentException("finishedClusterTtl is negative: " + finishedClusterTtl);
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

    /**
     * The image in namespace {@code default} for every workspace, no pod templates: Spark's port
     * 7077, 10 % overhead, 30 s pull grace, 5 min to schedule, 60 s to decommission, finished
     * clusters deleted at once.
     */
    public static KubernetesBackendConfiguration defaults(String image) {
        return new KubernetesBackendConfiguration("default", image, "IfNotPresent", List.of(), Optional.empty(), Map.of(), List.of(),
                7077, 0.1, Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofSeconds(60), Map.of(), PodTemplates.NONE,
                Duration.ZERO);
    }

    /** Where the engine clusters of runs in {@code workspace} go. */
    public String namespaceOf(String workspace) {
        return workspaceNamespaces.getOrDefault(workspace, namespace);
    }

    /** Every namespace engine clusters may be in: the default and each workspace's. */
    public SortedSet<String> namespaces() {
        SortedSet<String> all = new TreeSet<>(workspaceNamespaces.values());
        all.add(namespace);
        return all;
    }

    public KubernetesBackendConfiguration withNamespace(String namespace) {
        return new KubernetesBackendConfiguration(namespace, image, imagePullPolicy, imagePullSecrets, serviceAccount, nodeSelector,
                tolerations, sparkMasterPort, memoryOverheadFactor, pullFailureGrace, schedulingDeadline, workerGracePeriod,
                workspaceNamespaces, podTemplates, finishedClusterTtl);
    }

    public KubernetesBackendConfiguration withPlacement(Optional<String> serviceAccount, List<String> imagePullSecrets,
            Map<String, String> nodeSelector, List<Toleration> tolerations) {
        return new KubernetesBackendConfiguration(namespace, image, imagePullPolicy, imagePullSecrets, serviceAccount, nodeSelector,
                tolerations, sparkMasterPort, memoryOverheadFactor, pullFailureGrace, schedulingDeadline, workerGracePeriod,
                workspaceNamespaces, podTemplates, finishedClusterTtl);
    }

    public KubernetesBackendConfiguration withDeadlines(Duration pullFailureGrace, Duration schedulingDeadline, Duration workerGracePeriod) {
        return new KubernetesBackendConfiguration(namespace, image, imagePullPolicy, imagePullSecrets, serviceAccount, nodeSelector,
                tolerations, sparkMasterPort, memoryOverheadFactor, pullFailureGrace, schedulingDeadline, workerGracePeriod,
                workspaceNamespaces, podTemplates, finishedClusterTtl);
    }

    public KubernetesBackendConfiguration withImagePullPolicy(String imagePullPolicy) {
        return new KubernetesBackendConfiguration(namespace, image, imagePullPolicy, imagePullSecrets, serviceAccount, nodeSelector,
                tolerations, sparkMasterPort, memoryOverheadFactor, pullFailureGrace, schedulingDeadline, workerGracePeriod,
                workspaceNamespaces, podTemplates, finishedClusterTtl);
    }

    public KubernetesBackendConfiguration withMemoryOverheadFactor(double memoryOverheadFactor) {
        return new KubernetesBackendConfiguration(namespace, image, imagePullPolicy, imagePullSecrets, serviceAccount, nodeSelector,
                tolerations, sparkMasterPort, memoryOverheadFactor, pullFailureGrace, schedulingDeadline, workerGracePeriod,
                workspaceNamespaces, podTemplates, finishedClusterTtl);
    }

    public KubernetesBackendConfiguration withSparkMasterPort(int sparkMasterPort) {
        return new KubernetesBackendConfiguration(namespace, image, imagePullPolicy, imagePullSecrets, serviceAccount, nodeSelector,
                tolerations, sparkMasterPort, memoryOverheadFactor, pullFailureGrace, schedulingDeadline, workerGracePeriod,
                workspaceNamespaces, podTemplates, finishedClusterTtl);
    }

    public KubernetesBackendConfiguration withWorkspaceNamespaces(Map<String, String> workspaceNamespaces) {
        return new KubernetesBackendConfiguration(namespace, image, imagePullPolicy, imagePullSecrets, serviceAccount, nodeSelector,
                tolerations, sparkMasterPort, memoryOverheadFactor, pullFailureGrace, schedulingDeadline, workerGracePeriod,
                workspaceNamespaces, podTemplates, finishedClusterTtl);
    }

    public KubernetesBackendConfiguration withPodTemplates(PodTemplates podTemplates) {
        return new KubernetesBackendConfiguration(namespace, image, imagePullPolicy, imagePullSecrets, serviceAccount, nodeSelector,
                tolerations, sparkMasterPort, memoryOverheadFactor, pullFailureGrace, schedulingDeadline, workerGracePeriod,
                workspaceNamespaces, podTemplates, finishedClusterTtl);
    }

    public KubernetesBackendConfiguration withFinishedClusterTtl(Duration finishedClusterTtl) {
        return new KubernetesBackendConfiguration(namespace, image, imagePullPolicy, imagePullSecrets, serviceAccount, nodeSelector,
                tolerations, sparkMasterPort, memoryOverheadFactor, pullFailureGrace, schedulingDeadline, workerGracePeriod,
                workspaceNamespaces, podTemplates, finishedClusterTtl);
    }

    /** What a pod with a JVM of {@code heapMib} asks for: the heap and its overhead. */
    int podMemoryMib(int heapMib) {
        return heapMib + Math.max(MIN_MEMORY_OVERHEAD_MIB, (int) Math.ceil(heapMib * memoryOverheadFactor));
    }
}
