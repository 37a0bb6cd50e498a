package io.sparkplane.controlplane.job;

import io.sparkplane.controlplane.api.RunSpec;
import io.sparkplane.controlplane.api.RunSubmission;
import io.sparkplane.controlplane.auth.Caller;
import io.sparkplane.controlplane.problem.FieldError;
import io.sparkplane.controlplane.problem.ProblemException;
import io.sparkplane.controlplane.problem.ProblemType;
import io.sparkplane.controlplane.run.Clocks;
import io.sparkplane.controlplane.run.Transactions;
import io.sparkplane.controlplane.workspace.Workspace;
import io.sparkplane.controlplane.workspace.Workspaces;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** What the jobs API does: saved jobs, each change a new version, each operation in its own transaction. */
@ApplicationScoped
public class Jobs {

    static final String CURSOR_KIND = "j1";
    /** Runs that have not ended: a job with any cannot be deleted, and its concurrency rules count them. */
    static final List<String> NOT_ENDED = List.of("QUEUED", "PROVISIONING", "RUNNING", "CANCELLING");

    private final EntityManager entityManager;
    private final JobVersions versions;
    private final Workspaces workspaces;
    private final RunSubmission submission;
    private final Event<JobDeleted> deleted;
    private final Clocks clocks;

    Jobs(EntityManager entityManager, JobVersions versions, Workspaces workspaces, RunSubmission submission, Event<JobDeleted> deleted,
            Clocks clocks) {
        this.entityManager = entityManager;
        this.versions = versions;
        this.workspaces = workspaces;
        this.submission = submission;
        this.deleted = deleted;
        this.clocks = clocks;
    }

    public JobView create(Caller caller, JobSpec spec) {
        caller.requireEditor("creating a job");
        Workspace workspace = workspaces.named(spec.workspace(), "workspace", caller);
        caller.requireEditorIn(workspace.id(), "creating a job");
        JobDefinition definition = checked(workspace, spec);
        return Transactions.inNewTransaction(() -> {
            lockNames(workspace.id());
            requireFreeName(workspace.id(), definition.name(), null);
            Instant now = clocks.now();
            JobEntity job = new JobEntity();
            job.id = UUID.randomUUID();
            job.workspaceId = workspace.id();
            job.name = definition.name();
            job.currentVersion = 1;
            job.maxConcurrentRuns = definition.maxConcurrentRuns();
            job.concurrencyPolicy = definition.concurrencyPolicy();
            job.createdAt = now;
            job.updatedAt = now;
            job.persist();
            entityManager.flush();
            versions.add(job.id, 1, spec, now, caller.subject());
            return JobView.of(job, versions.find(job.id, 1).orElseThrow());
        });
    }

    /** A new version when the definition changed; the job as it is when it did not. */
    public JobView update(Caller caller, String jobId, JobSpec given) {
        JobEntity found = Transactions.inNewTransaction(() -> find(jobId, caller));
        // a client that read the job back sends a secret's *** again: that keeps the stored value
        JobSpec spec = Transactions.inNewTransaction(() -> versions.find(found.id, found.currentVersion).orElseThrow())
                .spec().secretsInto(given);
        caller.requireEditorIn(found.workspaceId, "changing a job");
        if (spec.workspace() != null && !spec.workspace().equals(found.workspaceId)) {
            throw ProblemException.invalid("workspace", "a job stays in its workspace ('" + found.workspaceId + "'); create a new job in '"
                    + JobRules.printable(spec.workspace()) + "' instead");
        }
        JobDefinition definition = checked(workspaces.get(found.workspaceId), spec);
        return Transactions.inNewTransaction(() -> {
            lockNames(found.workspaceId);
            JobEntity job = locked(found.id, jobId);
            JobVersions.Stored current = versions.find(job.id, job.currentVersion).orElseThrow();
            if (JobVersions.same(current.spec(), spec)) {
                return JobView.of(job, current);
            }
            requireFreeName(job.workspaceId, definition.name(), job.id);
            Instant now = clocks.now();
            job.currentVersion++;
            job.name = definition.name();
            job.maxConcurrentRuns = definition.maxConcurrentRuns();
            job.concurrencyPolicy = definition.concurrencyPolicy();
            job.updatedAt = now;
            entityManager.flush();
            versions.add(job.id, job.currentVersion, spec, now, caller.subject());
            return JobView.of(job, versions.find(job.id, job.currentVersion).orElseThrow());
        });
    }

