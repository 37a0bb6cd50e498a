package io.sparkplane.controlplane.api;

import io.sparkplane.controlplane.auth.Caller;
import io.sparkplane.controlplane.problem.ProblemException;
import io.sparkplane.controlplane.problem.ProblemType;
import io.sparkplane.controlplane.run.Clocks;
import io.sparkplane.controlplane.run.JobOrigin;
import io.sparkplane.controlplane.run.RunAttemptEntity;
import io.sparkplane.controlplane.run.RunDefinition;
import io.sparkplane.controlplane.run.RunDefinitionJson;
import io.sparkplane.controlplane.run.RunEntity;
import io.sparkplane.controlplane.run.RunEventEntity;
import io.sparkplane.controlplane.run.RunEventType;
import io.sparkplane.controlplane.run.RunLifecycle;
import io.sparkplane.controlplane.run.RunState;
import io.sparkplane.controlplane.run.Transactions;
import io.sparkplane.controlplane.tracing.RunTraces;
import io.sparkplane.controlplane.workspace.Workspace;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** What the public runs API does, each operation in its own transaction. */
@ApplicationScoped
public class RunService {

    private final EntityManager entityManager;
    private final RunLifecycle lifecycle;
    private final Clocks clocks;
    private final HistoryLinks historyLinks;
    private final RunTraces traces;

    RunService(EntityManager entityManager, RunLifecycle lifecycle, Clocks clocks, HistoryLinks historyLinks, RunTraces traces) {
        this.entityManager = entityManager;
        this.lifecycle = lifecycle;
        this.clocks = clocks;
        this.historyLinks = historyLinks;
        this.traces = traces;
    }

    /** The submitted run and whether this call created it (false: an idempotent repeat). */
    public record Submitted(RunView run, boolean created) {}

