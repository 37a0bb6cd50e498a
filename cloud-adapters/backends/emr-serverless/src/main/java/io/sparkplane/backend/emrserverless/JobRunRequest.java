package io.sparkplane.backend.emrserverless;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.Entrypoint;
import io.sparkplane.spi.engine.LaunchSpec;
import io.sparkplane.spi.engine.ServiceSparkConf;
import io.sparkplane.spi.engine.StagedAttempt;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The StartJobRun call of one attempt, built from its cluster spec and what the control plane
 * staged for it. Pure, and the same for the same attempt every time: a retried call with the same
 * {@code clientToken} must carry the same request, or EMR Serverless refuses it as a conflict.
 *
 * <p>The job's inputs are already staged {@code s3://} URIs. The Spark conf is {@link
 * ServiceSparkConf}'s (sizes, dynamic allocation within the run's bounds, the backlog listener,
 * redaction) with {@code spark.executor.instances} and the event log added; each property goes
 * into {@code sparkSubmitParameters} as {@code --conf key=value} when it is plain (letters, digits,
 * {@code . _ : / = , + @ % -}), and into the job's {@code spark-defaults} classification when it is
 * not: white space, quotes or a shell's special characters (Spark's redaction pattern has {@code |},
 * {@code (} and {@code [}) would depend on how EMR Serverless splits that string, which it does not
 * document; a classification's properties are JSON strings, taken as they are. The job's storage conf and the
 * attempt's token are never part of it: job runs reach S3 through their execution role, and the
 * listener reads the token from its staged file.
 *
 * @param name the cluster's name, which finds the job run again after a restart
 * @param clientToken derived from the cluster's name
 * @param sparkSubmitParameters the spark-submit options, one string
 * @param sparkDefaults the properties that cannot go into {@code sparkSubmitParameters}, by key
 * @param logUri where EMR Serverless writes the job run's logs: the attempt's staging
 * @param tags what the job run is, for the console and cost reports
 */
public record JobRunRequest(
        String name,
        String clientToken,
        String executionRoleArn,
        String entryPoint,
        List<String> entryPointArguments,
        String sparkSubmitParameters,
        SortedMap<String, String> sparkDefaults,
        String logUri,
        SortedMap<String, String> tags,
        long executionTimeoutMinutes) {

    static final String TAG_RUN_ID = "sparkplane:run-id";
    static final String TAG_ATTEMPT = "sparkplane:attempt";
    static final String TAG_CLUSTER = "sparkplane:cluster";
    static final String TAG_PROFILE = ApplicationRequest.TAG_PROFILE;
    static final String EXECUTOR_INSTANCES = "spark.executor.instances";
    static final String EVENT_LOG = "spark.eventLog.";
    /** A {@code --conf} that reads the same however the parameters are split: no white space, quotes or shell syntax. */
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9._:/=,+@%-]*");
    /** What an option's value must not have: white space or quotes would split it or be taken as quoting. */
    private static final Pattern INLINE = Pattern.compile("[^\\s'\"]*");
    private static final Pattern NOT_TAG_VALUE = Pattern.compile("[^A-Za-z0-9 /_.:=+@-]");

    public JobRunRequest {
        requireNonNull(name, "name is null");
        requireNonNull(clientToken, "clientToken is null");
        requireNonNull(executionRoleArn, "executionRoleArn is null");
        requireNonNull(entryPoint, "entryPoint is null");
        entryPointArguments = List.copyOf(entryPointArguments);
        requireNonNull(sparkSubmitParameters, "sparkSubmitParameters is null");
        sparkDefaults = new TreeMap<>(sparkDefaults);
        requireNonNull(logUri, "logUri is null");
        tags = new TreeMap<>(tags);
        if (name.isBlank() || name.length() > 256) {
            throw new IllegalArgumentException("a job run's name is 1 to 256 characters: " + name);
        }
    }

    /**
     * @param profile the engine profile's name, for the tags
     * @throws IllegalArgumentException when the spec has nothing staged, or a staged input cannot be a spark-submit option
     */
    public static JobRunRequest of(ClusterSpec spec, String profile, EmrServerlessConfiguration configuration) {
        StagedAttempt staged = spec.staged().orElseThrow(() -> new IllegalArgumentException(
                "cluster " + spec.clusterName() + " has no staged inputs: EMR Serverless reads the job's files from staging"));
        LaunchSpec launch = spec.launch();
        Map<String, String> conf = sparkConf(spec, staged);
        SortedMap<String, String> inline = new TreeMap<>();
        SortedMap<String, String> defaults = new TreeMap<>();
        conf.forEach((key, value) -> (PLAIN.matcher(key).matches() && PLAIN.matcher(value).matches() ? inline : defaults).put(key, value));

        List<String> options = new ArrayList<>();
        if (launch.entrypoint() instanceof Entrypoint.Jar jar) {
            options.add("--class");
            options.add(inlineOption("the main class", jar.mainClass()));
        }
        List<String> jars = new ArrayList<>();
        jars.add(staged.listenerJar());
        jars.addAll(launch.jars());
        addList(options, "--jars", jars);
        addList(options, "--py-files", launch.pyFiles());
        addList(options, "--files", launch.files());
        addList(options, "--archives", launch.archives());
        inline.forEach((key, value) -> {
            options.add("--conf");
            options.add(key + "=" + value);
        });

        SortedMap<String, String> tags = new TreeMap<>();
        tags.put(TAG_RUN_ID, tagValue(launch.runId()));
        tags.put(TAG_ATTEMPT, Integer.toString(launch.attempt()));
        tags.put(TAG_CLUSTER, tagValue(spec.clusterName()));
        tags.put(TAG_PROFILE, tagValue(profile));
        return new JobRunRequest(spec.clusterName(), ClientTokens.of(spec.clusterName()), configuration.executionRoleArn(),
                launch.entrypoint().location(), launch.args(), String.join(" ", options), defaults, staged.logs(), tags,
                configuration.executionTimeoutMinutes());
    }

    /**
     * The shared conf of a service-run attempt, and what EMR Serverless needs beside it: its own
     * default of 3 executors to start with would override the run's initial count (Spark starts
     * the largest of {@code spark.executor.instances}, {@code initialExecutors} and {@code
     * minExecutors}), and its event log would go to the service's own storage, not the attempt's.
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

    private static void addList(List<String> options, String option, List<String> uris) {
        if (uris.isEmpty()) {
            return;
        }
        for (String uri : uris) {
            inlineOption(option, uri);
            if (uri.contains(",")) {
                throw new IllegalArgumentException(option + " takes a comma-separated list; this one has a comma: " + uri);
            }
        }
        options.add(option);
        options.add(String.join(",", uris));
    }

    private static String inlineOption(String what, String value) {
        if (value.isEmpty() || !INLINE.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " cannot be a spark-submit option of EMR Serverless (empty, white space or quotes): "
                    + value);
        }
        return value;
    }

    /** A value in the characters an AWS tag value may have, 256 at most. */
    static String tagValue(String value) {
        String cleaned = NOT_TAG_VALUE.matcher(value).replaceAll("_");
        return cleaned.length() <= 256 ? cleaned : cleaned.substring(0, 256);
    }

    /** The Spark conf the job run gets: its {@code --conf} options and its {@code spark-defaults}. */
    public Map<String, String> sparkConf() {
        Map<String, String> conf = new TreeMap<>(sparkDefaults);
        conf.putAll(confOf(sparkSubmitParameters));
        return conf;
    }

    /** The {@code --conf key=value} options of a {@code sparkSubmitParameters} string, by key. */
    static Map<String, String> confOf(String sparkSubmitParameters) {
        Map<String, String> conf = new TreeMap<>();
        String[] tokens = sparkSubmitParameters.strip().split("\\s+");
        for (int i = 0; i + 1 < tokens.length; i++) {
            int equals = tokens[i + 1].indexOf('=');
            if (tokens[i].equals("--conf") && equals > 0) {
                conf.put(tokens[i + 1].substring(0, equals), tokens[i + 1].substring(equals + 1));
                i++;
            }
        }
        return conf;
    }

    public ObjectNode toJson() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("name", name);
        body.put("clientToken", clientToken);
        body.put("executionRoleArn", executionRoleArn);
        ObjectNode submit = body.putObject("jobDriver").putObject("sparkSubmit");
        submit.put("entryPoint", entryPoint);
        ArrayNode arguments = submit.putArray("entryPointArguments");
        entryPointArguments.forEach(arguments::add);
        submit.put("sparkSubmitParameters", sparkSubmitParameters);
        ObjectNode overrides = body.putObject("configurationOverrides");
        if (!sparkDefaults.isEmpty()) {
            ObjectNode classification = overrides.putArray("applicationConfiguration").addObject();
            classification.put("classification", "spark-defaults");
            ObjectNode properties = classification.putObject("properties");
            sparkDefaults.forEach(properties::put);
        }
        overrides.putObject("monitoringConfiguration").putObject("s3MonitoringConfiguration").put("logUri", logUri);
        ObjectNode tagNode = body.putObject("tags");
        tags.forEach(tagNode::put);
        body.put("executionTimeoutMinutes", executionTimeoutMinutes);
        return body;
    }
}
