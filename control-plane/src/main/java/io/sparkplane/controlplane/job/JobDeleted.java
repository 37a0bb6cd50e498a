package io.sparkplane.controlplane.job;

import java.time.Instant;
import java.util.UUID;

/**
 * A job was deleted; fired in the transaction that deletes it, so what hangs off the job (its
 * schedules) goes with it or not at all. Observers must not start transactions of their own.
 */
public record JobDeleted(UUID job, Instant at) {}