    public JobView get(Caller caller, String jobId) {
        return Transactions.inNewTransaction(() -> {
            JobEntity job = find(jobId, caller);
            return JobView.of(job, versions.find(job.id, job.currentVersion).orElseThrow());
        });
    }

    /**
     * @param workspace only this workspace's jobs
     * @param name      only the job of this name
     */
    public JobView.Page list(Caller caller, Optional<String> workspace, Optional<String> name, int limit, Optional<String> cursor) {
        Optional<JobCursor> position = cursor.filter(value -> !value.isEmpty()).map(value -> JobCursor.decode(value, CURSOR_KIND));
        return Transactions.inNewTransaction(() -> {
            StringBuilder sql = new StringBuilder("select id from job where deleted_at is null");
            workspace.ifPresent(id -> sql.append(" and workspace_id = :workspace"));
            caller.visibleWorkspaces().ifPresent(ids -> sql.append(" and workspace_id in (:visible)"));
            name.ifPresent(value -> sql.append(" and name = :name"));
            position.ifPresent(value -> sql.append(" and (created_at, id) < (:cursorCreatedAt, :cursorId)"));
            sql.append(" order by created_at desc, id desc limit :limit");
            var query = entityManager.createNativeQuery(sql.toString(), UUID.class).setParameter("limit", limit + 1);
            workspace.ifPresent(id -> query.setParameter("workspace", id));
            caller.visibleWorkspaces().ifPresent(ids -> query.setParameter("visible", ids.isEmpty() ? List.of("") : List.copyOf(ids)));
            name.ifPresent(value -> query.setParameter("name", value));
            position.ifPresent(value -> query.setParameter("cursorCreatedAt", OffsetDateTime.ofInstant(value.createdAt(), ZoneOffset.UTC))
                    .setParameter("cursorId", value.id()));
            @SuppressWarnings("unchecked")
            List<UUID> ids = query.getResultList();
            boolean more = ids.size() > limit;
            List<JobView> items = new ArrayList<>();
            JobEntity last = null;
            for (UUID id : more ? ids.subList(0, limit) : ids) {
                last = JobEntity.findById(id);
                items.add(JobView.of(last, versions.find(last.id, last.currentVersion).orElseThrow()));
            }
            return new JobView.Page(items, more && last != null ? new JobCursor(last.createdAt, last.id).encode(CURSOR_KIND) : null);
        });
    }

    /** Refused while the job has runs that have not ended; its schedules go with it, its runs stay. */
    public void delete(Caller caller, String jobId) {
        JobEntity found = Transactions.inNewTransaction(() -> find(jobId, caller));
        caller.requireEditorIn(found.workspaceId, "deleting a job");
        Transactions.inNewTransaction(() -> {
            JobEntity job = locked(found.id, jobId);
            long live = ((Number) entityManager.createNativeQuery("select count(*) from run where job_id = :job and state in (:states)")
                    .setParameter("job", job.id).setParameter("states", NOT_ENDED).getSingleResult()).longValue();
            if (live > 0) {
                throw new ProblemException(ProblemType.CONFLICT, "job '" + job.name + "' has " + live + " run(s) that have not ended;"
                        + " cancel them (or wait for them) before deleting it: GET /api/v1/jobs/" + job.id + "/runs?state=RUNNING");
            }
            Instant now = clocks.now();
            job.deletedAt = now;
            job.updatedAt = now;
            deleted.fire(new JobDeleted(job.id, now));
        });
    }

