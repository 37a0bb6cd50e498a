package io.sparkplane.controlplane.artifact;

import io.sparkplane.controlplane.run.Transactions;
import io.sparkplane.controlplane.staging.Artifacts.StoredArtifact;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The catalogue of uploaded artifacts, so that they can be listed by workspace and name; the bytes
 * themselves are only ever in staging. Every upload is recorded, a repeat of the same bytes
 * included (it updates the name and time of the one row of those bytes in that workspace).
 */
@ApplicationScoped
public class ArtifactCatalog {

    private final EntityManager entityManager;

    ArtifactCatalog(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    /** Records an upload; concurrent uploads of the same bytes into one workspace keep one row. */
    public void recordUpload(String workspaceId, StoredArtifact stored, String name, String uploadedBy, Instant at) {
        Transactions.inNewTransaction(() -> {
            entityManager.createNativeQuery("""
                    insert into artifact (workspace_id, sha256, size, name, uri, created_at, last_uploaded_at, uploaded_by)
                    values (:workspace, :sha256, :size, :name, :uri, :at, :at, :uploadedBy)
                    on conflict (workspace_id, sha256) do update
                    set size = excluded.size, name = excluded.name, uri = excluded.uri,
                        last_uploaded_at = excluded.last_uploaded_at, uploaded_by = excluded.uploaded_by""")
                    .setParameter("workspace", workspaceId)
                    .setParameter("sha256", stored.sha256().hex())
                    .setParameter("size", stored.size())
                    .setParameter("name", name)
                    .setParameter("uri", stored.location().uri())
                    .setParameter("at", OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
                    .setParameter("uploadedBy", uploadedBy)
                    .executeUpdate();
        });
    }

    /** The catalogued artifact of these bytes in this workspace, if they were uploaded through the API. */
    public Optional<ArtifactEntity> find(String workspaceId, String sha256) {
        return Transactions.inNewTransaction(() -> Optional.ofNullable(ArtifactEntity.findById(new ArtifactEntity.Key(workspaceId, sha256))));
    }

    /** One page, newest first, and the position after it (empty on the last page). */
    record Page(List<ArtifactEntity> items, Optional<ArtifactCursor> next) {}

    /**
     * @param workspace only this workspace's artifacts; empty: every visible one's
     * @param visible   the workspaces the caller sees; empty: all
     * @param name      only artifacts whose newest name is this
     */
    Page list(Optional<String> workspace, Optional<Set<String>> visible, Optional<String> name, int limit, Optional<ArtifactCursor> cursor) {
        return Transactions.inNewTransaction(() -> {
            StringBuilder sql = new StringBuilder("select * from artifact where true");
            workspace.ifPresent(id -> sql.append(" and workspace_id = :workspace"));
            visible.ifPresent(ids -> sql.append(" and workspace_id in (:visible)"));
            name.ifPresent(value -> sql.append(" and name = :name"));
            cursor.ifPresent(position -> sql.append(" and (created_at, workspace_id, sha256) < (:cursorCreatedAt, :cursorWorkspace, :cursorSha256)"));
            sql.append(" order by created_at desc, workspace_id desc, sha256 desc limit :limit");
            var query = entityManager.createNativeQuery(sql.toString(), ArtifactEntity.class).setParameter("limit", limit + 1);
            workspace.ifPresent(id -> query.setParameter("workspace", id));
            // an empty list is no valid SQL 'in ()': a caller of no workspace matches nothing
            visible.ifPresent(ids -> query.setParameter("visible", ids.isEmpty() ? List.of("") : List.copyOf(ids)));
            name.ifPresent(value -> query.setParameter("name", value));
            cursor.ifPresent(position -> query
                    .setParameter("cursorCreatedAt", OffsetDateTime.ofInstant(position.createdAt(), ZoneOffset.UTC))
                    .setParameter("cursorWorkspace", position.workspaceId())
                    .setParameter("cursorSha256", position.sha256()));
            @SuppressWarnings("unchecked")
            List<ArtifactEntity> found = query.getResultList();
            boolean more = found.size() > limit;
            List<ArtifactEntity> page = more ? List.copyOf(found.subList(0, limit)) : List.copyOf(found);
            Optional<ArtifactCursor> next = more
                    ? Optional.of(page.get(page.size() - 1)).map(last -> new ArtifactCursor(last.createdAt, last.key.workspaceId(), last.key.sha256()))
                    : Optional.empty();
            return new Page(page, next);
        });
    }
}
