package io.sparkplane.controlplane.run;

import static java.util.Objects.requireNonNull;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The only writer of run and attempt states. Every transition writes its event row in the same
 * transaction (callers hold one); {@code @Version} on the run turns a concurrent writer into an
 * optimistic-lock failure instead of a lost update.
 */
@ApplicationScoped
public class RunLifecycle {

    private static final Logger LOG = Logger.getLogger(RunLifecycle.class);

    /**
     * A run's state changed (or, {@code from} null, a run was submitted), fired in the transaction
     * that wrote it: observe it {@code during = TransactionPhase.AFTER_SUCCESS} to see only what
     * was committed (the metrics package counts and times runs from it). Carries names and
     * instants only, nothing of the run's request.
     *
     * @param since when the run entered {@code from}, where this class knows it: the queued time
     *     before a claim (QUEUED → PROVISIONING), the attempt's start before the engine's RUNNING
     *     (PROVISIONING → RUNNING); null otherwise
     */
    public record Transitioned(UUID runId, String workspace, String backend, int attempt, RunState from, RunState to,
            TerminationReason reason, Instant at, Instant since) {

        /** How long the run was in {@code from}, when known; never negative (replicas' clocks differ a little). */
        public Optional<Duration> timeInFrom() {
            return since == null ? Optional.empty() : Optional.of(Duration.between(since, at)).map(d -> d.isNegative() ? Duration.ZERO : d);
        }
    }

    private final Clocks clocks;
    private final EntityManager entityManager;
    private final Event<Transitioned> transitions;

