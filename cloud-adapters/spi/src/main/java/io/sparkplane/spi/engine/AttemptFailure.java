package io.sparkplane.spi.engine;

/** Why an attempt failed, as far as the engine side can tell. */
public enum AttemptFailure {
    /** The job ran and its code failed (non-zero exit, an exception). */
    USER_CODE_ERROR,
    /** The job's files could not be found or fetched before spark-submit. */
    STAGING_FAILED,
    /** spark-submit could not be started at all. */
    LAUNCH_FAILED,
    /** The engine itself was lost under the job (the driver or the cluster killed, not by Sparkplane). */
    ENGINE_LOST,
    /** The engine cluster could not be started (an image that cannot be pulled, pods that cannot be scheduled). */
    PROVISIONING_FAILED,
    /** The driver ran out of the memory it was given and was killed for it. */
    DRIVER_OUT_OF_MEMORY,
}
