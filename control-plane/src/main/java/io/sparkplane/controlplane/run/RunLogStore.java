package io.sparkplane.controlplane.run;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.UUID;

/**
 * Driver logs by byte offset, kept in PostgreSQL as the launcher ships them, so a log outlives
 * the engine and any replica can serve it.
 */
@ApplicationScoped
public class RunLogStore {

    private final EntityManager entityManager;

    RunLogStore(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** What an append found: the bytes the store holds now, and whether the offset was past them. */
    public record Appended(long nextOffset, boolean gap) {}

    /**
     * Appends the bytes that start at {@code offset}. Bytes already held are skipped, so a launcher
     * that resends after a lost answer does no harm; an offset past the end is refused.
     */
    public Appended append(UUID runId, int attempt, long offset, byte[] data) {
        return Transactions.inNewTransaction(() -> {
            Object held = entityManager.createNativeQuery(
                            "select log_bytes from run_attempt where run_id = :run and attempt = :attempt for update")
                    .setParameter("run", runId)
                    .setParameter("attempt", attempt)
                    .getSingleResult();
            long end = ((Number) held).longValue();
            if (offset > end) {
                return new Appended(end, true);
            }
            long skip = end - offset;
            if (skip >= data.length) {
                return new Appended(end, false);
            }
            byte[] fresh = skip == 0 ? data : java.util.Arrays.copyOfRange(data, (int) skip, data.length);
            entityManager.createNativeQuery("insert into run_log_chunk (run_id, attempt, byte_offset, data) values (:run, :attempt, :offset, :data)")
                    .setParameter("run", runId)
                    .setParameter("attempt", attempt)
                    .setParameter("offset", end)
                    .setParameter("data", fresh)
                    .executeUpdate();
            long next = end + fresh.length;
            entityManager.createNativeQuery("update run_attempt set log_bytes = :next where run_id = :run and attempt = :attempt")
                    .setParameter("next", next)
                    .setParameter("run", runId)
                    .setParameter("attempt", attempt)
                    .executeUpdate();
            return new Appended(next, false);
        });
    }

    /** Up to {@code limit} bytes from {@code offset}; fewer (or none) when the log is shorter. */
    public byte[] read(UUID runId, int attempt, long offset, int limit) {
        return Transactions.inNewTransaction(() -> {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = entityManager.createNativeQuery(
                            "select byte_offset, data from run_log_chunk where run_id = :run and attempt = :attempt"
                                    + " and byte_offset + length(data) > :offset and byte_offset < :end order by byte_offset")
                    .setParameter("run", runId)
                    .setParameter("attempt", attempt)
                    .setParameter("offset", offset)
                    .setParameter("end", offset + limit)
                    .getResultList();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (Object[] row : rows) {
                long start = ((Number) row[0]).longValue();
                byte[] data = (byte[]) row[1];
                int from = (int) Math.max(0, offset - start);
                int to = (int) Math.min(data.length, offset + limit - start);
                if (from < to) {
                    out.write(data, from, to - from);
                }
            }
            return out.toByteArray();
        });
    }
}
