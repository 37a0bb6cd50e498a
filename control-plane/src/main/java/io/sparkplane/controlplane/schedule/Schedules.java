package io.sparkplane.controlplane.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sparkplane.controlplane.auth.Caller;
import io.sparkplane.controlplane.job.JobCursor;
import io.sparkplane.controlplane.job.JobDeleted;
import io.sparkplane.controlplane.job.JobEntity;
import io.sparkplane.controlplane.job.JobParameter;
import io.sparkplane.controlplane.job.JobTemplates;
import io.sparkplane.controlplane.job.JobVersions;
import io.sparkplane.controlplane.problem.FieldError;
import io.sparkplane.controlplane.problem.ProblemException;
import io.sparkplane.controlplane.problem.ProblemType;
import io.sparkplane.controlplane.run.Clocks;
import io.sparkplane.controlplane.run.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.sparkplane.spi.engine.SecretSparkConf;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** What the schedules API does, each operation in its own transaction. The firing is {@link ScheduleFirer}'s. */
@ApplicationScoped
public class Schedules {

    static final String CURSOR_KIND = "s1";
    static final ObjectMapper JSON = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private final EntityManager entityManager;
    private final JobVersions versions;
    private final Clocks clocks;

    Schedules(EntityManager entityManager, JobVersions versions, Clocks clocks) {
        this.entityManager = entityManager;
        this.versions = versions;
        this.clocks = clocks;
    }

    public ScheduleView create(Caller caller, ScheduleSpec spec) {
        caller.requireEditor("creating a schedule");
        Instant now = clocks.now();
        ScheduleDefinition definition = checked(spec, now);
        return Transactions.inNewTransaction(() -> {
            JobEntity job = job(definition.job(), caller);
            caller.requireEditorIn(job.workspaceId, "creating a schedule");
            checkParameters(job, definition);
            ScheduleEntity schedule = new ScheduleEntity();
            schedule.id = UUID.randomUUID();
            schedule.workspaceId = job.workspaceId;
            schedule.jobId = job.id;
            schedule.definition = write(spec);
            schedule.paused = definition.paused();
            schedule.nextFireAt = definition.times().next(now).orElse(null);
            schedule.createdAt = now;
            schedule.updatedAt = now;
            schedule.persist();
            entityManager.flush();
            event(schedule.id, ScheduleEventType.CREATED, null, null, "created" + (schedule.paused ? ", paused" : ""), now);
            return view(schedule, now);
        });
    }

    /** Fire times from now on follow the new definition; those before it are not made up. */
    public ScheduleView update(Caller caller, String scheduleId, ScheduleSpec spec) {
        return Transactions.inNewTransaction(() -> {
            ScheduleEntity schedule = locked(scheduleId, caller);
            caller.requireEditorIn(schedule.workspaceId, "changing a schedule");
            if (spec.job() != null && !spec.job().equals(schedule.jobId.toString())) {
                throw ProblemException.invalid("job", "a schedule stays with its job (" + schedule.jobId + "); make a new schedule for another job");
            }
            ScheduleSpec current = spec(schedule);
            ScheduleSpec given = secretsKept(withJob(spec, schedule.jobId), current, schedule.jobId);
            Instant now = clocks.now();
            ScheduleDefinition definition = checked(given, schedule.createdAt);
            checkParameters(JobEntity.findById(schedule.jobId), definition);
            // a default written out says what leaving it out says: no change, and no fire time lost to one
            if (normalized(given, schedule.createdAt).equals(normalized(current, schedule.createdAt))) {
                return view(schedule, now);
            }
            schedule.definition = write(given);
            boolean pausedBefore = schedule.paused;
            schedule.paused = definition.paused();
            if (!timing(given, schedule.createdAt).equals(timing(current, schedule.createdAt)) || pausedBefore != schedule.paused) {
                schedule.nextFireAt = definition.times().next(now).orElse(null);
            }
            schedule.updatedAt = now;
            event(schedule.id, ScheduleEventType.UPDATED, null, null, "updated" + (pausedBefore != schedule.paused
                    ? (schedule.paused ? ", paused" : ", resumed") : ""), now);
            return view(schedule, now);
        });
    }

    private static ScheduleSpec withJob(ScheduleSpec spec, UUID job) {
        return spec.job() != null ? spec : new ScheduleSpec(job.toString(), spec.cron(), spec.timeZone(), spec.interval(), spec.startAt(),
                spec.paused(), spec.catchUp(), spec.maxCatchUpRuns(), spec.parameters(), spec.description());
    }

