package io.sparkplane.backend.hdinsight;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.EngineResources;
import io.sparkplane.spi.engine.Entrypoint;
import io.sparkplane.spi.engine.LaunchSpec;
import io.sparkplane.spi.engine.ServiceSparkConf;
import io.sparkplane.spi.engine.StagedAttempt;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The body of Livy's {@code POST /batches} for an attempt: the run's staged main file (a Python
 * file, or a jar with its main class), arguments, py-files, jars (the backlog listener's first),
 * files and archives, the driver's and executors' sizes, the initial executor count, and the Spark
 * conf every service-run attempt gets ({@link ServiceSparkConf}: dynamic allocation within the run's
 * bounds, the listener, its report URL and token object) with the event log in the attempt's
 * staging. Only fields Livy 0.7 and 0.8 know: Livy refuses a body with any other. The name is the
 * batch name ({@link BatchNames}), by which a provision finds the batch again. Pure.
 *
 * <p>The job's storage conf and the attempt's token never go in: the cluster reaches Azure Storage
 * with its own credentials, and the listener reads the token from the staged object.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"name", "file", "className", "args", "pyFiles", "jars", "files", "archives", "driverMemory", "driverCores",
        "executorMemory", "executorCores", "numExecutors", "conf"})
public record LivyBatchRequest(
        String name,
        String file,
        String className,
        List<String> args,
        List<String> pyFiles,
        List<String> jars,
        List<String> files,
        List<String> archives,
        String driverMemory,
        Integer driverCores,
        String executorMemory,
        Integer executorCores,
        Integer numExecutors,
        SortedMap<String, String> conf) {

    static final String EVENT_LOG = "spark.eventLog.";
    /** One writer for every body, maps in key order: the body rides in an ephemeral cluster's reference, which must come out the same each time. */
    private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    public LivyBatchRequest {
        requireNonNull(name, "name is null");
        requireNonNull(file, "file is null");
        // absent from a body read back (empty ones are not written): none
        args = args == null ? List.of() : List.copyOf(args);
        pyFiles = pyFiles == null ? List.of() : List.copyOf(pyFiles);
        jars = jars == null ? List.of() : List.copyOf(jars);
        files = files == null ? List.of() : List.copyOf(files);
        archives = archives == null ? List.of() : List.copyOf(archives);
        conf = conf == null ? new TreeMap<>() : new TreeMap<>(conf);
    }

    /**
     * @param batchName the batch's name ({@link BatchNames#batchName})
     * @throws IllegalArgumentException when the spec has nothing staged, or names inputs a batch cannot take
     */
    public static LivyBatchRequest of(ClusterSpec spec, String batchName) {
        StagedAttempt staged = spec.staged().orElseThrow(() -> new IllegalArgumentException("cluster " + spec.clusterName()
                + " has no staged inputs: a Livy batch reads the job's files from the workspace's staging"));
        LaunchSpec launch = spec.launch();
        EngineResources resources = spec.resources();
        List<String> jars = new ArrayList<>();
        jars.add(staged.listenerJar());
        jars.addAll(launch.jars());
        String className = null;
        if (launch.entrypoint() instanceof Entrypoint.Jar jar) {
            if (!launch.pyFiles().isEmpty()) {
                throw new IllegalArgumentException("a Spark job of main class " + jar.mainClass() + " takes no Python files: " + launch.pyFiles());
            }
            className = jar.mainClass();
        }
        return new LivyBatchRequest(batchName, launch.entrypoint().location(), className, launch.args(), launch.pyFiles(), jars, launch.files(),
                launch.archives(), resources.driverMemoryMib() + "m", resources.driverCores(), resources.executorMemoryMib() + "m",
                resources.executorCores(), spec.initialWorkers() > 0 ? spec.initialWorkers() : null, sparkConf(spec, staged));
    }

    /**
     * The shared conf of a service-run attempt, and the event log in the attempt's staging unless
     * the run sets any {@code spark.eventLog.*} itself (an HDInsight cluster's own default puts it
     * in the cluster's storage, out of Sparkplane's reach).
     */
    static SortedMap<String, String> sparkConf(ClusterSpec spec, StagedAttempt staged) {
        Map<String, String> conf = new LinkedHashMap<>(ServiceSparkConf.of(spec, staged));
        if (spec.launch().sparkConf().keySet().stream().noneMatch(key -> key.startsWith(EVENT_LOG))) {
            conf.put("spark.eventLog.enabled", "true");
            conf.put("spark.eventLog.dir", staged.eventLog());
        }
        return new TreeMap<>(conf);
    }

    /** The body as Livy takes it; the same bytes for the same request. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // records of strings and numbers always serialise
        }
    }

    /** A body written by {@link #toJson()}. */
    public static LivyBatchRequest fromJson(String json) {
        try {
            return JSON.readValue(json, LivyBatchRequest.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a Livy batch request: " + e.getOriginalMessage(), e);
        }
    }
}
