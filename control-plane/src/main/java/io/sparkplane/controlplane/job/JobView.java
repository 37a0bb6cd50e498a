package io.sparkplane.controlplane.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.spi.engine.SecretSparkConf;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A job as the API shows it: its current version's definition, the run template and parameters as
 * they were sent, and the job-level settings with their defaults filled in.
 */
public record JobView(
        UUID id,
        String workspace,
        String name,
        @JsonInclude(JsonInclude.Include.NON_NULL) String description,
        JsonNode template,
        List<JobParameter> parameters,
        int maxConcurrentRuns,
        ConcurrencyPolicy concurrencyPolicy,
        Map<String, String> labels,
        int version,
        Instant createdAt,
        Instant updatedAt) {

    /** One page of jobs, newest first; {@code nextCursor} is null on the last page. */
    public record Page(List<JobView> items, String nextCursor) {}

    /** One version of a job, as it was sent. */
    public record Version(
            int version,
            String name,
            @JsonInclude(JsonInclude.Include.NON_NULL) String description,
            JsonNode template,
            List<JobParameter> parameters,
            int maxConcurrentRuns,
            ConcurrencyPolicy concurrencyPolicy,
            Map<String, String> labels,
            Instant createdAt,
            String createdBy) {

        public record Page(List<Version> items) {}
    }

    static JobView of(JobEntity job, JobVersions.Stored current) {
        JobDefinition definition = definition(current);
        return new JobView(job.id, job.workspaceId, definition.name(), definition.description().orElse(null), redacted(current.definition().get("template")),
                redacted(definition), definition.maxConcurrentRuns(), definition.concurrencyPolicy(), definition.labels(), current.version(),
                job.createdAt, job.updatedAt);
    }

    /** The parameters, a default that reaches a secret-looking sparkConf value as {@code ***}. */
    static List<JobParameter> redacted(JobDefinition definition) {
        java.util.Set<String> secret = JobTemplates.secretParameters(definition.template());
        return definition.parameters().stream().map(parameter -> secret.contains(parameter.name()) && parameter.defaultValue() != null
                ? new JobParameter(parameter.name(), SecretSparkConf.REDACTED, parameter.description()) : parameter).toList();
    }

    static Version version(JobVersions.Stored stored) {
        JobDefinition definition = definition(stored);
        return new Version(stored.version(), definition.name(), definition.description().orElse(null), redacted(stored.definition().get("template")),
                redacted(definition), definition.maxConcurrentRuns(), definition.concurrencyPolicy(), definition.labels(), stored.createdAt(),
                stored.createdBy());
    }

    /** The template as sent, but a sparkConf value whose name looks like a secret's is {@code ***}, as in a run's answer. */
    static JsonNode redacted(JsonNode template) {
        JsonNode conf = template.get("sparkConf");
        if (conf == null || !conf.isObject()) {
            return template;
        }
        ObjectNode copy = template.deepCopy();
        ObjectNode shown = (ObjectNode) copy.get("sparkConf");
        conf.fieldNames().forEachRemaining(key -> {
            if (SecretSparkConf.isSecret(key)) {
                shown.put(key, SecretSparkConf.REDACTED);
            }
        });
        return copy;
    }

    static JobDefinition definition(JobVersions.Stored stored) {
        JobRules.Result checked = JobRules.check(stored.spec());
        if (!checked.valid()) {
            // every version passed these rules when it was saved; a rule made stricter since must not hide it
            JobSpec spec = stored.spec();
            return new JobDefinition(spec.name(), java.util.Optional.ofNullable(spec.description()), spec.template(),
                    spec.parameters() == null ? List.of() : spec.parameters(),
                    spec.maxConcurrentRuns() == null ? JobDefinition.DEFAULT_MAX_CONCURRENT_RUNS : spec.maxConcurrentRuns(),
                    spec.concurrencyPolicy() == null ? ConcurrencyPolicy.QUEUE : ConcurrencyPolicy.valueOf(spec.concurrencyPolicy()),
                    spec.labels() == null ? Map.of() : spec.labels());
        }
        return checked.definition();
    }
}