    /** The given schedule, with each secret parameter it sends back as shown ({@code ***}) at its stored value. */
    private ScheduleSpec secretsKept(ScheduleSpec given, ScheduleSpec current, UUID job) {
        if (given.parameters() == null || current.parameters() == null || !given.parameters().containsValue(SecretSparkConf.REDACTED)) {
            return given;
        }
        Set<String> secret = secretParameters(job);
        Map<String, String> parameters = new LinkedHashMap<>(given.parameters());
        parameters.replaceAll((name, value) -> SecretSparkConf.REDACTED.equals(value) && secret.contains(name) && current.parameters().containsKey(name)
                ? current.parameters().get(name) : value);
        return new ScheduleSpec(given.job(), given.cron(), given.timeZone(), given.interval(), given.startAt(), given.paused(), given.catchUp(),
                given.maxCatchUpRuns(), parameters, given.description());
    }

    /** The schedule as it means it: every default filled in, empty maps as absent ones. */
    static JsonNode normalized(ScheduleSpec spec, Instant createdAt) {
        ObjectNode node = (ObjectNode) timing(spec, createdAt);
        node.put("job", spec.job());
        node.put("paused", Boolean.TRUE.equals(spec.paused()));
        CatchUpPolicy catchUp = spec.catchUp() == null ? CatchUpPolicy.LAST : CatchUpPolicy.valueOf(spec.catchUp());
        node.put("catchUp", catchUp.name());
        if (catchUp == CatchUpPolicy.ALL) {
            node.put("maxCatchUpRuns", spec.maxCatchUpRuns() == null ? ScheduleDefinition.DEFAULT_MAX_CATCH_UP_RUNS : spec.maxCatchUpRuns());
        }
        if (spec.parameters() != null && !spec.parameters().isEmpty()) {
            node.set("parameters", JSON.valueToTree(spec.parameters()));
        }
        if (spec.description() != null) {
            node.put("description", spec.description());
        }
        return node;
    }

    /** When the schedule fires, as it means it: a changed one goes on from now, an unchanged one keeps its next fire time. */
    static JsonNode timing(ScheduleSpec spec, Instant createdAt) {
        ObjectNode node = JSON.createObjectNode();
        if (spec.cron() != null) {
            node.put("cron", spec.cron().trim());
            node.put("timeZone", java.time.ZoneId.of(spec.timeZone() == null ? "UTC" : spec.timeZone()).getId());
        } else if (spec.interval() != null) {
            node.put("interval", java.time.Duration.parse(spec.interval()).toString());
            node.put("startAt", (spec.startAt() == null ? createdAt : Instant.parse(spec.startAt())).toString());
        }
        return node;
    }

    public ScheduleView pause(Caller caller, String scheduleId, boolean pause) {
        return Transactions.inNewTransaction(() -> {
            ScheduleEntity schedule = locked(scheduleId, caller);
            caller.requireEditorIn(schedule.workspaceId, pause ? "pausing a schedule" : "resuming a schedule");
            Instant now = clocks.now();
            if (schedule.paused == pause) {
                return view(schedule, now);
            }
            ScheduleSpec spec = spec(schedule);
            ScheduleSpec changed = new ScheduleSpec(spec.job(), spec.cron(), spec.timeZone(), spec.interval(), spec.startAt(), pause, spec.catchUp(),
                    spec.maxCatchUpRuns(), spec.parameters(), spec.description());
            schedule.definition = write(changed);
            schedule.paused = pause;
            // fire times while it was paused are not made up: it goes on from now
            schedule.nextFireAt = times(schedule).next(now).orElse(null);
            schedule.updatedAt = now;
            event(schedule.id, pause ? ScheduleEventType.PAUSED : ScheduleEventType.RESUMED, null, null, pause ? "paused" : "resumed", now);
            return view(schedule, now);
        });
    }

    public ScheduleView get(Caller caller, String scheduleId) {
        return Transactions.inNewTransaction(() -> view(find(scheduleId, caller), clocks.now()));
    }

