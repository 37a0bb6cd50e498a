package io.sparkplane.controlplane.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sparkplane.controlplane.api.RunSpec;
import io.sparkplane.spi.engine.SecretSparkConf;
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

    /**
     * The given job, with each secret-looking sparkConf value it sends as {@code ***} (as answers show
     * it) replaced by this job's stored value of that key.
     */
    public JobSpec secretsInto(JobSpec given) {
        return parametersInto(confInto(given));
    }

    /** The given job, with each default of a secret parameter it sends as {@code ***} at this job's stored default. */
    private JobSpec parametersInto(JobSpec given) {
        if (given.parameters() == null || parameters == null || given.template() == null) {
            return given;
        }
        java.util.Set<String> secret = JobTemplates.secretParameters(given.template());
        Map<String, String> stored = new java.util.HashMap<>();
        parameters.forEach(parameter -> {
            if (parameter != null && parameter.defaultValue() != null) {
                stored.put(parameter.name(), parameter.defaultValue());
            }
        });
        List<JobParameter> kept = given.parameters().stream().map(parameter -> parameter != null && SecretSparkConf.REDACTED.equals(parameter.defaultValue())
                && secret.contains(parameter.name()) && stored.containsKey(parameter.name())
                ? new JobParameter(parameter.name(), stored.get(parameter.name()), parameter.description()) : parameter).toList();
        return new JobSpec(given.workspace(), given.name(), given.description(), given.template(), kept, given.maxConcurrentRuns(),
                given.concurrencyPolicy(), given.labels());
    }

    private JobSpec confInto(JobSpec given) {
        if (given.template() == null || given.template().sparkConf() == null || template == null || template.sparkConf() == null) {
            return given;
        }
        Map<String, String> conf = new java.util.LinkedHashMap<>(given.template().sparkConf());
        boolean kept = false;
        for (Map.Entry<String, String> entry : conf.entrySet()) {
            String stored = template.sparkConf().get(entry.getKey());
            if (SecretSparkConf.REDACTED.equals(entry.getValue()) && SecretSparkConf.isSecret(entry.getKey()) && stored != null) {
                entry.setValue(stored);
                kept = true;
            }
        }
        if (!kept) {
            return given;
        }
        RunSpec t = given.template();
        RunSpec withSecrets = new RunSpec(t.name(), t.entrypoint(), t.args(), t.pyFiles(), t.jars(), t.files(), t.archives(), conf, t.resources(),
                t.autoscaling(), t.backend(), t.timeoutSeconds(), t.maxRetries(), t.labels(), t.workspace());
        return new JobSpec(given.workspace(), given.name(), given.description(), withSecrets, given.parameters(), given.maxConcurrentRuns(),
                given.concurrencyPolicy(), given.labels());
    }

    /** The same job outside any workspace: what a version stores. */
    public JobSpec withoutWorkspace() {
        return new JobSpec(null, name, description, template, parameters, maxConcurrentRuns, concurrencyPolicy, labels);
    }
}
