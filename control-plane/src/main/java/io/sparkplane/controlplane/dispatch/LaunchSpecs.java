package io.sparkplane.controlplane.dispatch;

import io.sparkplane.controlplane.api.RunRequestValidator;
import io.sparkplane.controlplane.api.SubmitRunRequest;
import io.sparkplane.spi.engine.EngineResources;
import io.sparkplane.spi.engine.Entrypoint;
import io.sparkplane.spi.engine.LaunchSpec;
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

    public static LaunchSpec launchSpec(UUID runId, int attempt, SubmitRunRequest spec, String controlPlaneUrl, String token) {
        SubmitRunRequest.Entrypoint given = spec.entrypoint();
        Entrypoint entrypoint = given.pythonFile() != null
                ? new Entrypoint.PythonFile(given.pythonFile())
                : new Entrypoint.Jar(given.jar(), given.mainClass());
        return new LaunchSpec(runId.toString(), attempt, spec.name(), controlPlaneUrl, token, entrypoint, spec.args(),
                spec.pyFiles(), spec.jars(), spec.files(), spec.sparkConf(), resources(spec.resources(), spec.autoscaling()));
    }
}