    public ScheduleView.Page list(Caller caller, Optional<String> workspace, Optional<UUID> job, int limit, Optional<String> cursor) {
        Optional<JobCursor> position = cursor.filter(value -> !value.isEmpty()).map(value -> JobCursor.decode(value, CURSOR_KIND));
        return Transactions.inNewTransaction(() -> {
            StringBuilder sql = new StringBuilder("select id from schedule where deleted_at is null");
            workspace.ifPresent(id -> sql.append(" and workspace_id = :workspace"));
            job.ifPresent(id -> sql.append(" and job_id = :job"));
            caller.visibleWorkspaces().ifPresent(ids -> sql.append(" and workspace_id in (:visible)"));
            position.ifPresent(value -> sql.append(" and (created_at, id) < (:cursorCreatedAt, :cursorId)"));
            sql.append(" order by created_at desc, id desc limit :limit");
            var query = entityManager.createNativeQuery(sql.toString(), UUID.class).setParameter("limit", limit + 1);
            workspace.ifPresent(id -> query.setParameter("workspace", id));
            job.ifPresent(id -> query.setParameter("job", id));
            caller.visibleWorkspaces().ifPresent(ids -> query.setParameter("visible", ids.isEmpty() ? List.of("") : List.copyOf(ids)));
            position.ifPresent(value -> query.setParameter("cursorCreatedAt", OffsetDateTime.ofInstant(value.createdAt(), ZoneOffset.UTC))
                    .setParameter("cursorId", value.id()));
            @SuppressWarnings("unchecked")
            List<UUID> ids = query.getResultList();
            boolean more = ids.size() > limit;
            Instant now = clocks.now();
            List<ScheduleView> items = new ArrayList<>();
            ScheduleEntity last = null;
            for (UUID id : more ? ids.subList(0, limit) : ids) {
                last = ScheduleEntity.findById(id);
                items.add(view(last, now));
            }
            return new ScheduleView.Page(items, more && last != null ? new JobCursor(last.createdAt, last.id).encode(CURSOR_KIND) : null);
        });
    }

    public void delete(Caller caller, String scheduleId) {
        Transactions.inNewTransaction(() -> {
            ScheduleEntity schedule = locked(scheduleId, caller);
            caller.requireEditorIn(schedule.workspaceId, "deleting a schedule");
            Instant now = clocks.now();
            schedule.deletedAt = now;
            schedule.updatedAt = now;
            event(schedule.id, ScheduleEventType.DELETED, null, null, "deleted", now);
        });
    }

    /** A deleted job's schedules go with it, in the transaction that deletes it. */
    void deleteOfJob(@Observes JobDeleted deleted) {
        List<ScheduleEntity> schedules = ScheduleEntity.list("jobId = ?1 and deletedAt is null", deleted.job());
        for (ScheduleEntity schedule : schedules) {
            schedule.deletedAt = deleted.at();
            schedule.updatedAt = deleted.at();
            event(schedule.id, ScheduleEventType.DELETED, null, null, "deleted with its job", deleted.at());
        }
    }

    public ScheduleView.Event.Page events(Caller caller, String scheduleId, long after, int limit) {
        return Transactions.inNewTransaction(() -> {
            ScheduleEntity schedule = find(scheduleId, caller);
            List<ScheduleEventEntity> events = ScheduleEventEntity.find("scheduleId = ?1 and id > ?2 order by id", schedule.id, after)
                    .page(0, limit).list();
            return new ScheduleView.Event.Page(events.stream()
                    .map(event -> new ScheduleView.Event(event.id, event.type, event.fireTime, event.runId, event.message, event.at)).toList());
        });
    }

    /** A schedule the caller sees; anything else is a 404. In the caller's transaction. */
    ScheduleEntity find(String scheduleId, Caller caller) {
        ScheduleEntity schedule;
        try {
            schedule = ScheduleEntity.findById(UUID.fromString(scheduleId));
        } catch (IllegalArgumentException e) {
            schedule = null;
        }
        if (schedule == null || schedule.deletedAt != null || !caller.sees(schedule.workspaceId)) {
            throw new ProblemException(ProblemType.NOT_FOUND, "no schedule with id '" + printable(scheduleId) + "'");
        }
        return schedule;
    }

    private ScheduleEntity locked(String scheduleId, Caller caller) {
        ScheduleEntity schedule = find(scheduleId, caller);
        entityManager.createNativeQuery("select id from schedule where id = :id for update").setParameter("id", schedule.id).getResultList();
        entityManager.refresh(schedule);
        if (schedule.deletedAt != null) {
            throw new ProblemException(ProblemType.NOT_FOUND, "no schedule with id '" + printable(scheduleId) + "'");
        }
        return schedule;
    }

