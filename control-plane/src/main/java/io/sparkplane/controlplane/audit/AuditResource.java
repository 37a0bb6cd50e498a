package io.sparkplane.controlplane.audit;

import io.sparkplane.controlplane.auth.Callers;
import io.sparkplane.controlplane.http.PageCursors;
import io.sparkplane.controlplane.http.QueryParameters;
import io.sparkplane.controlplane.problem.ProblemException;
import io.sparkplane.controlplane.run.Transactions;
import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code GET /api/v1/audit}: the audit log for admins, newest first, filtered and paged by cursor. */
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
public class AuditResource {

    private static final Set<String> OUTCOMES = Set.of("succeeded", "refused", "failed", "interrupted");
    private static final int MAX_FILTER_LENGTH = 256;

    private final Callers callers;
    private final EntityManager entityManager;

    AuditResource(Callers callers, EntityManager entityManager) {
        this.callers = callers;
        this.entityManager = entityManager;
    }

    @GET
    public AuditRecordView.Page list(@QueryParam("action") String action, @QueryParam("subject") String subject,
            @QueryParam("objectId") String objectId, @QueryParam("workspace") String workspace, @QueryParam("outcome") String outcome,
            @QueryParam("after") String after, @QueryParam("before") String before, @QueryParam("limit") String limit,
            @QueryParam("cursor") String cursor) {
        callers.current().requireAdmin("reading the audit");
        if (outcome != null && !OUTCOMES.contains(outcome)) {
            throw ProblemException.invalid("query:outcome", "one of " + OUTCOMES.stream().sorted().toList());
        }
        AuditQuery query = new AuditQuery(filter("action", action), filter("subject", subject), filter("objectId", objectId),
                filter("workspace", workspace), Optional.ofNullable(outcome), instant("after", after), instant("before", before),
                Optional.ofNullable(cursor).filter(given -> !given.isEmpty()).map(AuditResource::decode),
                QueryParameters.intValue("limit", limit, 100, 1, 500));
        return Transactions.inNewTransaction(() -> page(query));
    }

    private AuditRecordView.Page page(AuditQuery query) {
        StringBuilder jpql = new StringBuilder("from AuditRecordEntity where true = true");
        query.action().ifPresent(ignored -> jpql.append(" and action = :action"));
        query.subject().ifPresent(ignored -> jpql.append(" and subject = :subject"));
        query.objectId().ifPresent(ignored -> jpql.append(" and objectId = :objectId"));
        query.workspace().ifPresent(ignored -> jpql.append(" and workspaceId = :workspace"));
        query.outcome().ifPresent(ignored -> jpql.append(" and outcome = :outcome"));
        query.after().ifPresent(ignored -> jpql.append(" and at > :after"));
        query.before().ifPresent(ignored -> jpql.append(" and at < :before"));
        query.beforeId().ifPresent(ignored -> jpql.append(" and id < :beforeId"));
        jpql.append(" order by id desc");
        TypedQuery<AuditRecordEntity> select = entityManager.createQuery(jpql.toString(), AuditRecordEntity.class)
                .setMaxResults(query.limit() + 1);
        query.action().ifPresent(value -> select.setParameter("action", value));
        query.subject().ifPresent(value -> select.setParameter("subject", value));
        query.objectId().ifPresent(value -> select.setParameter("objectId", value));
        query.workspace().ifPresent(value -> select.setParameter("workspace", value));
        query.outcome().ifPresent(value -> select.setParameter("outcome", value));
        query.after().ifPresent(value -> select.setParameter("after", value));
        query.before().ifPresent(value -> select.setParameter("before", value));
        query.beforeId().ifPresent(value -> select.setParameter("beforeId", value));
        List<AuditRecordEntity> found = select.getResultList();
        boolean more = found.size() > query.limit();
        List<AuditRecordView> items = new ArrayList<>();
        for (AuditRecordEntity record : more ? found.subList(0, query.limit()) : found) {
            items.add(AuditRecordView.of(record));
        }
        String next = more ? encode(items.get(items.size() - 1).id()) : null;
        return new AuditRecordView.Page(items, next);
    }

    private static Optional<String> filter(String name, String value) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        if (value.length() > MAX_FILTER_LENGTH || value.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.invalid("query:" + name, "must be 1 to " + MAX_FILTER_LENGTH + " printable characters");
        }
        return Optional.of(value);
    }

    private static Optional<Instant> instant(String name, String value) {
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeParseException e) {
            throw ProblemException.invalid("query:" + name, "must be an RFC 3339 instant like 2026-01-31T12:00:00Z");
        }
    }

    private static String encode(long id) {
        return PageCursors.encode("a1", id);
    }

    private static long decode(String cursor) {
        return PageCursors.decode(cursor, "a1", 1, parts -> Long.parseLong(parts[0]));
    }
}
