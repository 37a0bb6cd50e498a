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
 * @param storageConf Spark conf that lets the job reach object storage itself ({@code spark.hadoop.fs.s3a.*}):
 *     endpoints and credentials from the control plane's store settings, so it may hold secrets; kept out of
 *     the command line and logs
 * @param traceParent the W3C {@code traceparent} of the control plane's span that dispatched the attempt, which the
 *     launcher sends back with its state reports so they join the run's trace; empty when the run is not traced
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
        List<String> archives,
        Map<String, String> sparkConf,
        Map<String, String> storageConf,
        EngineResources resources,
        String traceParent) {

    /** A launch spec with no trace to join. */
    public LaunchSpec(String runId, int attempt, String runName, String controlPlaneUrl, String token, Entrypoint entrypoint,
            List<String> args, List<String> pyFiles, List<String> jars, List<String> files, List<String> archives,
            Map<String, String> sparkConf, Map<String, String> storageConf, EngineResources resources) {
        this(runId, attempt, runName, controlPlaneUrl, token, entrypoint, args, pyFiles, jars, files, archives, sparkConf, storageConf,
                resources, "");
    }

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
        archives = List.copyOf(requireNonNull(archives, "archives is null"));
        sparkConf = Map.copyOf(requireNonNull(sparkConf, "sparkConf is null"));
        storageConf = Map.copyOf(requireNonNull(storageConf, "storageConf is null"));
        requireNonNull(resources, "resources is null");
        requireNonNull(traceParent, "traceParent is null");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be at least 1");
        }
    }

    /** This spec, its state reports joining the trace of the span with this {@code traceparent} (empty: none). */
    public LaunchSpec withTraceParent(String parent) {
        return new LaunchSpec(runId, attempt, runName, controlPlaneUrl, token, entrypoint, args, pyFiles, jars, files, archives, sparkConf,
                storageConf, resources, parent);
    }

    @Override
    public String toString() {
        return "LaunchSpec[runId=" + runId + ", attempt=" + attempt + ", runName=" + runName
                + ", controlPlaneUrl=" + controlPlaneUrl + ", token=***, entrypoint=" + entrypoint
                + ", args=" + args + ", pyFiles=" + pyFiles + ", jars=" + jars + ", files=" + files + ", archives=" + archives
                + ", sparkConf=" + sparkConf + ", storageConf=" + new java.util.TreeSet<>(storageConf.keySet()) + ", resources=" + resources + ", traceParent=" + traceParent + "]";
    }
}
