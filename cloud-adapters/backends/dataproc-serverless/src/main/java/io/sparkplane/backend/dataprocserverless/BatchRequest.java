package io.sparkplane.backend.dataprocserverless;

import static java.util.Objects.requireNonNull;

import com.google.cloud.dataproc.v1.Batch;
import com.google.cloud.dataproc.v1.CreateBatchRequest;
import com.google.cloud.dataproc.v1.EnvironmentConfig;
import com.google.cloud.dataproc.v1.ExecutionConfig;
import com.google.cloud.dataproc.v1.PySparkBatch;
import com.google.cloud.dataproc.v1.RuntimeConfig;
import com.google.cloud.dataproc.v1.SparkBatch;
import com.google.protobuf.Duration;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.Entrypoint;
import io.sparkplane.spi.engine.LaunchSpec;
import io.sparkplane.spi.engine.ServiceSparkConf;
import io.sparkplane.spi.engine.StagedAttempt;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The CreateBatch call of one attempt, built from its cluster spec and what the control plane
 * staged for it. Pure, and the same for the same attempt every time: its batch id and request id
 * are derived from the cluster's name, so a call repeated after a timeout or a crash is the same
 * call, and Dataproc answers it with the batch the first one made.
 *
 * <p>The job's inputs are already staged {@code gs://} URIs. The batch's Spark properties are
 * {@link ServiceSparkConf}'s (sizes, dynamic allocation within the run's bounds, the backlog
 * listener, the engine API's report URL and token file, redaction) with {@code
 * spark.executor.instances} and the event log added. The job's storage conf and the attempt's
 * token are never part of it: batches reach Cloud Storage as their service account, and the
 * listener reads the token from its staged object.
 *
 * @param parent {@code projects/<project>/locations/<region>}
 * @param batchId the last segment of the batch's name, derived from the cluster's name
 * @param requestId derived from the cluster's name: Dataproc answers a repeated call with the first's operation
 * @param batch the batch to create
 */
public record BatchRequest(String parent, String batchId, String requestId, Batch batch) {

    static final String LABEL_RUN_ID = "sparkplane-run-id";
    static final String LABEL_ATTEMPT = "sparkplane-attempt";
    static final String LABEL_PROFILE = "sparkplane-profile";
    static final String LABEL_CLUSTER = "sparkplane-cluster";
    static final String EXECUTOR_INSTANCES = "spark.executor.instances";
    static final String EVENT_LOG = "spark.eventLog.";
    /** Dataproc's rule for a batch id: 4 to 63 lower-case letters, digits and dashes, starting and ending with a letter or digit. */
    static final Pattern BATCH_ID = Pattern.compile("[a-z0-9][a-z0-9-]{2,61}[a-z0-9]");
    /** Dataproc's rule for a request id: letters, digits, {@code _} and {@code -}, at most 40. */
    static final Pattern REQUEST_ID = Pattern.compile("[a-zA-Z0-9_-]{1,40}");
    private static final Pattern NOT_LABEL_VALUE = Pattern.compile("[^a-z0-9_-]");
    private static final Pattern NOT_BATCH_ID = Pattern.compile("[^a-z0-9-]");
    private static final int HASH_LENGTH = 16;

    public BatchRequest {
        requireNonNull(parent, "parent is null");
        requireNonNull(batchId, "batchId is null");
        requireNonNull(requestId, "requestId is null");
        requireNonNull(batch, "batch is null");
        if (!BATCH_ID.matcher(batchId).matches()) {
            throw new IllegalArgumentException("not a Dataproc batch id: " + batchId);
        }
        if (!REQUEST_ID.matcher(requestId).matches()) {
            throw new IllegalArgumentException("not a Dataproc request id: " + requestId);
        }
    }

    /**
     * @param profile the engine profile's name, for the labels
     * @throws IllegalArgumentException when the spec has nothing staged, stages outside Cloud
     *     Storage, or names inputs a batch cannot take
     */
    public static BatchRequest of(ClusterSpec spec, String profile, DataprocServerlessConfiguration configuration) {
        StagedAttempt staged = spec.staged().orElseThrow(() -> new IllegalArgumentException(
                "cluster " + spec.clusterName() + " has no staged inputs: a Dataproc batch reads the job's files from Cloud Storage"));
        LaunchSpec launch = spec.launch();
        Batch.Builder batch = Batch.newBuilder();
        if (launch.entrypoint() instanceof Entrypoint.Jar jar) {
            if (!launch.pyFiles().isEmpty()) {
                throw new IllegalArgumentException("a Spark batch of main class " + jar.mainClass() + " takes no Python files: " + launch.pyFiles());
            }
            // the main class's jar first on the class path, as Dataproc has a main jar and a main class given together
            batch.setSparkBatch(SparkBatch.newBuilder()
                    .setMainClass(jar.mainClass())
                    .addAllArgs(launch.args())
                    .addJarFileUris(jar.location())
                    .addJarFileUris(staged.listenerJar())
                    .addAllJarFileUris(launch.jars())
                    .addAllFileUris(launch.files())
                    .addAllArchiveUris(launch.archives()));
        } else {
            batch.setPysparkBatch(PySparkBatch.newBuilder()
                    .setMainPythonFileUri(launch.entrypoint().location())
                    .addAllArgs(launch.args())
                    .addAllPythonFileUris(launch.pyFiles())
                    .addJarFileUris(staged.listenerJar())
                    .addAllJarFileUris(launch.jars())
                    .addAllFileUris(launch.files())
                    .addAllArchiveUris(launch.archives()));
        }
        batch.setRuntimeConfig(RuntimeConfig.newBuilder()
                .setVersion(configuration.runtimeVersion())
                .putAllProperties(new TreeMap<>(sparkConf(spec, staged))));
        ExecutionConfig.Builder execution = ExecutionConfig.newBuilder().setStagingBucket(bucket(staged.prefix()));
        configuration.serviceAccount().ifPresent(execution::setServiceAccount);
        configuration.networkUri().ifPresent(execution::setNetworkUri);
        configuration.subnetworkUri().ifPresent(execution::setSubnetworkUri);
        configuration.ttl().ifPresent(ttl -> execution.setTtl(Duration.newBuilder().setSeconds(ttl.toSeconds()).setNanos(ttl.toNanosPart())));
        batch.setEnvironmentConfig(EnvironmentConfig.newBuilder().setExecutionConfig(execution));
        batch.putAllLabels(labels(spec, profile, configuration));
        return new BatchRequest(configuration.parent(), batchId(spec.clusterName()), requestId(spec.clusterName()), batch.build());
    }

