package io.sparkplane.controlplane.job;

/** What starting a run of a job does when the job has {@code maxConcurrentRuns} runs that have not ended. */
public enum ConcurrencyPolicy {
    /** The run is queued and starts once one of the others has ended. */
    QUEUE,
    /** No run is started (an API call is refused; a schedule records the fire time as skipped). */
    SKIP,
    /** The oldest runs are cancelled to make room, and the new one starts once they have ended. */
    CANCEL_OLDEST
}
