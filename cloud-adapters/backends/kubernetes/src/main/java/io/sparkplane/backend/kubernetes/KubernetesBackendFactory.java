package io.sparkplane.backend.kubernetes;

import static java.util.Objects.requireNonNull;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.sparkplane.backend.kubernetes.KubernetesBackendConfiguration.Toleration;
import io.sparkplane.spi.engine.BackendContext;
import io.sparkplane.spi.engine.BackendLimits;
import io.sparkplane.spi.engine.EngineBackend;
import io.sparkplane.spi.engine.EngineBackendFactory;
import io.sparkplane.spi.settings.Setting;
import io.sparkplane.spi.settings.SettingException;
import io.sparkplane.spi.settings.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Engine profiles of type {@code kubernetes}: each attempt's engine cluster as pods in the profile's
 * namespace (or its workspace's), from the engine image. Reads the pod template files it names at
 * start, so a file that is not a Pod stops the control plane there.
 */
public final class KubernetesBackendFactory implements EngineBackendFactory<KubernetesBackendFactory.Profile> {

    public static final String TYPE = "kubernetes";
    static final String CONTEXT = "context";
    static final String NAMESPACE = "namespace";
    static final String IMAGE = "image";
    static final String IMAGE_PULL_POLICY = "image-pull-policy";
    static final String IMAGE_PULL_SECRETS = "image-pull-secrets";
    static final String SERVICE_ACCOUNT = "service-account";
    static final String NODE_SELECTOR = "node-selector";
    static final String TOLERATIONS = "tolerations";
    static final String SPARK_MASTER_PORT = "spark-master-port";
    static final String MEMORY_OVERHEAD_FACTOR = "memory-overhead-factor";
    static final String PULL_FAILURE_GRACE = "pull-failure-grace";
    static final String SCHEDULING_DEADLINE = "scheduling-deadline";
    static final String WORKER_GRACE_PERIOD = "worker-grace-period";
    static final String WORKSPACE_NAMESPACES = "workspace-namespaces";
    static final String DRIVER_POD_TEMPLATE = "driver-pod-template";
    static final String WORKER_POD_TEMPLATE = "worker-pod-template";
    static final String FINISHED_CLUSTER_TTL = "finished-cluster-ttl";

    private static final List<Setting> SETTINGS;

    static {
        List<Setting> settings = new ArrayList<>(List.of(
                Setting.optional(CONTEXT, "the kubeconfig context; unset: the pod's service account, else the kubeconfig's current context"),
                Setting.of(NAMESPACE, "default", "where engine pods are created"),
                Setting.required(IMAGE, "the engine image (engine-image/Dockerfile)"),
                Setting.of(IMAGE_PULL_POLICY, "IfNotPresent", "Always, IfNotPresent or Never"),
                Setting.optional(IMAGE_PULL_SECRETS, "secrets the kubelet pulls the image with, comma-separated"),
                Setting.optional(SERVICE_ACCOUNT, "the engine pods' service account; unset: the namespace's default"),
                Setting.map(NODE_SELECTOR, "node labels engine pods must run on"),
                Setting.optional(TOLERATIONS, "taints engine pods tolerate: key=value:Effect, key:Effect, key=value, key"),
                Setting.of(SPARK_MASTER_PORT, "7077", "the Spark master's port in each driver pod (its UI on the next port)"),
                Setting.of(MEMORY_OVERHEAD_FACTOR, "0.1", "pod memory beyond each JVM heap, as a fraction of it, at least 384 MiB"),
                Setting.of(PULL_FAILURE_GRACE, "PT30S", "an image pull or container configuration error lasting longer ends the run"),
                Setting.of(SCHEDULING_DEADLINE, "PT5M", "a pod unschedulable for longer ends the run"),
                Setting.of(WORKER_GRACE_PERIOD, "PT60S", "a worker pod being scaled down has this long to decommission"),
                Setting.map(WORKSPACE_NAMESPACES, "the namespace of a workspace's engine clusters"),
                Setting.optional(DRIVER_POD_TEMPLATE, "a file with a Pod every driver pod is laid over"),
                Setting.optional(WORKER_POD_TEMPLATE, "a file with a Pod every worker pod is laid over"),
                Setting.of(FINISHED_CLUSTER_TTL, "PT10M", "how long a cluster whose driver ended keeps its driver pod and spec config map")));
        settings.addAll(BackendLimits.settings(20, 50));
        SETTINGS = List.copyOf(settings);
    }

    /**
     * A profile's settings, read.
     *
     * @param context the kubeconfig context, empty for the in-cluster service account or the current context
     */
    public record Profile(KubernetesBackendConfiguration configuration, Optional<String> context, BackendLimits limits) {
        public Profile {
            requireNonNull(configuration, "configuration is null");
            requireNonNull(context, "context is null");
            requireNonNull(limits, "limits is null");
        }
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    @Override
    public Profile configure(Settings settings) {
        String image = settings.string(IMAGE);
        KubernetesBackendConfiguration configuration;
        try {
            configuration = KubernetesBackendConfiguration.defaults(image)
                    .withNamespace(settings.string(NAMESPACE))
                    .withPlacement(settings.optional(SERVICE_ACCOUNT), settings.list(IMAGE_PULL_SECRETS), settings.map(NODE_SELECTOR),
                            tolerations(settings, settings.list(TOLERATIONS)))
                    .withDeadlines(settings.duration(PULL_FAILURE_GRACE), settings.duration(SCHEDULING_DEADLINE),
                            settings.duration(WORKER_GRACE_PERIOD))
                    .withSparkMasterPort(settings.integer(SPARK_MASTER_PORT, 1, 65534))
                    .withImagePullPolicy(settings.string(IMAGE_PULL_POLICY))
                    .withMemoryOverheadFactor(settings.decimal(MEMORY_OVERHEAD_FACTOR, 0, 4))
                    .withWorkspaceNamespaces(settings.map(WORKSPACE_NAMESPACES))
                    .withPodTemplates(new PodTemplates(
                            settings.path(DRIVER_POD_TEMPLATE).map(file -> podTemplate(settings, DRIVER_POD_TEMPLATE, file)),
                            settings.path(WORKER_POD_TEMPLATE).map(file -> podTemplate(settings, WORKER_POD_TEMPLATE, file))))
                    .withFinishedClusterTtl(settings.duration(FINISHED_CLUSTER_TTL));
        } catch (SettingException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new SettingException(settings.prefix() + "*: " + e.getMessage(), e);
        }
        return new Profile(configuration, settings.optional(CONTEXT), BackendLimits.read(settings));
    }

    @Override
    public BackendLimits limits(Profile profile) {
        return profile.limits();
    }

    /** Connects to the API server of the profile's context, and watches the engine namespaces from now on. */
    @Override
    public EngineBackend create(Profile profile, BackendContext context) {
        // the kubeconfig's context, or the pod's service account when running in a cluster
        Config clientConfig = Config.autoConfigure(profile.context().orElse(null));
        System.getLogger(KubernetesBackendFactory.class.getName()).log(System.Logger.Level.INFO,
                "kubernetes backend {0}: API server {1}, namespace {2}, image {3}", context.profile(), clientConfig.getMasterUrl(),
                profile.configuration().namespace(), profile.configuration().image());
        KubernetesClient client = new KubernetesClientBuilder().withConfig(clientConfig).build();
        return KubernetesEngineBackend.owningItsClient(context.profile(), client, profile.configuration(), context.clock());
    }

    /** {@code key=value:Effect}, {@code key:Effect} (the key with any value), {@code key=value} (any effect), {@code key}. */
    static List<Toleration> tolerations(Settings settings, List<String> values) {
        List<Toleration> tolerations = new ArrayList<>();
        for (String value : values) {
            String rest = value.trim();
            String effect = null;
            int colon = rest.lastIndexOf(':');
            if (colon >= 0) {
                effect = rest.substring(colon + 1);
                rest = rest.substring(0, colon);
                if (!List.of("NoSchedule", "PreferNoSchedule", "NoExecute").contains(effect)) {
                    throw new SettingException(settings.key(TOLERATIONS) + ": '" + value
                            + "' has effect '" + effect + "'; one of NoSchedule, PreferNoSchedule, NoExecute");
                }
            }
            int equals = rest.indexOf('=');
            String key = equals >= 0 ? rest.substring(0, equals) : rest;
            if (key.isEmpty()) {
                throw new SettingException(settings.key(TOLERATIONS) + ": '" + value + "' has no key");
            }
            tolerations.add(equals >= 0
                    ? new Toleration(key, "Equal", rest.substring(equals + 1), effect)
                    : new Toleration(key, "Exists", null, effect));
        }
        return tolerations;
    }

    /** The operator's pod in {@code file}; anything but a readable Pod names the setting and the file. */
    static Pod podTemplate(Settings settings, String name, Path file) {
        String what = settings.key(name) + " (" + file + ")";
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new SettingException(what + ": cannot read it: " + e.getMessage(), e);
        }
        Object parsed;
        try {
            parsed = Serialization.unmarshal(text);
        } catch (RuntimeException e) {
            throw new SettingException(what + ": not a Kubernetes object in YAML or JSON: " + e.getMessage(), e);
        }
        if (!(parsed instanceof Pod pod)) {
            throw new SettingException(what + ": the template must be a single object of kind Pod"
                    + (parsed instanceof HasMetadata object ? ", not " + object.getKind() : ""));
        }
        return pod;
    }
}