    /**
     * @param origin   the saved job (and schedule) the run is started from
     * @param admitted what must hold for the run to be stored, checked in the transaction that stores it
     *     once the workspace admitted it (a job's concurrency policy); it throws to store nothing. A
     *     repeat of an idempotent submit answers with the earlier run without it.
     */
    public Submitted submit(String workspace, RunDefinition definition, Optional<String> idempotencyKey, Optional<JobOrigin> origin,
            Runnable admitted) {
        String spec = RunDefinitionJson.write(definition);
        String fingerprint = RunDefinitionJson.fingerprintOf(spec);
        if (idempotencyKey.isPresent()) {
            Optional<Submitted> earlier = Transactions.inNewTransaction(() -> findIdempotent(workspace, idempotencyKey.get(), fingerprint));
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        try {
            return Transactions.inNewTransaction(() -> create(workspace, lockWorkspace(workspace), definition, spec, idempotencyKey.orElse(null),
                    fingerprint, origin, admitted));
        } catch (PersistenceException e) {
            // Two submits with one key raced; the unique constraint let one win. Answer with its run.
            if (idempotencyKey.isPresent()) {
                Optional<Submitted> winner = Transactions.inNewTransaction(() -> findIdempotent(workspace, idempotencyKey.get(), fingerprint));
                if (winner.isPresent()) {
                    return winner.get();
                }
            }
            throw e;
        }
    }

    /**
     * A submit in the caller's transaction, which found the workspace with
     * {@link io.sparkplane.controlplane.workspace.Workspaces#lockedForSubmit} (so this reads it no
     * second time): the earlier run of an idempotent repeat, or a new run.
     *
     * @throws PersistenceException when a submit with the same idempotency key stored its run first:
     *     the transaction is lost; the same submit in a new one answers with that run
     */
    public Submitted submitInTransaction(Workspace workspace, RunDefinition definition, Optional<String> idempotencyKey) {
        String spec = RunDefinitionJson.write(definition);
        String fingerprint = RunDefinitionJson.fingerprintOf(spec);
        if (idempotencyKey.isPresent()) {
            Optional<Submitted> earlier = findIdempotent(workspace.id(), idempotencyKey.get(), fingerprint);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        return create(workspace.id(), workspace.quotas().maxQueuedRuns(), definition, spec, idempotencyKey.orElse(null), fingerprint,
                Optional.empty(), () -> {});
    }

    private Optional<Submitted> findIdempotent(String workspace, String key, String fingerprint) {
        List<RunEntity> found = RunEntity.list("workspaceId = ?1 and idempotencyKey = ?2", workspace, key);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        RunEntity run = found.get(0);
        // a run stored before the definition's format changed has another hash for the same definition
        if (!run.requestHash.equals(fingerprint) && !RunDefinitionJson.fingerprint(RunDefinitionJson.read(run.spec)).equals(fingerprint)) {
            throw new ProblemException(ProblemType.IDEMPOTENCY_KEY_REUSED,
                    "Idempotency-Key '" + key + "' was used for run " + run.id + " with a different request body");
        }
        return Optional.of(new Submitted(view(run), false));
    }

    /**
     * Stores a run in the caller's transaction, with no idempotency key: for work that must commit the
     * run with its own records or not at all (a schedule's fire record).
     */
    public Submitted submitInTransaction(String workspace, RunDefinition definition, JobOrigin origin, Runnable admitted) {
        String spec = RunDefinitionJson.write(definition);
        return create(workspace, lockWorkspace(workspace), definition, spec, null, RunDefinitionJson.fingerprintOf(spec), Optional.of(origin),
                admitted);
    }

    /** @param maxQueued the workspace's queue quota, read in this transaction with its row locked */
    private Submitted create(String workspace, Optional<Integer> maxQueued, RunDefinition definition, String spec, String idempotencyKey,
            String fingerprint, Optional<JobOrigin> origin, Runnable admitted) {
        if (maxQueued.isPresent()) {
            admitToQueue(workspace, maxQueued.get());
        }
        admitted.run();
        Instant now = clocks.now();
        RunEntity run = new RunEntity();
        run.id = UUID.randomUUID();
        run.workspaceId = workspace;
        run.name = definition.name();
        run.backend = definition.backend();
        run.state = RunState.QUEUED;
        run.attempt = 1;
        run.maxRetries = definition.maxRetries();
        run.timeoutSeconds = definition.timeout().map(timeout -> (int) timeout.toSeconds()).orElse(null);
        run.spec = spec;
        run.labels = definition.labels();
        run.idempotencyKey = idempotencyKey;
        run.requestHash = fingerprint;
        run.createdAt = now;
        run.queuedAt = now;
        run.traceParent = traces.current().orElse(null);
        origin.ifPresent(job -> {
            run.jobId = job.jobId();
            run.jobVersion = job.jobVersion();
            run.scheduleId = job.scheduleId().orElse(null);
            run.fireTime = job.fireTime().orElse(null);
        });
        lifecycle.submitted(run);
        entityManager.flush();
        // a new run has no attempt yet, and its definition is the one just stored: nothing to read back
        return new Submitted(view(run, definition, List.of()), true);
    }

    /** How long a caller refused for a full queue is asked to wait: about what a short run takes to leave it. */
    static final long QUEUE_FULL_RETRY_SECONDS = 10;

    /**
     * Finds the workspace a run is stored in, in the transaction that stores it, and locks its row
     * {@code for key share} (as Workspaces.lockedForSubmit does) so a delete cannot pass between the
     * check and the insert.
     *
     * @return its queue quota, if it has one
     */
    private Optional<Integer> lockWorkspace(String workspace) {
        List<?> rows = entityManager.createNativeQuery("select deleted_at, max_queued_runs from workspace where id = :workspace for key share")
                .setParameter("workspace", workspace).getResultList();
        if (rows.isEmpty() || ((Object[]) rows.get(0))[0] != null) {
            throw ProblemException.invalid("workspace", "no workspace '" + workspace + "'");
        }
        return Optional.ofNullable((Number) ((Object[]) rows.get(0))[1]).map(Number::intValue);
    }

    /**
     * Lets a run into a workspace with a queue quota, in the transaction that stores it: the
     * workspace's submits take turns (an advisory lock), so the quota holds across replicas.
     */
    private void admitToQueue(String workspace, int limit) {
        entityManager.createNativeQuery("select pg_advisory_xact_lock(hashtext(:key))")
                .setParameter("key", "sparkplane.queue." + workspace).getSingleResult();
        long queued = ((Number) entityManager.createNativeQuery("select count(*) from run where workspace_id = :workspace and state = 'QUEUED'")
                .setParameter("workspace", workspace).getSingleResult()).longValue();
        if (queued >= limit) {
            throw ProblemException.tooMany("workspace '" + workspace + "' has " + queued + " queued run(s), its quota (maxQueuedRuns " + limit
                    + "); nothing was stored: try again once some have started", QUEUE_FULL_RETRY_SECONDS);
        }
    }

    public RunView get(String runId, Caller caller) {
        return Transactions.inNewTransaction(() -> view(find(runId, caller)));
    }

    public RunView cancel(String runId, Caller caller) {
        return Transactions.inNewTransaction(() -> {
            RunEntity run = find(runId, caller);
            caller.requireEditorIn(run.workspaceId, "cancelling a run");
            if (run.state.isTerminal()) {
                throw new ProblemException(ProblemType.CONFLICT, "run " + run.id + " already ended " + run.state + "; there is nothing to cancel");
            }
            requestCancel(run, "cancel requested");
            return view(run);
        });
    }

    /** Asks a run that has not ended to stop, in the caller's transaction; a run cancelling already is left as it is. */
    public void requestCancel(RunEntity run, String message) {
        if (run.state.isTerminal() || run.state == RunState.CANCELLING) {
            return;
        }
        run.cancelRequestedAt = clocks.now();
        lifecycle.event(run, RunEventType.CANCEL_REQUESTED, null, null, null, message);
        lifecycle.transition(run, RunState.CANCELLING, null, null);
        entityManager.flush();
    }

    /**
     * @param workspace only this workspace's runs; empty: every workspace's
     * @param visible   the workspaces the caller sees; empty: all
     */
    public RunPage list(Optional<String> workspace, Optional<java.util.Set<String>> visible, List<RunState> states, Map<String, String> labels, int limit, Optional<RunCursor> cursor) {
        return list(workspace, Optional.empty(), visible, states, labels, limit, cursor);
    }

    /** @param job only the runs started from this saved job */
    public RunPage list(Optional<String> workspace, Optional<UUID> job, Optional<java.util.Set<String>> visible, List<RunState> states,
            Map<String, String> labels, int limit, Optional<RunCursor> cursor) {
        return Transactions.inNewTransaction(() -> {
            StringBuilder sql = new StringBuilder("select id from run where true");
            if (job.isPresent()) {
                sql.append(" and job_id = :job");
            }
            if (workspace.isPresent()) {
                sql.append(" and workspace_id = :workspace");
            }
            if (visible.isPresent()) {
                sql.append(" and workspace_id in (:visible)");
            }
            if (!states.isEmpty()) {
                sql.append(" and state in (:states)");
            }
            if (!labels.isEmpty()) {
                sql.append(" and labels @> cast(:labels as jsonb)");
            }
            if (cursor.isPresent()) {
                sql.append(" and (created_at, id) < (:cursorCreatedAt, :cursorId)");
            }
            sql.append(" order by created_at desc, id desc limit :limit");
            var query = entityManager.createNativeQuery(sql.toString(), UUID.class)
                    .setParameter("limit", limit + 1);
            workspace.ifPresent(id -> query.setParameter("workspace", id));
            job.ifPresent(id -> query.setParameter("job", id));
            // an empty list is no valid SQL 'in ()': a caller of no workspace matches no id
            visible.ifPresent(ids -> query.setParameter("visible", ids.isEmpty() ? List.of("") : List.copyOf(ids)));
            if (!states.isEmpty()) {
                query.setParameter("states", states.stream().map(Enum::name).toList());
            }
            if (!labels.isEmpty()) {
                query.setParameter("labels", RunDefinitionJson.labelsJson(labels));
            }
            cursor.ifPresent(position -> query
                    .setParameter("cursorCreatedAt", OffsetDateTime.ofInstant(position.createdAt(), ZoneOffset.UTC))
                    .setParameter("cursorId", position.id()));
            @SuppressWarnings("unchecked")
            List<UUID> ids = query.getResultList();
            boolean more = ids.size() > limit;
            List<UUID> page = more ? ids.subList(0, limit) : ids;
            List<RunView> items = new ArrayList<>();
            RunEntity last = null;
            for (UUID id : page) {
                last = RunEntity.findById(id);
                items.add(view(last));
            }
            String next = more && last != null ? new RunCursor(last.createdAt, last.id).encode() : null;
            return new RunPage(items, next);
        });
    }

    public RunEventView.Page events(String runId, Caller caller, long after, int limit) {
        return Transactions.inNewTransaction(() -> {
            RunEntity run = find(runId, caller);
            List<RunEventEntity> events = RunEventEntity.find("runId = ?1 and id > ?2 order by id", run.id, after).page(0, limit).list();
            return new RunEventView.Page(events.stream().map(RunService::eventView).toList());
        });
    }

    /**
     * Finds a run by its id as given in a URL, if the caller sees its workspace; anything else is a
     * 404, the same for a run that exists in another workspace as for one that does not.
     */
    public RunEntity find(String runId, Caller caller) {
        UUID id;
        try {
            id = UUID.fromString(runId);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.NOT_FOUND, "no run with id '" + runId + "'");
        }
        RunEntity run = RunEntity.findById(id);
        if (run == null || !caller.sees(run.workspaceId)) {
            throw new ProblemException(ProblemType.NOT_FOUND, "no run with id '" + runId + "'");
        }
        return run;
    }

    public RunView view(RunEntity run) {
        List<RunAttemptEntity> attempts = RunAttemptEntity.list("key.runId", run.id);
        return view(run, RunDefinitionJson.read(run.spec), attempts);
    }

    private RunView view(RunEntity run, RunDefinition definition, List<RunAttemptEntity> attempts) {
        attempts = new ArrayList<>(attempts);
        attempts.sort(Comparator.comparingInt(RunAttemptEntity::attempt));
        RunAttemptEntity current = attempts.stream().filter(attempt -> attempt.attempt() == run.attempt).findFirst().orElse(null);
        List<RunView.AttemptView> attemptViews = attempts.stream().map(this::attemptView).toList();
        // the latest attempt whose application is on the History Server
        String historyUrl = attemptViews.stream().map(RunView.AttemptView::historyUrl).filter(java.util.Objects::nonNull)
                .reduce((earlier, later) -> later).orElse(null);
        return new RunView(
                run.id,
                run.workspaceId,
                RunSpecMapper.toSpec(definition),
                run.state,
                run.reason,
                run.message,
                run.attempt,
                attemptViews,
                run.createdAt,
                run.queuedAt,
                current == null ? null : current.provisioningAt,
                current == null ? null : current.startedAt,
                run.endedAt,
                run.cancelRequestedAt,
                run.jobId == null ? null : new RunView.JobRef(run.jobId, run.jobVersion, run.scheduleId, run.fireTime),
                historyUrl);
    }

    private RunView.AttemptView attemptView(RunAttemptEntity attempt) {
        return new RunView.AttemptView(attempt.attempt(), attempt.state, attempt.reason, attempt.message, attempt.exitCode,
                attempt.provisioningAt, attempt.startedAt, attempt.endedAt, attempt.sparkAppId,
                historyLinks.link(attempt.sparkApplication()).orElse(null));
    }

    private static RunEventView eventView(RunEventEntity event) {
        return new RunEventView(event.id, event.runId, event.attempt, event.at, event.type, event.fromState, event.toState,
                event.reason, event.message);
    }
}
