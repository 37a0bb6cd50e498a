package io.sparkplane.spi.engine;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Whether a run can take a warm cluster: one whose driver was started ahead, from a template
 * {@link LaunchSpec}, with its SparkContext up and its executors registered. What a driver fixes when
 * its context starts must be the run's too: the driver's and executors' sizes, the Spark conf
 * (except the SQL settings a session may change at run time), no jars or archives (they go on class
 * paths and into working directories at start), and a Python entrypoint (a warm driver runs the
 * run's file in its Python process). Python files and plain files are added at run time. Pure.
 */
public final class WarmFit {

    /**
     * {@code spark.sql.*} settings that a running session cannot change (Spark's static SQL conf):
     * a run that sets one of them differently from the template does not fit.
     */
    static final List<String> STATIC_SQL_PREFIXES = List.of(
            "spark.sql.warehouse.dir",
            "spark.sql.catalogImplementation",
            "spark.sql.extensions",
            "spark.sql.queryExecutionListeners",
            "spark.sql.streaming.streamingQueryListeners",
            "spark.sql.cache.serializer",
            "spark.sql.ui.",
            "spark.sql.event.",
            "spark.sql.hive.",
            "spark.sql.legacy.sessionInitWithConfigDefaults",
            "spark.sql.defaultUrlStreamHandlerFactory.",
            "spark.sql.sources.disabledJdbcConnProviderList",
            "spark.sql.catalog.spark_catalog",
            "spark.sql.broadcastExchange.maxThreadThreshold",
            "spark.sql.subquery.maxThreadThreshold",
            "spark.sql.metadataCacheTTLSeconds",
            "spark.sql.streaming.ui.");

    private WarmFit() {}

    /** Empty when the run fits the template; otherwise why not, for the run's events. */
    public static Optional<String> misfit(LaunchSpec template, LaunchSpec run) {
        requireNonNull(template, "template is null");
        requireNonNull(run, "run is null");
        if (!(run.entrypoint() instanceof Entrypoint.PythonFile)) {
            return Optional.of("the run's entrypoint is a jar (a warm driver runs Python files)");
        }
        if (!run.jars().isEmpty()) {
            return Optional.of("the run adds jars");
        }
        if (!run.archives().isEmpty()) {
            return Optional.of("the run adds archives");
        }
        EngineResources want = run.resources();
        EngineResources have = template.resources();
        if (want.driverCores() != have.driverCores() || want.driverMemoryMib() != have.driverMemoryMib()) {
            return Optional.of("the run's driver (" + want.driverCores() + " cores, " + want.driverMemoryMib() + " MiB) is not the pool's ("
                    + have.driverCores() + " cores, " + have.driverMemoryMib() + " MiB)");
        }
        if (want.executorCores() != have.executorCores() || want.executorMemoryMib() != have.executorMemoryMib()) {
            return Optional.of("the run's executors (" + want.executorCores() + " cores, " + want.executorMemoryMib()
                    + " MiB) are not the pool's (" + have.executorCores() + " cores, " + have.executorMemoryMib() + " MiB)");
        }
        if (!run.storageConf().equals(template.storageConf())) {
            return Optional.of("the run reaches object storage with other settings than the pool");
        }
        TreeSet<String> fixed = new TreeSet<>();
        TreeSet<String> keys = new TreeSet<>(run.sparkConf().keySet());
        keys.addAll(template.sparkConf().keySet());
        for (String key : keys) {
            String wanted = run.sparkConf().get(key);
            if (wanted != null && wanted.equals(template.sparkConf().get(key))) {
                continue;
            }
            if (wanted == null || !settableAtRunTime(key)) {
                fixed.add(key);
            }
        }
        if (!fixed.isEmpty()) {
            return Optional.of("the run's Spark conf differs from the pool's where a running driver cannot change it: " + String.join(", ", fixed));
        }
        return Optional.empty();
    }

    /** The run's settings that the warm driver sets on its session before the run's code starts (those that differ from the template's). */
    public static Map<String, String> runtimeConf(LaunchSpec template, LaunchSpec run) {
        Map<String, String> conf = new TreeMap<>();
        run.sparkConf().forEach((key, value) -> {
            if (!value.equals(template.sparkConf().get(key))) {
                conf.put(key, value);
            }
        });
        return conf;
    }

    /** A SQL setting a session changes with {@code spark.conf.set}. */
    static boolean settableAtRunTime(String key) {
        return key.startsWith("spark.sql.") && STATIC_SQL_PREFIXES.stream().noneMatch(key::startsWith);
    }
}
