package io.sparkplane.controlplane.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import java.nio.file.Path;
import io.quarkus.runtime.configuration.MemorySize;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Sparkplane's own settings ({@code sparkplane.*}); defaults are listed in docs/configuration.md. */
@ConfigMapping(prefix = "sparkplane")
public interface SparkplaneConfig {

    /** Where Sparkplane keeps its embedded database and engine work directories. */
    Path home();

    /** The URL engine launchers use to reach this control plane's internal API. */
    String engineApiUrl();

    /** How often the reconciler runs (read by its {@code @Scheduled} loop). */
    @WithDefault("1s")
    String loopInterval();

    Dispatcher dispatcher();

    Deadlines deadlines();

    Autoscaler autoscaler();

    Staging staging();

    Inputs inputs();

    /**
     * Object store settings by store: {@code sparkplane.store.s3.*}, {@code sparkplane.store.azure.*},
     * {@code sparkplane.store.gcs.*} (docs/configuration.md). Checked by each store's settings parser.
     */
    Map<String, Map<String, String>> store();

    /**
     * Further sets of store settings by profile name, each like {@link #store()}
     * ({@code sparkplane.store-profiles.<profile>.s3.*}, ...): a workspace that names a profile
     * reaches its staging, its runs' inputs and its jobs' own paths with them.
     */
    Map<String, Map<String, Map<String, String>>> storeProfiles();

    Backend backend();

    interface Dispatcher {
        /** Off pauses dispatching: runs are accepted and stay QUEUED (benchmarks, maintenance). */
        @WithDefault("true")
        boolean enabled();

        /** How often the queue is polled besides the wake-ups on submit and on an attempt's end (read by its {@code @Scheduled} loop). */
        @WithDefault("1s")
        String interval();

        /** Claimed runs whose engine clusters one replica starts at once (each waits on its backend's API). */
        @WithDefault("4")
        int provisionConcurrency();
    }

    interface Deadlines {
        /** How long an attempt may take from PROVISIONING until its launcher reports RUNNING. */
        @WithDefault("PT3M")
        Duration provisioningTimeout();

        /** Silence after which a running engine is checked with its backend. */
        @WithDefault("PT20S")
        Duration heartbeatTimeout();

        /** Silence after which an engine that its backend still shows alive is given up as lost. */
        @WithDefault("PT2M")
        Duration unresponsiveTimeout();

        /** A PROVISIONING attempt with no cluster this old is provisioned again (its dispatcher died). */
        @WithDefault("PT15S")
        Duration provisionRetryAfter();
    }

    interface Autoscaler {
        /** Off freezes every cluster at its first size (workers that die are still not replaced). */
        @WithDefault("true")
        boolean enabled();

        /** How often each running cluster's policy decides and its cluster is repaired (read by its {@code @Scheduled} loop). */
        @WithDefault("1s")
        String interval();

        /** A driver snapshot older than this is not acted on (the job is between Spark phases, or its driver is stuck). */
        @WithDefault("PT10S")
        Duration snapshotMaxAge();

        /** The dynamic-allocation policy's executor idle timeout; also handed to backends in the cluster spec. */
        @WithDefault("PT60S")
        Duration idleTimeout();
    }

    interface Staging {
        /** Where artifacts, driver logs, event logs and outputs are kept: any store URI; by default file://{home}/staging. */
        Optional<String> location();

        /** The largest artifact {@code POST /api/v1/artifacts} accepts. */
        @WithDefault("1G")
        MemorySize maxArtifactSize();

        /** The largest file an engine may upload to its attempt's staging prefix (driver log, event log, outputs). */
        @WithDefault("2G")
        MemorySize maxUploadSize();
    }

    interface Inputs {
        /** The URI schemes a run's code and files may name besides artifacts. */
        @WithDefault("s3,gs,abfss,wasbs,https")
        List<String> allowedSchemes();

