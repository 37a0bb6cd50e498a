package io.sparkplane.controlplane.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sparkplane.controlplane.api.RunSpec;
import java.util.List;
import java.util.Map;

/**
 * A job as the REST API spells it: the body of {@code POST /api/v1/jobs} and {@code PUT /api/v1/jobs/{id}}
 * (absent fields are null). A version stores it as given, without its workspace, so a client reads back
 * what it sent.
 *
 * @param template the run each start makes, as {@code POST /api/v1/runs} takes it (without a workspace),
 *     with {@code {{parameter}}} placeholders in its name, args, sparkConf values and labels values
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobSpec(
        String workspace,
        String name,
        String description,
        RunSpec template,
        List<JobParameter> parameters,
        Integer maxConcurrentRuns,
        String concurrencyPolicy,
        Map<String, String> labels) {

    /** The same job outside any workspace: what a version stores. */
    public JobSpec withoutWorkspace() {
        return new JobSpec(null, name, description, template, parameters, maxConcurrentRuns, concurrencyPolicy, labels);
    }
}
