package io.sparkplane.controlplane.dispatch;

import io.sparkplane.controlplane.run.RunDefinition;
import io.sparkplane.spi.engine.EngineResources;
import io.sparkplane.spi.engine.LaunchSpec;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** Turns a run's definition into what a backend and its launcher need. Pure. */
public final class LaunchSpecs {

    private LaunchSpecs() {}

    public static EngineResources resources(RunDefinition definition) {
        RunDefinition.Resources resources = definition.resources();
        return new EngineResources(
                resources.driver().cores(),
                resources.driver().memoryMib(),
                resources.executor().cores(),
                resources.executor().memoryMib(),
                definition.autoscaling().minExecutors(),
                definition.autoscaling().maxExecutors());
    }

    /**
     * @param profileSparkConf what the run's engine profile sets for every run (a run cannot set it)
     * @param storageConf how the job reaches object storage itself ({@code spark.hadoop.fs.s3a.*}), secrets included
     */
    public static LaunchSpec launchSpec(UUID runId, int attempt, RunDefinition definition, String controlPlaneUrl, String token,
            Map<String, String> profileSparkConf, Map<String, String> storageConf) {
        return new LaunchSpec(runId.toString(), attempt, definition.name(), controlPlaneUrl, token, definition.entrypoint(),
                definition.args(), definition.pyFiles(), definition.jars(), definition.files(), definition.archives(),
                sparkConf(definition.sparkConf(), profileSparkConf), storageConf, resources(definition));
    }

    /**
     * The run's Spark conf and its profile's, with event logging on unless the run configures event
     * logs itself: the launcher has Spark write it in the engine and copies it to the attempt's
     * staging prefix ({@code eventlog/}) after the job.
     */
    static Map<String, String> sparkConf(Map<String, String> given, Map<String, String> profileSparkConf) {
        Map<String, String> conf = new TreeMap<>(given);
        conf.putAll(profileSparkConf);
        if (conf.keySet().stream().noneMatch(key -> key.startsWith("spark.eventLog."))) {
            conf.put("spark.eventLog.enabled", "true");
        }
        return conf;
    }
}
