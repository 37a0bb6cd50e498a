package io.sparkplane.controlplane.run;

import io.sparkplane.spi.engine.AttemptFailure;

/** Why a run (or an attempt) ended, for machines; the run's message says it for humans. */
public enum TerminationReason {
    SUCCESS,
    /** The job's own code failed. */
    USER_CODE_ERROR,
    /** The job's files could not be found or fetched. */
    STAGING_FAILED,
    /** spark-submit could not be started. */
    LAUNCH_FAILED,
    /** The engine cluster could not be created in time. */
    PROVISIONING_FAILED,
    /** The engine disappeared or stopped reporting. */
    ENGINE_LOST,
    /** The driver was killed for using more memory than it was given. */
    DRIVER_OUT_OF_MEMORY,
    CANCELLED_BY_USER,
    /** The run's timeoutSeconds passed. */
    TIMEOUT,
    /** A fault in Sparkplane itself. */
    INTERNAL_ERROR;

    public static TerminationReason of(AttemptFailure failure) {
        return switch (failure) {
            case USER_CODE_ERROR -> USER_CODE_ERROR;
            case STAGING_FAILED -> STAGING_FAILED;
            case LAUNCH_FAILED -> LAUNCH_FAILED;
            case ENGINE_LOST -> ENGINE_LOST;
            case PROVISIONING_FAILED -> PROVISIONING_FAILED;
            case DRIVER_OUT_OF_MEMORY -> DRIVER_OUT_OF_MEMORY;
        };
    }
}
