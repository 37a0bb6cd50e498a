package io.sparkplane.controlplane.job;

import io.sparkplane.controlplane.api.RunService;
import io.sparkplane.controlplane.api.RunSpec;
import io.sparkplane.controlplane.api.RunSubmission;
import io.sparkplane.controlplane.auth.Caller;
import io.sparkplane.controlplane.auth.SubmissionRateLimit;
import io.sparkplane.controlplane.problem.ProblemException;
import io.sparkplane.controlplane.problem.ProblemType;
import io.sparkplane.controlplane.run.Clocks;
import io.sparkplane.controlplane.run.JobOrigin;
import io.sparkplane.controlplane.run.RunDefinition;
import io.sparkplane.controlplane.run.RunEntity;
import io.sparkplane.controlplane.run.RunState;
import io.sparkplane.controlplane.run.Transactions;
import io.sparkplane.controlplane.workspace.Workspace;
import io.sparkplane.controlplane.workspace.Workspaces;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Starts runs of saved jobs, through the API or a schedule: the version's template with the start's
 * parameters becomes a run spec, checked as every submitted run is, and the job's concurrency policy
 * is applied in the transaction that stores the run, with the job's row locked so that two starts
 * (on any replicas) take turns.
 */
@ApplicationScoped
public class JobRuns {

    private static final Logger LOG = Logger.getLogger(JobRuns.class);

    private final Jobs jobs;
    private final JobVersions versions;
    private final RunService runs;
    private final RunSubmission submission;
    private final Workspaces workspaces;
    private final SubmissionRateLimit rateLimit;
    private final EntityManager entityManager;
    private final Clocks clocks;

    JobRuns(Jobs jobs, JobVersions versions, RunService runs, RunSubmission submission, Workspaces workspaces, SubmissionRateLimit rateLimit,
            EntityManager entityManager, Clocks clocks) {
        this.jobs = jobs;
        this.versions = versions;
        this.runs = runs;
        this.submission = submission;
        this.workspaces = workspaces;
        this.rateLimit = rateLimit;
        this.entityManager = entityManager;
        this.clocks = clocks;
    }

    /** A start through the API. */
    public RunService.Submitted start(Caller caller, String jobId, JobRunRequest request, Optional<String> idempotencyKey) {
        caller.requireEditor("starting a job's run");
        rateLimit.admit(caller);
        JobEntity job = Transactions.inNewTransaction(() -> jobs.find(jobId, caller));
        caller.requireEditorIn(job.workspaceId, "starting a job's run");
        int version = request.version() == null ? job.currentVersion : request.version();
        JobVersions.Stored stored = Transactions.inNewTransaction(() -> versions.find(job.id, version)).orElseThrow(() ->
                ProblemException.invalid("version", "job '" + job.name + "' has no version " + version + "; its versions are 1 to " + job.currentVersion));
        Map<String, String> given = request.parameters() == null ? Map.of() : request.parameters();
        RunDefinition definition = definition(job, stored, given, clocks.now(), ZoneOffset.UTC);
        JobOrigin origin = new JobOrigin(job.id, version, Optional.empty(), Optional.empty());
        RunService.Submitted submitted = runs.submit(job.workspaceId, definition, idempotencyKey, Optional.of(origin), () -> admit(job.id));
        if (submitted.created()) {
            submission.queued();
        }
        return submitted;
    }

    /**
     * A schedule's start of the job's current version for one fire time, in the caller's transaction
     * (which records the fire time with the run, or neither).
     *
     * @throws JobAtMaxConcurrencyException when the job's SKIP policy starts nothing
     * @throws ProblemException when the run cannot be started (its template is no valid run now, the queue is full)
     */
    public RunEntity startScheduled(UUID jobId, UUID scheduleId, Instant fireTime, ZoneId zone, Map<String, String> parameters) {
        JobEntity job = JobEntity.findById(jobId);
        JobVersions.Stored stored = versions.find(job.id, job.currentVersion).orElseThrow();
        RunDefinition definition = definition(job, stored, parameters, fireTime, zone);
        JobOrigin origin = new JobOrigin(job.id, job.currentVersion, Optional.of(scheduleId), Optional.of(fireTime));
        RunService.Submitted submitted = runs.submitInTransaction(job.workspaceId, definition, origin, () -> admit(job.id));
        return RunEntity.findById(submitted.run().id());
    }

    /** Wakes the dispatcher once a schedule's runs are stored. */
    public void queued() {
        submission.queued();
    }

    private RunDefinition definition(JobEntity job, JobVersions.Stored stored, Map<String, String> given, Instant fireTime, ZoneId zone) {
        JobDefinition definition = JobView.definition(stored);
        JobTemplates.Values values = JobTemplates.values(definition.parameters(), given, fireTime, zone);
        if (!values.valid()) {
            throw ProblemException.invalid(values.errors());
        }
        RunSpec spec = JobTemplates.instantiate(definition.template(), values.values(), definition.name());
        Workspace workspace = workspaces.get(job.workspaceId);
        return submission.definition(workspace, spec, "template.");
    }

    /** The job's concurrency policy, with its row locked, in the transaction that stores the new run. */
    private void admit(UUID jobId) {
        JobEntity job = jobs.locked(jobId, jobId.toString());
        @SuppressWarnings("unchecked")
        List<RunEntity> live = RunEntity.list("jobId = ?1 and state in ?2 order by createdAt, id", job.id,
                List.of(RunState.QUEUED, RunState.PROVISIONING, RunState.RUNNING, RunState.CANCELLING));
        if (live.size() < job.maxConcurrentRuns) {
            return;
        }
        switch (job.concurrencyPolicy) {
            case QUEUE -> {
                // the dispatcher starts it once fewer than maxConcurrentRuns of the job hold a cluster
            }
            case SKIP -> throw new JobAtMaxConcurrencyException("job '" + job.name + "' has " + live.size() + " run(s) that have not ended, its"
                    + " maxConcurrentRuns (" + job.maxConcurrentRuns + "), and its concurrencyPolicy SKIP starts no more; nothing was started");
            case CANCEL_OLDEST -> {
                List<RunEntity> cancellable = live.stream().filter(run -> run.state != RunState.CANCELLING).toList();
                int excess = cancellable.size() - job.maxConcurrentRuns + 1;
                for (RunEntity run : cancellable.subList(0, Math.max(0, Math.min(excess, cancellable.size())))) {
                    LOG.infof("cancelling run %s of job %s for its concurrency policy CANCEL_OLDEST", run.id, job.id);
                    runs.requestCancel(run, "cancelled by the concurrencyPolicy CANCEL_OLDEST of job '" + job.name + "' to make room for a newer run"
                            + " (maxConcurrentRuns " + job.maxConcurrentRuns + ")");
                }
            }
            default -> throw new ProblemException(ProblemType.INTERNAL_ERROR, "unknown concurrency policy " + job.concurrencyPolicy);
        }
        entityManager.flush();
    }
}
