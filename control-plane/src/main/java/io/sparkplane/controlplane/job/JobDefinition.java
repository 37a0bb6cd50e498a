package io.sparkplane.controlplane.job;

import io.sparkplane.controlplane.api.RunSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A checked job, every default filled in: what the control plane acts on. */
public record JobDefinition(
        String name,
        Optional<String> description,
        RunSpec template,
        List<JobParameter> parameters,
        int maxConcurrentRuns,
        ConcurrencyPolicy concurrencyPolicy,
        Map<String, String> labels) {

    public static final int DEFAULT_MAX_CONCURRENT_RUNS = 1;
}
