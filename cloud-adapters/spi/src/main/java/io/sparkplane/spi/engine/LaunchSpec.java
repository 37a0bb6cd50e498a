package io.sparkplane.spi.engine;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * Everything the engine launcher needs to run one attempt and report on it. It holds the attempt's
 * token: backends hand it to the launcher privately (a file only its owner reads, a Kubernetes
 * Secret) and never log it; {@link #toString()} hides it.
 *
 * @param controlPlaneUrl base URL of the control plane's internal engine API
 * @param token bearer token of this attempt for the internal engine API
 */
public record LaunchSpec(
        String runId,
        int attempt,
        String runName,
        String controlPlaneUrl,
        String token,
        Entrypoint entrypoint,
        List<String> args,
        List<String> pyFiles,
        List<String> jars,
        List<String> files,
        Map<String, String> sparkConf,
        EngineResources resources) {

    public LaunchSpec {
        requireNonNull(runId, "runId is null");
        requireNonNull(runName, "runName is null");
        requireNonNull(controlPlaneUrl, "controlPlaneUrl is null");
        requireNonNull(token, "token is null");
        requireNonNull(entrypoint, "entrypoint is null");
        args = List.copyOf(requireNonNull(args, "args is null"));
        pyFiles = List.copyOf(requireNonNull(pyFiles, "pyFiles is null"));
        jars = List.copyOf(requireNonNull(jars, "jars is null"));
        files = List.copyOf(requireNonNull(files, "files is null"));
        sparkConf = Map.copyOf(requireNonNull(sparkConf, "sparkConf is null"));
        requireNonNull(resources, "resources is null");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1");
        }
    }

    @Override
    public String toString() {
        return "LaunchSpec[runId=" + runId + ", attempt=" + attempt + ", runName=" + runName
                + ", controlPlaneUrl=" + controlPlaneUrl + ", token=***, entrypoint=" + entrypoint
                + ", args=" + args + ", pyFiles=" + pyFiles + ", jars=" + jars + ", files=" + files
                + ", sparkConf=" + sparkConf + ", resources=" + resources + "]";
    }
}