    /**
     * The shared conf of a service-run attempt, and what a batch needs beside it: Dataproc's own
     * {@code spark.executor.instances} (2) would override the run's initial count (Spark starts
     * the largest of {@code spark.executor.instances}, {@code initialExecutors} and {@code
     * minExecutors}), and the event log would not be kept in the attempt's staging.
     */
    static Map<String, String> sparkConf(ClusterSpec spec, StagedAttempt staged) {
        Map<String, String> runs = spec.launch().sparkConf();
        Map<String, String> conf = new LinkedHashMap<>(ServiceSparkConf.of(spec, staged));
        if (!runs.containsKey(EXECUTOR_INSTANCES)) {
            conf.put(EXECUTOR_INSTANCES, Integer.toString(spec.initialWorkers()));
        }
        if (runs.keySet().stream().noneMatch(key -> key.startsWith(EVENT_LOG))) {
            conf.put("spark.eventLog.enabled", "true");
            conf.put("spark.eventLog.dir", staged.eventLog());
        }
        return conf;
    }

    /** Sparkplane's labels, by which it finds its batches again, beside the profile's own. */
    static SortedMap<String, String> labels(ClusterSpec spec, String profile, DataprocServerlessConfiguration configuration) {
        SortedMap<String, String> labels = new TreeMap<>(configuration.labels());
        labels.put(LABEL_RUN_ID, labelValue(spec.launch().runId()));
        labels.put(LABEL_ATTEMPT, Integer.toString(spec.launch().attempt()));
        labels.put(LABEL_PROFILE, labelValue(profile));
        labels.put(LABEL_CLUSTER, labelValue(spec.clusterName()));
        return labels;
    }

    /** The value in the characters a Dataproc label value may have (lower case, digits, {@code _}, {@code -}), 63 at most. */
    static String labelValue(String value) {
        String cleaned = NOT_LABEL_VALUE.matcher(value.toLowerCase(Locale.ROOT)).replaceAll("_");
        return cleaned.length() <= 63 ? cleaned : cleaned.substring(0, 63);
    }

    /**
     * The batch id of a cluster: its name when Dataproc takes it as one ({@code sp-<run id>-<attempt>}
     * does), else its lower-cased valid characters and a hash of the whole name, 63 at most.
     */
    static String batchId(String clusterName) {
        if (BATCH_ID.matcher(clusterName).matches()) {
            return clusterName;
        }
        String kept = NOT_BATCH_ID.matcher(clusterName.toLowerCase(Locale.ROOT)).replaceAll("-").replaceAll("^[^a-z0-9]+|[^a-z0-9]+$", "");
        String prefix = kept.substring(0, Math.min(kept.length(), 63 - HASH_LENGTH - 1)).replaceAll("-+$", "");
        return (prefix.isEmpty() ? "sp" : prefix) + "-" + sha256(clusterName).substring(0, HASH_LENGTH);
    }

    /** The request id of a cluster's CreateBatch: a name-based UUID of its name, 36 characters. */
    static String requestId(String clusterName) {
        return UUID.nameUUIDFromBytes(("sparkplane/dataproc-serverless/" + clusterName).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The bucket of a {@code gs://bucket/...} prefix: Dataproc's staging bucket takes a name, not a URI. */
    static String bucket(String prefix) {
        URI uri;
        try {
            uri = new URI(prefix);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the attempt's staging is no URI: " + prefix, e);
        }
        if (!"gs".equals(uri.getScheme()) || uri.getAuthority() == null || uri.getAuthority().isEmpty()) {
            throw new IllegalArgumentException("a Dataproc batch stages in Cloud Storage (gs://bucket/...), not " + prefix);
        }
        return uri.getAuthority();
    }

    /** {@code projects/<project>/locations/<region>/batches/<batch id>}. */
    public String batchName() {
        return parent + "/batches/" + batchId;
    }

    /** The batch's Spark properties. */
    public Map<String, String> properties() {
        return new TreeMap<>(batch.getRuntimeConfig().getPropertiesMap());
    }

    public CreateBatchRequest toProto() {
        return CreateBatchRequest.newBuilder().setParent(parent).setBatchId(batchId).setRequestId(requestId).setBatch(batch).build();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The label of a cluster's name, as {@link #labels} puts it on its batch. */
    static String clusterLabel(String clusterName) {
        return labelValue(clusterName);
    }
}
