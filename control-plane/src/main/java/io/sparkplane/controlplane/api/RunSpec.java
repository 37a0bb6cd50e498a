package io.sparkplane.controlplane.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * A run as the REST API spells it: the body of {@code POST /api/v1/runs} (any field may be absent),
 * and, every default filled in, the definition part of each run the API shows ({@link RunView}).
 * {@link RunSpecMapper} maps it to and from the domain's {@code RunDefinition}.
 *
 * @param workspace the workspace the run belongs to; absent: {@code default}. A shown run carries
 *     it beside its definition, not in it
 */
public record RunSpec(
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