    private static JobEntity job(UUID id, Caller caller) {
        JobEntity job = JobEntity.findById(id);
        if (job == null || job.deletedAt != null || !caller.sees(job.workspaceId)) {
            throw ProblemException.invalid("job", "no job with id '" + id + "'");
        }
        return job;
    }

    /** The schedule's parameters must be the job's, as the job is now; a job changed later is judged at each fire time. */
    private void checkParameters(JobEntity job, ScheduleDefinition definition) {
        List<JobParameter> parameters = versions.find(job.id, job.currentVersion).orElseThrow().spec().parameters();
        Set<String> declared = parameters == null ? Set.of()
                : parameters.stream().map(JobParameter::name).collect(Collectors.toCollection(java.util.LinkedHashSet::new));
        List<FieldError> errors = new ArrayList<>();
        definition.parameters().keySet().stream().filter(name -> !declared.contains(name)).forEach(name -> errors.add(new FieldError(
                "parameters." + name, "job '" + job.name + "' has no parameter '" + name + "'"
                        + (declared.isEmpty() ? " (it has none)" : "; its parameters: " + String.join(", ", declared)))));
        if (parameters != null) {
            parameters.stream().filter(parameter -> parameter.defaultValue() == null && !definition.parameters().containsKey(parameter.name()))
                    .forEach(parameter -> errors.add(new FieldError("parameters." + parameter.name(),
                            "required: job '" + job.name + "' has no default for it, so each run the schedule starts needs its value")));
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
    }

    static ScheduleDefinition checked(ScheduleSpec spec, Instant createdAt) {
        ScheduleRules.Result result = ScheduleRules.check(spec, createdAt);
        if (!result.valid()) {
            throw ProblemException.invalid(result.errors());
        }
        return result.definition();
    }

    void event(UUID schedule, ScheduleEventType type, Instant fireTime, UUID run, String message, Instant at) {
        ScheduleEventEntity event = new ScheduleEventEntity();
        event.scheduleId = schedule;
        event.type = type;
        event.fireTime = fireTime;
        event.runId = run;
        event.message = message;
        event.at = at;
        event.persist();
    }

    static ScheduleSpec spec(ScheduleEntity schedule) {
        try {
            return JSON.readValue(schedule.definition, ScheduleSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("schedule " + schedule.id + " cannot be read", e);
        }
    }

    static FireTimes times(ScheduleEntity schedule) {
        return checked(spec(schedule), schedule.createdAt).times();
    }

    /** The parameters of the job whose values reach a secret-looking sparkConf value of its current version. */
    private Set<String> secretParameters(UUID job) {
        JobEntity entity = JobEntity.findById(job);
        return versions.find(entity.id, entity.currentVersion).map(stored -> JobTemplates.secretParameters(stored.spec().template()))
                .orElse(Set.of());
    }

    ScheduleView view(ScheduleEntity schedule, Instant now) {
        ScheduleSpec spec = spec(schedule);
        Set<String> secret = secretParameters(schedule.jobId);
        ScheduleDefinition definition = checked(spec, schedule.createdAt);
        List<Instant> next = schedule.paused || schedule.nextFireAt == null ? List.of()
                : definition.times().upcoming(schedule.nextFireAt, ScheduleView.SHOWN_FIRE_TIMES);
        String startAt = spec.startAt() != null || spec.interval() == null ? spec.startAt()
                : ((FireTimes.IntervalTimes) definition.times()).start().toString();
        return new ScheduleView(schedule.id, schedule.workspaceId, schedule.jobId.toString(), spec.cron(),
                spec.cron() == null ? null : definition.times().zone().getId(), spec.interval(), startAt, schedule.paused, definition.catchUp(),
                definition.catchUp() == CatchUpPolicy.ALL ? definition.maxCatchUpRuns() : null, shown(definition.parameters(), secret),
                spec.description(), next,
                schedule.lastFireTime, schedule.lastRunId, schedule.createdAt, schedule.updatedAt);
    }

    private static Map<String, String> shown(Map<String, String> parameters, Set<String> secret) {
        Map<String, String> shown = new LinkedHashMap<>(parameters);
        shown.replaceAll((name, value) -> secret.contains(name) ? SecretSparkConf.REDACTED : value);
        return shown;
    }

    private static String write(ScheduleSpec spec) {
        try {
            return JSON.writeValueAsString(spec);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a schedule cannot be written as JSON", e);
        }
    }

    private static String printable(String value) {
        String shown = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        return shown.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
