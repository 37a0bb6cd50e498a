package io.sparkplane.controlplane.run;

import static java.util.Objects.requireNonNull;

import io.sparkplane.spi.engine.Entrypoint;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a run is to execute, every default filled in: built once from a surface's request (the REST
 * API's, by {@code api.RunSpecMapper}), stored with the run, and the only input of the dispatcher,
 * the cluster manager, the autoscaler and the engine API. Its workspace is the run's own, not part
 * of its definition.
 *
 * @param name shown in listings and as the Spark application's name
 * @param entrypoint the Python file, or the jar and main class, that spark-submit runs
 * @param pyFiles what the job names as code and files, each a location ({@code artifact:}, a
 *     store URI, a web URL, a development local path); an archive may end in {@code #alias}
 * @param sparkConf the run's own Spark conf
 * @param backend the engine profile the run goes to
 * @param timeout from PROVISIONING to the end, after which the run ends TIMED_OUT; empty: none
 * @param maxRetries failed attempts that are followed by another
 */
public record RunDefinition(
        String name,
        Entrypoint entrypoint,
        List<String> args,
        List<String> pyFiles,
        List<String> jars,
        List<String> files,
        List<String> archives,
        Map<String, String> sparkConf,
        Resources resources,
        AutoscalingPolicy autoscaling,
        String backend,
        Optional<Duration> timeout,
        int maxRetries,
        Map<String, String> labels) {

    public RunDefinition {
        requireNonNull(name, "name is null");
        requireNonNull(entrypoint, "entrypoint is null");
        args = List.copyOf(args);
        pyFiles = List.copyOf(pyFiles);
        jars = List.copyOf(jars);
        files = List.copyOf(files);
        archives = List.copyOf(archives);
        sparkConf = Map.copyOf(sparkConf);
        requireNonNull(resources, "resources is null");
        requireNonNull(autoscaling, "autoscaling is null");
        requireNonNull(backend, "backend is null");
        requireNonNull(timeout, "timeout is null");
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries is negative");
        }
        labels = Map.copyOf(labels);
    }

    /** The driver's and each executor's shape. */
    public record Resources(Shape driver, Shape executor) {
        public Resources {
            requireNonNull(driver, "driver is null");
            requireNonNull(executor, "executor is null");
        }
    }

    /**
     * @param memoryMib the JVM heap, in MiB: what everything but the response reads
     * @param memory the same size as the request spelt it, lower case ({@code 2048m} stays
     *     {@code 2048m}): what the API echoes, so that a client comparing what it sent sees no change
     */
    public record Shape(int cores, int memoryMib, String memory) {
        public Shape {
            if (cores < 1 || memoryMib < 1) {
                throw new IllegalArgumentException("cores and memoryMib must be positive");
            }
            requireNonNull(memory, "memory is null");
            if (!SparkMemory.mib(memory).equals(Optional.of(memoryMib))) {
                throw new IllegalArgumentException("memory " + memory + " is not " + memoryMib + " MiB");
            }
        }

        /** A shape whose memory is spelt the shortest way ({@code 1g}, {@code 1536m}). */
        public Shape(int cores, int memoryMib) {
            this(cores, memoryMib, SparkMemory.format(memoryMib));
        }
    }

    /**
     * Every location the run names, by the field path a request gives it under
     * ({@code entrypoint.pythonFile}, {@code pyFiles[0]}, ...), in the order the engine fetches them.
     */
    public Map<String, String> inputLocations() {
        Map<String, String> locations = new LinkedHashMap<>();
        locations.put(entrypoint instanceof Entrypoint.Jar ? "entrypoint.jar" : "entrypoint.pythonFile", entrypoint.location());
        put(locations, "pyFiles", pyFiles);
        put(locations, "jars", jars);
        put(locations, "files", files);
        put(locations, "archives", archives);
        return locations;
    }

    private static void put(Map<String, String> locations, String field, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            locations.put(field + "[" + i + "]", values.get(i));
        }
    }
}
