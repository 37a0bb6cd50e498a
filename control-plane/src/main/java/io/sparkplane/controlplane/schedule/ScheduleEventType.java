package io.sparkplane.controlplane.schedule;

/** What happened to a schedule. The first four each hold one fire time, and a fire time is held by one of them only. */
public enum ScheduleEventType {
    /** A run was started for the fire time. */
    FIRED,
    /** The job's concurrency policy SKIP started nothing for the fire time. */
    SKIPPED,
    /** The run could not be started (its template is no valid run now, the workspace's queue is full, ...). */
    FAILED,
    /** Fire times that passed without a run, by the catch-up policy (the first of them holds the row). */
    MISSED,
    CREATED,
    UPDATED,
    PAUSED,
    RESUMED,
    DELETED
}
