package io.sparkplane.controlplane.livy;

import io.sparkplane.controlplane.auth.Caller;
import io.sparkplane.controlplane.problem.ProblemException;
import io.sparkplane.controlplane.problem.ProblemType;
import io.sparkplane.controlplane.run.Clocks;
import io.sparkplane.controlplane.run.RunAttemptEntity;
import io.sparkplane.controlplane.run.RunEntity;
import io.sparkplane.controlplane.run.RunLogStore;
import io.sparkplane.controlplane.run.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Runs as Livy batches: each run's batch id (the {@code run.batch_id} number PostgreSQL gives every
 * run as it is stored), the batch's view, and its driver log as lines. Runs of workspaces the caller
 * does not see are not there, as the REST API answers for them.
 */
@ApplicationScoped
public class LivyBatches {

    /** The part of a log Livy's lines are made of: Livy keeps a batch's last lines too, not all of them. */
    static final int LOG_TAIL_BYTES = 4 * 1024 * 1024;
    /** What a batch's view reads for its last lines: enough for them, little to read on every poll. */
    static final int VIEW_TAIL_BYTES = 16 * 1024;
    /** Livy shows a batch's last lines in its view. */
    static final int VIEW_LOG_LINES = 10;
    /**
     * How long an ended batch stays in the list, as Livy keeps one ({@code
     * livy.server.session.state-retain.sec}, 600 s by default); by its id it is there for good.
     */
    static final Duration LISTED_AFTER_END = Duration.ofMinutes(10);

    private final EntityManager entityManager;
    private final RunLogStore logs;
    private final Clocks clocks;

    LivyBatches(EntityManager entityManager, RunLogStore logs, Clocks clocks) {
        this.entityManager = entityManager;
        this.logs = logs;
        this.clocks = clocks;
    }

    /** The run of a batch id as a URL gives it, if the caller sees it; anything else is a 404, as Livy's. */
    public RunEntity find(String batchId, Caller caller) {
        long id;
        try {
            id = Long.parseLong(batchId);
        } catch (NumberFormatException e) {
            throw notFound(batchId);
        }
        return Transactions.inNewTransaction(() -> {
            @SuppressWarnings("unchecked")
            List<UUID> ids = entityManager.createNativeQuery("select id from run where batch_id = :batch", UUID.class)
                    .setParameter("batch", id).getResultList();
            RunEntity run = ids.isEmpty() ? null : RunEntity.findById(ids.get(0));
            if (run == null || !caller.sees(run.workspaceId)) {
                throw notFound(batchId);
            }
            return run;
        });
    }

    public long batchId(UUID runId) {
        return Transactions.inNewTransaction(() -> ((Number) entityManager.createNativeQuery("select batch_id from run where id = :run")
                .setParameter("run", runId).getSingleResult()).longValue());
    }

    /** The batch of a run, with the last lines of its log. */
    public LivyBatch view(RunEntity run, long batchId) {
        List<String> lines = logLines(run, VIEW_TAIL_BYTES);
        return view(run, batchId, lines.subList(Math.max(0, lines.size() - VIEW_LOG_LINES), lines.size()));
    }

    private static LivyBatch view(RunEntity run, long batchId, List<String> log) {
        return new LivyBatch(batchId, run.name, null, null, LivyState.of(run.state), null, appInfo(run), log);
    }

    /**
     * The batches Livy would list: runs that have not ended, and those that ended in the last
     * {@link #LISTED_AFTER_END}, in batch id order, {@code from} the first to show. Without log lines:
     * a list is read in one go, {@code GET /batches/{id}} has them.
     */
    public LivyBatch.Page page(Optional<Set<String>> visible, int from, int size) {
        return Transactions.inNewTransaction(() -> {
            String where = " where (ended_at is null or ended_at > :since)" + (visible.isPresent() ? " and workspace_id in (:visible)" : "");
            var count = entityManager.createNativeQuery("select count(*) from run" + where);
            var select = entityManager.createNativeQuery("select id, batch_id from run" + where + " order by batch_id offset :from limit :size")
                    .setParameter("from", from).setParameter("size", size);
            OffsetDateTime since = OffsetDateTime.ofInstant(clocks.now().minus(LISTED_AFTER_END), ZoneOffset.UTC);
            count.setParameter("since", since);
            select.setParameter("since", since);
            // an empty list is no valid SQL 'in ()': a caller of no workspace matches no run
            visible.ifPresent(ids -> {
                List<String> names = ids.isEmpty() ? List.of("") : List.copyOf(ids);
                count.setParameter("visible", names);
                select.setParameter("visible", names);
            });
            long total = ((Number) count.getSingleResult()).longValue();
            @SuppressWarnings("unchecked")
            List<Object[]> rows = select.getResultList();
            Map<UUID, RunEntity> runs = new HashMap<>();
            if (!rows.isEmpty()) {
                RunEntity.<RunEntity>list("id in ?1", rows.stream().map(row -> (UUID) row[0]).toList()).forEach(run -> runs.put(run.id, run));
            }
            List<LivyBatch> sessions = new ArrayList<>();
            for (Object[] row : rows) {
                RunEntity run = runs.get((UUID) row[0]);
                if (run != null) {
                    sessions.add(view(run, ((Number) row[1]).longValue(), List.of()));
                }
            }
            return new LivyBatch.Page(from, total, sessions);
        });
    }

    /** The current attempt's driver log as lines, its last {@value #LOG_TAIL_BYTES} bytes at most. */
    public List<String> logLines(RunEntity run) {
        return logLines(run, LOG_TAIL_BYTES);
    }

    private List<String> logLines(RunEntity run, int tailBytes) {
        RunAttemptEntity attempt = Transactions.inNewTransaction(
                () -> RunAttemptEntity.<RunAttemptEntity>findById(new RunAttemptEntity.Key(run.id, run.attempt)));
        if (attempt == null || attempt.logBytes == 0) {
            return List.of();
        }
        long start = Math.max(0, attempt.logBytes - tailBytes);
        byte[] tail = logs.read(run.id, run.attempt, start, tailBytes);
        return LivyLogLines.lines(tail, start > 0, start);
    }

    private static Map<String, String> appInfo(RunEntity run) {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("driverLogUrl", "/api/v1/runs/" + run.id + "/logs");
        info.put("sparkUiUrl", null);
        info.put("sparkplaneRunId", run.id.toString());
        info.put("sparkplaneWorkspace", run.workspaceId);
        return info;
    }

    private static ProblemException notFound(String batchId) {
        return new ProblemException(ProblemType.NOT_FOUND, "Session '" + batchId + "' not found.");
    }
}
