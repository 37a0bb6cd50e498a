package io.sparkplane.controlplane.run;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.UUID;

/**
 * Records which Spark application an attempt ran ({@code run_attempt.spark_app_id}), when its event
 * log is copied to staging's {@code history/}: from the name of the event log, the one thing that is
 * there for every backend (the launcher's upload, or the control plane's copy of what a service wrote)
 * and exactly what a History Server on {@code history/} lists. With plain updates, like heartbeats, so
 * the attempt's version is not bumped under the loops that move it on.
 */
@ApplicationScoped
public class SparkApplications {

    private final EntityManager entityManager;

    SparkApplications(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /**
     * Records {@code application} for the attempt unless it holds a preferred one already
     * ({@link SparkApplication#preferredTo}); called for every event log file copied, so mostly a no-op.
     *
     * @return whether the attempt's application changed
     */
    public boolean record(UUID runId, int attempt, SparkApplication application) {
        return Transactions.inNewTransaction(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> held = entityManager.createNativeQuery(
                            "select spark_app_id, spark_app_attempt_id from run_attempt where run_id = :run and attempt = :attempt for update")
                    .setParameter("run", runId)
                    .setParameter("attempt", attempt)
                    .getResultList();
            if (held.isEmpty()) {
                return false;
            }
            Object[] row = held.get(0);
            if (row[0] != null && !application.preferredTo(new SparkApplication((String) row[0], (String) row[1]))) {
                return false;
            }
            return entityManager.createNativeQuery(
                            "update run_attempt set spark_app_id = :id, spark_app_attempt_id = cast(:attemptId as text)"
                                    + " where run_id = :run and attempt = :attempt")
                    .setParameter("id", application.id())
                    .setParameter("attemptId", application.attemptId())
                    .setParameter("run", runId)
                    .setParameter("attempt", attempt)
                    .executeUpdate() > 0;
        });
    }
}
