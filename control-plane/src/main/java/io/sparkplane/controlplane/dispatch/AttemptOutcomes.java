package io.sparkplane.controlplane.dispatch;

import io.sparkplane.controlplane.run.AttemptState;
import io.sparkplane.controlplane.run.RunAttemptEntity;
import io.sparkplane.controlplane.run.RunEntity;
import io.sparkplane.controlplane.run.RunLifecycle;
import io.sparkplane.controlplane.run.TerminationReason;
import io.sparkplane.controlplane.run.Transactions;
import io.sparkplane.spi.engine.AttemptOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Applies how an attempt ended, whether the launcher reported it or a backend recovered it from
 * the engine's leftovers after the control plane missed the report.
 */
@ApplicationScoped
public class AttemptOutcomes {

    /** What applying an outcome found. */
    public enum Applied {
        /** The attempt is now ended with this outcome. */
        APPLIED,
        /** The attempt had already ended the same way (a repeated report). */
        ALREADY_APPLIED,
        /** The attempt is no longer the run's current one, or ended differently (cancelled, timed out). */
        NOT_CURRENT,
    }

    private final RunLifecycle lifecycle;
    private final DispatchTrigger dispatch;

    AttemptOutcomes(RunLifecycle lifecycle, DispatchTrigger dispatch) {
        this.lifecycle = lifecycle;
        this.dispatch = dispatch;
    }

    public Applied apply(UUID runId, int attemptNumber, AttemptOutcome outcome) {
        Applied applied = record(runId, attemptNumber, outcome);
        if (applied == Applied.APPLIED) {
            dispatch.wake(); // a slot is free, or a retry is queued
        }
        return applied;
    }

    private Applied record(UUID runId, int attemptNumber, AttemptOutcome outcome) {
        return Transactions.inNewTransaction(() -> {
            RunEntity run = RunEntity.findById(runId);
            RunAttemptEntity attempt = RunAttemptEntity.findById(new RunAttemptEntity.Key(runId, attemptNumber));
            if (run == null || attempt == null) {
                return Applied.NOT_CURRENT;
            }
            AttemptState ended = outcome.succeeded() ? AttemptState.SUCCEEDED : AttemptState.FAILED;
            if (attempt.state.isEnded()) {
                return attempt.state == ended ? Applied.ALREADY_APPLIED : Applied.NOT_CURRENT;
            }
            if (run.attempt != attemptNumber || run.state.isTerminal()) {
                return Applied.NOT_CURRENT;
            }
            TerminationReason reason = outcome.succeeded() ? TerminationReason.SUCCESS : TerminationReason.of(outcome.failure());
            if (attempt.startedAt == null && outcome.exitCode() != null) {
                lifecycle.attemptRunning(run, attempt);
            }
            lifecycle.finishAttempt(run, attempt, ended, reason, outcome.message(), outcome.exitCode());
            return Applied.APPLIED;
        });
    }
}
