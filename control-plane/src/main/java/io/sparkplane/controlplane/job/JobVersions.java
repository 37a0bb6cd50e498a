package io.sparkplane.controlplane.job;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sparkplane.controlplane.run.NativeValues;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The versions of jobs, each the job as its client sent it (without its workspace), in the caller's transaction. */
@ApplicationScoped
public class JobVersions {

    /** Absent fields stay absent, so a version reads back as it was sent. */
    static final ObjectMapper JSON = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** One version: its number, the job as sent, when and by whom. */
    public record Stored(int version, JsonNode definition, Instant createdAt, String createdBy) {

        public JobSpec spec() {
            try {
                return JSON.treeToValue(definition, JobSpec.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("job version " + version + " cannot be read", e);
            }
        }
    }

    private final EntityManager entityManager;

    JobVersions(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    public void add(UUID job, int version, JobSpec spec, Instant at, String by) {
        entityManager.createNativeQuery("insert into job_version (job_id, version, definition, created_at, created_by)"
                        + " values (:job, :version, cast(:definition as jsonb), :at, :by)")
                .setParameter("job", job)
                .setParameter("version", version)
                .setParameter("definition", write(spec.withoutWorkspace()))
                .setParameter("at", at)
                .setParameter("by", by)
                .executeUpdate();
    }

    public Optional<Stored> find(UUID job, int version) {
        List<Stored> found = select("where job_id = :job and version = :version", job, version);
        return found.stream().findFirst();
    }

    /** Newest first. */
    public List<Stored> all(UUID job) {
        return select("where job_id = :job", job, null);
    }

    /**
     * Whether two sends of a job say the same: a PUT that changes nothing makes no version. A default
     * written out ({@code "maxConcurrentRuns": 1}, {@code "args": []}) says the same as one left out.
     */
    static boolean same(JobSpec a, JobSpec b) {
        return meaning(a).equals(meaning(b));
    }

    private static JsonNode meaning(JobSpec spec) {
        JobSpec filled = new JobSpec(null, spec.name(), spec.description(), spec.template(), spec.parameters(),
                spec.maxConcurrentRuns() == null ? JobDefinition.DEFAULT_MAX_CONCURRENT_RUNS : spec.maxConcurrentRuns(),
                spec.concurrencyPolicy() == null ? ConcurrencyPolicy.QUEUE.name() : spec.concurrencyPolicy(), spec.labels());
        return withoutEmpties(JSON.valueToTree(filled));
    }

    /** The tree without empty arrays and objects, at any depth: an empty list or map says what an absent one does. */
    private static JsonNode withoutEmpties(JsonNode node) {
        if (node.isObject()) {
            com.fasterxml.jackson.databind.node.ObjectNode copy = JSON.createObjectNode();
            node.fields().forEachRemaining(field -> {
                JsonNode value = withoutEmpties(field.getValue());
                if (!(value.isContainerNode() && value.isEmpty())) {
                    copy.set(field.getKey(), value);
                }
            });
            return copy;
        }
        if (node.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode copy = JSON.createArrayNode();
            node.forEach(element -> copy.add(withoutEmpties(element)));
            return copy;
        }
        return node;
    }

    private List<Stored> select(String where, UUID job, Integer version) {
        var query = entityManager.createNativeQuery("select version, cast(definition as text), created_at, created_by from job_version "
                + where + " order by version desc").setParameter("job", job);
        if (version != null) {
            query.setParameter("version", version);
        }
        List<Stored> stored = new ArrayList<>();
        for (Object row : query.getResultList()) {
            Object[] columns = (Object[]) row;
            stored.add(new Stored(((Number) columns[0]).intValue(), read((String) columns[1]), NativeValues.instant(columns[2]), (String) columns[3]));
        }
        return stored;
    }

    private static String write(JobSpec spec) {
        try {
            return JSON.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a job cannot be written as JSON", e);
        }
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored job version is not JSON", e);
        }
    }
}