        /**
         * Development only: local directories under which a run may name files by absolute path or
         * {@code file:} URI. Unset, local paths are refused.
         */
        Optional<List<Path>> localRoots();
    }

    interface Backend {
        /** The backend of runs that name none; it must be enabled. */
        @WithName("default")
        @WithDefault("local")
        String defaultBackend();

        Local local();

        Kubernetes kubernetes();

        /** The {@code kubernetes} backend: each attempt's engine cluster as pods (docs/kubernetes.md). */
        interface Kubernetes {
            /** Off: runs cannot name the backend, and no Kubernetes API is called. */
            @WithDefault("false")
            boolean enabled();

            /** The kubeconfig context to use; empty: the service account in a pod, else the kubeconfig's current context. */
            Optional<String> context();

            /** The namespace engine pods are created in. */
            @WithDefault("default")
            String namespace();

            /** The engine image (engine-image/Dockerfile); required when enabled. */
            Optional<String> image();

            @WithDefault("IfNotPresent")
            String imagePullPolicy();

            Optional<List<String>> imagePullSecrets();

            /** The service account of engine pods; empty: the namespace's default. */
            Optional<String> serviceAccount();

            /** Node labels engine pods must run on. */
            Map<String, String> nodeSelector();

            /** Taints engine pods tolerate, as {@code key=value:Effect}, {@code key:Effect} (any value) or {@code key=value}. */
            Optional<List<String>> tolerations();

            /** Where engine pods reach this control plane's internal API; empty: {@code sparkplane.engine-api-url}. */
            Optional<String> engineApiUrl();

            @WithDefault("7077")
            int sparkMasterPort();

            /** Pod memory beyond each JVM heap, as a fraction of it (at least 384 MiB). */
            @WithDefault("0.1")
            double memoryOverheadFactor();

            /** How long an image pull or container configuration error may last before the run ends PROVISIONING_FAILED. */
            @WithDefault("PT30S")
            Duration pullFailureGrace();

            /** How long a pod may stay unschedulable before the run ends PROVISIONING_FAILED. */
            @WithDefault("PT5M")
            Duration schedulingDeadline();

            /** How long a worker pod being scaled down has to decommission. */
            @WithDefault("PT60S")
            Duration workerGracePeriod();

            /** The namespace of each workspace whose engine clusters do not go to {@link #namespace()}: {@code workspace-namespaces.<workspace>=<namespace>}. */
            Map<String, String> workspaceNamespaces();

            /** A file with the operator's Pod (YAML or JSON) every driver pod is laid over: sidecars, volumes, affinity, annotations. */
            Optional<Path> driverPodTemplate();

            /** A file with the operator's Pod every worker pod is laid over. */
            Optional<Path> workerPodTemplate();

            /** How long a cluster whose driver ended keeps its driver pod and spec config map; PT0S: deleted when the run ends. */
            @WithDefault("PT10M")
            Duration finishedClusterTtl();

            /** Runs with engine clusters on Kubernetes at once; more wait QUEUED. */
            @WithDefault("20")
            int maxConcurrentRuns();

            @WithDefault("50")
            int maxExecutorsPerRun();
        }

        interface Local {
            /** Off: runs cannot name the backend (a control plane in a pod, with no Spark beside it). */
            @WithDefault("true")
            boolean enabled();

            /** Python of the engine: the project's .venv with pyspark. */
            @WithDefault("python3")
            String python();

            /** Spark home; by default the installed pyspark package of {@link #python()}. */
            Optional<Path> sparkHome();

            /** Runs this machine executes at once; more wait QUEUED. */
            @WithDefault("2")
            int maxConcurrentRuns();

            /** The most executors (each a worker and an executor JVM on this machine) one run may ask for. */
            @WithDefault("8")
            int maxExecutorsPerRun();

            /** How long a worker being scaled down may take to drain before it is stopped anyway. */
            @WithDefault("PT2M")
            Duration decommissionTimeout();
        }
    }
}
