package io.sparkplane.controlplane.dispatch;

import io.sparkplane.controlplane.api.RunRequestValidator;
import io.sparkplane.controlplane.api.SubmitRunRequest;
import io.sparkplane.spi.engine.EngineResources;
import io.sparkplane.spi.engine.Entrypoint;
import io.sparkplane.spi.engine.LaunchSpec;
import io.sparkplane.spi.storage.Location;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** Turns a stored run definition into what a backend and its launcher need. Pure. */
public final class LaunchSpecs {

    private LaunchSpecs() {}

    public static EngineResources resources(SubmitRunRequest.Resources resources, SubmitRunRequest.Autoscaling autoscaling) {
        return new EngineResources(
                resources.driver().cores(),
                RunRequestValidator.memoryMib(resources.driver().memory()),
                resources.executor().cores(),
                RunRequestValidator.memoryMib(resources.executor().memory()),
                autoscaling.minExecutors(),
                autoscaling.maxExecutors());
    }

    /** @param storageConf how the job reaches object storage itself ({@code spark.hadoop.fs.s3a.*}), secrets included */
    public static LaunchSpec launchSpec(UUID runId, int attempt, SubmitRunRequest spec, String controlPlaneUrl, String token,
            Map<String, String> storageConf) {
        SubmitRunRequest.Entrypoint given = spec.entrypoint();
        Entrypoint entrypoint = given.pythonFile() != null
                ? new Entrypoint.PythonFile(given.pythonFile())
                : new Entrypoint.Jar(given.jar(), given.mainClass());
        return new LaunchSpec(runId.toString(), attempt, spec.name(), controlPlaneUrl, token, entrypoint, spec.args(),
                spec.pyFiles(), spec.jars(), spec.files(), spec.archives(), sparkConf(spec.sparkConf()), storageConf,
                resources(spec.resources(), spec.autoscaling()));
    }

    /**
     * The run's Spark conf with event logging on, unless the run configures event logs itself: the
     * launcher has Spark write it in the engine and copies it to the attempt's staging prefix
     * ({@code eventlog/}) after the job.
     */
    static Map<String, String> sparkConf(Map<String, String> given) {
        if (given.keySet().stream().anyMatch(key -> key.startsWith("spark.eventLog."))) {
            return given;
        }
        Map<String, String> conf = new TreeMap<>(given);
        conf.put("spark.eventLog.enabled", "true");
        return conf;
    }
}