    public JobView.Version.Page versions(Caller caller, String jobId) {
        return Transactions.inNewTransaction(() -> {
            JobEntity job = find(jobId, caller);
            return new JobView.Version.Page(versions.all(job.id).stream().map(JobView::version).toList());
        });
    }

    public JobView.Version version(Caller caller, String jobId, String version) {
        return Transactions.inNewTransaction(() -> {
            JobEntity job = find(jobId, caller);
            int number;
            try {
                number = Integer.parseInt(version);
            } catch (NumberFormatException e) {
                throw new ProblemException(ProblemType.NOT_FOUND, "job '" + job.name + "' has no version '" + JobRules.printable(version) + "'");
            }
            return versions.find(job.id, number).map(JobView::version).orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND,
                    "job '" + job.name + "' has no version " + number + "; its versions are 1 to " + job.currentVersion));
        });
    }

    /**
     * A job the caller sees, by its id as a URL gives it; anything else is a 404, the same for a job in
     * another workspace as for one that does not exist (or was deleted). In the caller's transaction.
     */
    public JobEntity find(String jobId, Caller caller) {
        JobEntity job = byId(jobId).orElse(null);
        if (job == null || job.deletedAt != null || !caller.sees(job.workspaceId)) {
            throw new ProblemException(ProblemType.NOT_FOUND, "no job with id '" + JobRules.printable(jobId) + "'");
        }
        return job;
    }

    /** The job, row-locked until the transaction ends: its changes, deletion and starts take turns. */
    JobEntity locked(UUID id, String asGiven) {
        List<?> rows = entityManager.createNativeQuery("select id from job where id = :id and deleted_at is null for update")
                .setParameter("id", id).getResultList();
        if (rows.isEmpty()) {
            throw new ProblemException(ProblemType.NOT_FOUND, "no job with id '" + JobRules.printable(asGiven) + "'");
        }
        JobEntity job = JobEntity.findById(id);
        entityManager.refresh(job);
        return job;
    }

    static Optional<JobEntity> byId(String jobId) {
        try {
            return Optional.ofNullable(JobEntity.findById(UUID.fromString(jobId)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The job's definition when the job and its run template are valid in the workspace (each default a parameter's value). */
    private JobDefinition checked(Workspace workspace, JobSpec spec) {
        JobRules.Result result = JobRules.check(spec);
        if (!result.valid()) {
            throw ProblemException.invalid(result.errors());
        }
        JobDefinition definition = result.definition();
        Map<String, String> sample = new HashMap<>();
        // a parameter with no default is given at each start; a plain word stands for it here
        definition.parameters().forEach(parameter -> sample.put(parameter.name(),
                parameter.defaultValue() == null ? "value" : parameter.defaultValue()));
        JobTemplates.Values values = JobTemplates.values(definition.parameters(), sample, clocks.now(), ZoneOffset.UTC);
        RunSpec run = JobTemplates.instantiate(definition.template(), values.values(), definition.name());
        submission.definition(workspace, run, "template.");
        return definition;
    }

    /** Names are checked and taken by one writer of a workspace at a time, on every replica. */
    private void lockNames(String workspace) {
        entityManager.createNativeQuery("select pg_advisory_xact_lock(hashtext(:key))")
                .setParameter("key", "sparkplane.job-names." + workspace).getSingleResult();
    }

    private void requireFreeName(String workspace, String name, UUID except) {
        List<?> taken = entityManager.createNativeQuery("select id from job where workspace_id = :workspace and name = :name and deleted_at is null")
                .setParameter("workspace", workspace).setParameter("name", name).getResultList();
        if (!taken.isEmpty() && !taken.get(0).equals(except)) {
            throw new ProblemException(ProblemType.CONFLICT, "workspace '" + workspace + "' has a job named '" + name + "' already (" + taken.get(0)
                    + "); job names are unique in a workspace", List.of(new FieldError("name", "taken by job " + taken.get(0))));
        }
    }
}
