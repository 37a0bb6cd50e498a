package io.sparkplane.backend.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * When a finished engine cluster goes. A cluster whose driver ended is kept for the TTL — its
 * driver pod (for {@code kubectl logs} and {@code describe}) and its spec config map, while its
 * workers, service and launch secret go at once — and the time it is due is written on the driver
 * pod, so any replica, or a restarted control plane, deletes it then. A cluster still running
 * when it is terminated (cancelled, timed out, lost) goes at once: a pod cannot be stopped and
 * kept. Pure.
 */
final class FinishedClusterRetention {

    /** The instant (ISO-8601) after which the cluster is deleted, on its driver pod. */
    static final String EXPIRES_AT = "sparkplane.io/expires-at";

    private FinishedClusterRetention() {}

    /** Whether terminating the cluster of this driver pod keeps it for the TTL rather than deleting it now. */
    static boolean keeps(Pod driver, Duration ttl) {
        return !ttl.isZero() && driver != null && driver.getMetadata().getDeletionTimestamp() == null && PodStatusMapping.isEnded(driver);
    }

    /** Whether the cluster of this driver pod was kept and its time is up; a mark that does not parse is up. */
    static boolean expired(Pod driver, Instant now) {
        Map<String, String> annotations = driver.getMetadata().getAnnotations();
        String expiresAt = annotations == null ? null : annotations.get(EXPIRES_AT);
        if (expiresAt == null) {
            return false;
        }
        try {
            return !now.isBefore(Instant.parse(expiresAt));
        } catch (DateTimeParseException e) {
            return true;
        }
    }

    /** How often kept clusters are looked at: a quarter of the TTL, between 1 s and 1 min. */
    static Duration sweepInterval(Duration ttl) {
        Duration quarter = ttl.dividedBy(4);
        if (quarter.compareTo(Duration.ofSeconds(1)) < 0) {
            return Duration.ofSeconds(1);
        }
        return quarter.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : quarter;
    }
}
