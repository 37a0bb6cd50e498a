package io.sparkplane.backend.databricks;

import static java.util.Objects.requireNonNull;

import com.databricks.sdk.service.compute.AutoScale;
import com.databricks.sdk.service.compute.Library;
import com.databricks.sdk.service.jobs.QueueSettings;
import com.databricks.sdk.service.jobs.SparkJarTask;
import com.databricks.sdk.service.jobs.SparkPythonTask;
import com.databricks.sdk.service.jobs.SubmitRun;
import com.databricks.sdk.service.jobs.SubmitTask;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.EngineResources;
import io.sparkplane.spi.engine.Entrypoint;
import io.sparkplane.spi.engine.LaunchSpec;
import io.sparkplane.spi.engine.ServiceSparkConf;
import io.sparkplane.spi.engine.StagedAttempt;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The jobs/runs/submit call of one attempt, built from its cluster spec and what the control plane
 * staged for it. Pure, and the same for the same attempt every time: its idempotency token is
 * derived from the cluster's name (the run id and attempt), so a submit repeated after a lost answer
 * or a crash makes no second run; Databricks answers it with the first run's id.
 *
 * <p>One task ({@value #TASK_KEY}) on a new job cluster: a {@code spark_python_task} (the staged main
 * file, the run's arguments as its parameters) or a {@code spark_jar_task} (the main class; the main
 * jar a library). Jars, the backlog listener's among them, and Python wheels and eggs are the task's
 * libraries, which Databricks installs on the cluster before the task runs. Other Python files
 * (.py, .zip), files and archives go in the cluster's Spark conf as Spark's own {@code
 * spark.submit.pyFiles}, {@code spark.files} and {@code spark.archives}, fetched as the cluster's
 * SparkContext starts.
 *
 * <p>The cluster's Spark conf is {@link ServiceSparkConf}'s (the listener, the engine API's report URL
 * and token file, redaction, the run's own conf) without its sizing: on Databricks a worker node is
 * one executor sized by its node type, and the cluster's size (autoscale bounds or a fixed count
 * within the run's bounds) is the executors' bound. The job's storage conf and the attempt's token
 * are never part of it: job clusters reach storage with the workspace's own credentials, and the
 * listener reads the token from its staged object.
 *
 * @param runName the cluster's name, which the run is named and listed by
 * @param idempotencyToken derived from the cluster's name, at most 64 characters
 * @param submitRun the call's body
 */
public record SubmitRunRequest(String runName, String idempotencyToken, SubmitRun submitRun) {

    static final String TASK_KEY = "main";
    static final String TAG_RUN_ID = "sparkplane-run-id";
    static final String TAG_ATTEMPT = "sparkplane-attempt";
    static final String TAG_PROFILE = "sparkplane-profile";
    static final String TAG_MANAGED_BY = "sparkplane-managed-by";
    static final String MANAGED_BY = "sparkplane";
    static final String PY_FILES = "spark.submit.pyFiles";
    static final String FILES = "spark.files";
    static final String ARCHIVES = "spark.archives";
    /** What Databricks decides by the node types and the cluster's size, not the run: dropped from the shared service conf. */
    static final List<String> SIZING = List.of("spark.driver.cores", "spark.driver.memory", "spark.executor.cores", "spark.executor.memory",
            "spark.executor.instances");
    static final String DYNAMIC_ALLOCATION = "spark.dynamicAllocation.";

    public SubmitRunRequest {
        requireNonNull(runName, "runName is null");
        requireNonNull(idempotencyToken, "idempotencyToken is null");
        requireNonNull(submitRun, "submitRun is null");
        if (idempotencyToken.isEmpty() || idempotencyToken.length() > 64) {
            throw new IllegalArgumentException("an idempotency token is 1 to 64 characters, not " + idempotencyToken.length());
        }
    }

    /**
     * @param profile the engine profile's name, for the tags
     * @throws IllegalArgumentException when the spec has nothing staged, stages where no Databricks
     *     workspace reads, or names inputs a run cannot take
     */
    public static SubmitRunRequest of(ClusterSpec spec, String profile, DatabricksConfiguration configuration) {
        StagedAttempt staged = spec.staged().orElseThrow(() -> new IllegalArgumentException(
                "cluster " + spec.clusterName() + " has no staged inputs: a Databricks job cluster reads the job's files from the workspace's staging"));
        checkStaging(staged.prefix());
        LaunchSpec launch = spec.launch();
        List<Library> libraries = new ArrayList<>();
        List<String> otherPythonFiles = new ArrayList<>();
        SubmitTask task = new SubmitTask().setTaskKey(TASK_KEY);
        if (launch.entrypoint() instanceof Entrypoint.Jar jar) {
            if (!launch.pyFiles().isEmpty()) {
                throw new IllegalArgumentException("a Databricks jar task of main class " + jar.mainClass() + " takes no Python files: " + launch.pyFiles());
            }
            // the main class's jar first, as spark-submit has its application jar first on the class path
            libraries.add(new Library().setJar(jar.location()));
            task.setSparkJarTask(new SparkJarTask().setMainClassName(jar.mainClass()).setParameters(launch.args()));
        } else {
            task.setSparkPythonTask(new SparkPythonTask().setPythonFile(launch.entrypoint().location()).setParameters(launch.args()));
            for (String file : launch.pyFiles()) {
                String name = fileName(file);
                if (name.endsWith(".whl")) {
                    libraries.add(new Library().setWhl(file));
                } else if (name.endsWith(".egg")) {
                    libraries.add(new Library().setEgg(file));
                } else {
                    otherPythonFiles.add(file);
                }
            }
        }
        libraries.add(new Library().setJar(staged.listenerJar()));
        launch.jars().forEach(jarFile -> libraries.add(new Library().setJar(jarFile)));
        task.setNewCluster(cluster(spec, staged, profile, configuration, otherPythonFiles)).setLibraries(libraries);
        SubmitRun submit = new SubmitRun()
                .setRunName(spec.clusterName())
                .setIdempotencyToken(idempotencyToken(spec.clusterName()))
                .setTasks(List.of(task))
                // wait in the workspace's queue at its concurrency limits instead of being skipped; the provisioning timeout bounds the wait
                .setQueue(new QueueSettings().setEnabled(true));
        return new SubmitRunRequest(spec.clusterName(), submit.getIdempotencyToken(), submit);
    }

    /** The run's job cluster: its nodes, its size, its Spark conf and environment, its tags. */
    static com.databricks.sdk.service.compute.ClusterSpec cluster(ClusterSpec spec, StagedAttempt staged, String profile,
            DatabricksConfiguration configuration, List<String> otherPythonFiles) {
        // the SDK's ClusterSpec (a new_cluster), not the SPI's (an attempt's engine)
        com.databricks.sdk.service.compute.ClusterSpec cluster = new com.databricks.sdk.service.compute.ClusterSpec()
                .setSparkVersion(configuration.sparkVersion());
        configuration.nodeType().ifPresent(cluster::setNodeTypeId);
        configuration.driverNodeType().ifPresent(cluster::setDriverNodeTypeId);
        configuration.instancePoolId().ifPresent(cluster::setInstancePoolId);
        configuration.policyId().ifPresent(policy -> cluster.setPolicyId(policy).setApplyPolicyDefaultValues(true));
        configuration.dataSecurityMode().ifPresent(cluster::setDataSecurityMode);
        configuration.singleUserName().ifPresent(cluster::setSingleUserName);
        WorkerBounds bounds = WorkerBounds.of(spec.resources(), spec.initialWorkers());
        if (configuration.autoscale() && bounds.max() > bounds.min()) {
            cluster.setAutoscale(new AutoScale().setMinWorkers((long) bounds.min()).setMaxWorkers((long) bounds.max()));
        } else if (configuration.autoscale()) {
            // Databricks takes autoscale bounds only with max_workers above min_workers: a fixed count is a fixed size
            cluster.setNumWorkers((long) bounds.max());
        } else {
            cluster.setNumWorkers((long) bounds.initial());
        }
        cluster.setSparkConf(sparkConf(spec, staged, otherPythonFiles));
        if (!configuration.sparkEnv().isEmpty()) {
            cluster.setSparkEnvVars(new TreeMap<>(configuration.sparkEnv()));
        }
        cluster.setCustomTags(tags(spec, profile, configuration));
        return cluster;
    }

    /**
     * The shared conf of a service-run attempt without what Databricks sizes, and the run's Python
     * files (other than wheels and eggs), files and archives as Spark's own properties, after any the
     * run's conf named.
     */
    static SortedMap<String, String> sparkConf(ClusterSpec spec, StagedAttempt staged, List<String> otherPythonFiles) {
        Map<String, String> conf = new LinkedHashMap<>(ServiceSparkConf.of(spec, staged));
        SIZING.forEach(conf::remove);
        conf.keySet().removeIf(key -> key.startsWith(DYNAMIC_ALLOCATION));
        LaunchSpec launch = spec.launch();
        // a Python file reaches the driver's path through spark.files (fetched into SparkFiles' directory) and spark.submit.pyFiles
        append(conf, FILES, otherPythonFiles);
        append(conf, FILES, launch.files());
        append(conf, PY_FILES, otherPythonFiles);
        append(conf, ARCHIVES, launch.archives());
        return new TreeMap<>(conf);
    }

    private static void append(Map<String, String> conf, String key, List<String> values) {
        if (values.isEmpty()) {
            return;
        }
        String joined = String.join(",", values);
        conf.merge(key, joined, (given, ours) -> given.isBlank() ? ours : given + "," + ours);
    }

    /** Sparkplane's tags, by which it finds its runs again, beside the profile's own. */
    static SortedMap<String, String> tags(ClusterSpec spec, String profile, DatabricksConfiguration configuration) {
        SortedMap<String, String> tags = new TreeMap<>(configuration.customTags());
        tags.put(TAG_RUN_ID, spec.launch().runId());
        tags.put(TAG_ATTEMPT, Integer.toString(spec.launch().attempt()));
        tags.put(TAG_PROFILE, profile);
        tags.put(TAG_MANAGED_BY, MANAGED_BY);
        return tags;
    }

    /** The idempotency token of a cluster's run: a name-based UUID of its name (its run id and attempt), 36 characters. */
    static String idempotencyToken(String clusterName) {
        return UUID.nameUUIDFromBytes(("sparkplane/databricks/" + clusterName).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Staging in a store some Databricks cloud reads: S3 (AWS), Cloud Storage (Google Cloud), ADLS Gen2 or Blob Storage (Azure). */
    static void checkStaging(String prefix) {
        URI uri;
        try {
            uri = new URI(prefix);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the attempt's staging is no URI: " + prefix, e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!DatabricksBackendFactory.STAGING_SCHEMES.contains(scheme) || uri.getAuthority() == null) {
            throw new IllegalArgumentException("a Databricks job cluster reads its files from s3://, gs://, abfss:// or wasbs:// staging, not " + prefix);
        }
    }

    private static String fileName(String uri) {
        int hash = uri.indexOf('#');
        String location = hash < 0 ? uri : uri.substring(0, hash);
        return location.substring(location.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    }

    /**
     * A job cluster's worker counts within the run's executor bounds: at least one worker (a
     * Databricks cluster of no workers is a single-node cluster, which runs no executors of its own),
     * the run's first count within them.
     */
    record WorkerBounds(int min, int max, int initial) {

        static WorkerBounds of(EngineResources resources, int initialWorkers) {
            int min = Math.max(1, resources.minExecutors());
            int max = Math.max(min, resources.maxExecutors());
            return new WorkerBounds(min, max, within(initialWorkers, min, max));
        }

        int bounded(int workers) {
            return within(workers, min, max);
        }

        private static int within(int workers, int min, int max) {
            return Math.max(min, Math.min(max, workers));
        }
    }
}