    RunLifecycle(Clocks clocks, EntityManager entityManager, Event<Transitioned> transitions) {
        this.clocks = clocks;
        this.entityManager = entityManager;
        this.transitions = transitions;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void transition(RunEntity run, RunState to, TerminationReason reason, String message) {
        transition(run, to, reason, message, null);
    }

    private void transition(RunEntity run, RunState to, TerminationReason reason, String message, Instant since) {
        RunState from = run.state;
        if (!from.canTransitionTo(to)) {
            throw new IllegalTransitionException(run.id, from, to);
        }
        run.state = to;
        if (to.isTerminal()) {
            run.reason = requireNonNull(reason, "a terminal state needs a reason");
            run.message = message;
            run.endedAt = clocks.now();
        }
        RunEventEntity event = event(run, RunEventType.STATE_CHANGED, from, to, to.isTerminal() ? reason : null, message);
        LOG.infof("state %s -> %s%s", from, to, message == null ? "" : " (" + message + ")");
        announce(run, from, to, to.isTerminal() ? reason : null, event.at, since);
    }

    /** Tells the observers of {@link Transitioned}; a failing observer (a meter) never fails the transition. */
    private void announce(RunEntity run, RunState from, RunState to, TerminationReason reason, Instant at, Instant since) {
        try {
            transitions.fire(new Transitioned(run.id, run.workspaceId, run.backend, run.attempt, from, to, reason, at, since));
        } catch (RuntimeException e) {
            LOG.warnf(e, "announcing the transition %s -> %s failed; the transition stands", from, to);
        }
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public RunEventEntity event(RunEntity run, RunEventType type, RunState from, RunState to, TerminationReason reason, String message) {
        // Event ids come from a sequence at insert but become visible at commit; holding the run's
        // row lock makes one run's events commit in id order, so a reader polling with ?after=
        // never skips one.
        entityManager.createNativeQuery("select 1 from run where id = :id for update").setParameter("id", run.id).getResultList();
        return append(run, type, from, to, reason, message);
    }

    /**
     * Stores a new run, QUEUED, with its first event. No other transaction can see the run before
     * this one commits, so its first event needs no lock.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void submitted(RunEntity run) {
        if (run.state != RunState.QUEUED) {
            throw new IllegalArgumentException("a run starts QUEUED, not " + run.state);
        }
        run.persist();
        RunEventEntity event = append(run, RunEventType.STATE_CHANGED, null, RunState.QUEUED, null, "submitted");
        announce(run, null, RunState.QUEUED, null, event.at, null);
    }

    private RunEventEntity append(RunEntity run, RunEventType type, RunState from, RunState to, TerminationReason reason, String message) {
        RunEventEntity event = new RunEventEntity();
        event.runId = run.id;
        event.workspaceId = run.workspaceId;
        event.attempt = run.attempt;
        event.at = clocks.now();
        event.type = type;
        event.fromState = from;
        event.toState = to;
        event.reason = reason;
        event.message = message;
        event.persist();
        return event;
    }

    /** Starts the run's current attempt: QUEUED → PROVISIONING with a new attempt row. */
    @Transactional(Transactional.TxType.MANDATORY)
    public RunAttemptEntity startAttempt(RunEntity run) {
        Instant queuedSince = queuedSince(run);
        RunAttemptEntity attempt = new RunAttemptEntity();
        attempt.key = new RunAttemptEntity.Key(run.id, run.attempt);
        attempt.workspaceId = run.workspaceId;
        attempt.state = AttemptState.PROVISIONING;
        attempt.provisioningAt = clocks.now();
        attempt.persist();
        transition(run, RunState.PROVISIONING, null, "attempt " + run.attempt + " of " + (run.maxRetries + 1), queuedSince);
        return attempt;
    }

    /** When the run last entered the queue: submitted, or its previous attempt's end for a retry. */
    private Instant queuedSince(RunEntity run) {
        if (run.attempt <= 1) {
            return run.queuedAt;
        }
        RunAttemptEntity previous = entityManager.find(RunAttemptEntity.class, new RunAttemptEntity.Key(run.id, run.attempt - 1));
        return previous == null ? null : previous.endedAt;
    }

    /** The launcher reported that spark-submit is running. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void attemptRunning(RunEntity run, RunAttemptEntity attempt) {
        if (attempt.state == AttemptState.PROVISIONING) {
            attempt.state = AttemptState.RUNNING;
            attempt.startedAt = clocks.now();
            attempt.heartbeatAt = attempt.startedAt;
        }
        if (run.state == RunState.PROVISIONING) {
            transition(run, RunState.RUNNING, null, null, attempt.provisioningAt);
        }
    }

    /**
     * Closes the run's current attempt and moves the run on: to its end, or back to QUEUED as the
     * next attempt when it failed and retries are left. A run being cancelled ends CANCELLED unless
     * the job had already succeeded.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void finishAttempt(RunEntity run, RunAttemptEntity attempt, AttemptState ended, TerminationReason reason, String message, Integer exitCode) {
        if (!ended.isEnded()) {
            throw new IllegalArgumentException(ended + " does not end an attempt");
        }
        if (attempt.state.isEnded()) {
            throw new IllegalStateException("attempt " + attempt.attempt() + " of run " + run.id + " already ended " + attempt.state);
        }
        Instant now = clocks.now();
        attempt.state = ended;
        attempt.reason = reason;
        attempt.message = message;
        attempt.exitCode = exitCode;
        attempt.endedAt = now;

        if (run.state == RunState.CANCELLING) {
            if (ended == AttemptState.SUCCEEDED) {
                transition(run, RunState.SUCCEEDED, TerminationReason.SUCCESS, "finished before the cancel took effect");
            } else {
                attempt.state = AttemptState.CANCELLED;
                attempt.reason = TerminationReason.CANCELLED_BY_USER;
                transition(run, RunState.CANCELLED, TerminationReason.CANCELLED_BY_USER, "cancelled by user");
            }
            return;
        }
        switch (ended) {
            case SUCCEEDED -> transition(run, RunState.SUCCEEDED, TerminationReason.SUCCESS, message);
            case CANCELLED -> throw new IllegalArgumentException("an attempt is cancelled only through CANCELLING");
            case TIMED_OUT -> transition(run, RunState.TIMED_OUT, reason, message);
            case FAILED -> failOrRetry(run, reason, message);
            case PROVISIONING, RUNNING -> throw new IllegalArgumentException(ended + " does not end an attempt");
        }
    }

    private void failOrRetry(RunEntity run, TerminationReason reason, String message) {
        event(run, RunEventType.ATTEMPT_FAILED, null, null, reason, message);
        if (run.attempt <= run.maxRetries) {
            int failed = run.attempt;
            run.attempt = failed + 1;
            transition(run, RunState.QUEUED, null, "attempt " + failed + " failed (" + reason + "); retrying as attempt " + run.attempt);
            event(run, RunEventType.RETRY_SCHEDULED, null, null, reason,
                    "attempt " + run.attempt + " of " + (run.maxRetries + 1) + " queued");
        } else {
            transition(run, RunState.FAILED, reason, message);
        }
    }
}
