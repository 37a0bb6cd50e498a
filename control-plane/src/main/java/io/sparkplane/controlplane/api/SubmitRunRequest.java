package io.sparkplane.controlplane.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/runs}. Also the normalized run definition that is stored and
 * echoed in a run, once {@link RunRequestValidator} has filled every default.
 *
 * @param workspace the workspace the run belongs to; absent: {@code default}
 */
public record SubmitRunRequest(
        String name,
        Entrypoint entrypoint,
        List<String> args,
        List<String> pyFiles,
        List<String> jars,
        List<String> files,
        List<String> archives,
        Map<String, String> sparkConf,
        Resources resources,
        Autoscaling autoscaling,
        String backend,
        Integer timeoutSeconds,
        Integer maxRetries,
        Map<String, String> labels,
        @JsonInclude(JsonInclude.Include.NON_NULL) String workspace) {

    /** The same request in no workspace: how it is stored and fingerprinted (a run's workspace is its own column). */
    public SubmitRunRequest withoutWorkspace() {
        return new SubmitRunRequest(name, entrypoint, args, pyFiles, jars, files, archives, sparkConf, resources, autoscaling, backend,
                timeoutSeconds, maxRetries, labels, null);
    }

    /** Exactly one of {@code pythonFile} or {@code jar} (with {@code mainClass}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entrypoint(String pythonFile, String jar, String mainClass) {}

    public record Resources(Shape driver, Shape executor) {}

    /**
     * How the cluster's executors (one per worker) follow the job.
     *
     * @param policy {@code backlog} (Sparkplane's), {@code dynamic-allocation} (Spark's rules) or
     *     {@code static} (always {@code maxExecutors})
     */
    public record Autoscaling(String policy, Integer minExecutors, Integer maxExecutors) {}

    /** @param memory Spark style: {@code 512m}, {@code 2g} */
    public record Shape(Integer cores, String memory) {}
}
