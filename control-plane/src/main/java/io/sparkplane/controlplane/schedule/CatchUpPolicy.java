package io.sparkplane.controlplane.schedule;

/** What a schedule does with the fire times it missed (the control plane was down, or the schedule's job could not be started in time). */
public enum CatchUpPolicy {
    /** None is started; they are recorded as missed. */
    NONE,
    /** The latest missed one is started, unless a fire time is due now; the others are recorded as missed. */
    LAST,
    /** The latest {@code maxCatchUpRuns} missed ones are started, oldest first; older ones are recorded as missed. */
    ALL
}
