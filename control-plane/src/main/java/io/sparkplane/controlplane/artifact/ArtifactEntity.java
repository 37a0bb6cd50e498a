package io.sparkplane.controlplane.artifact;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/** An artifact uploaded through the API, as catalogued: its bytes are in the workspace's staging under its hash. */
@Entity
@Table(name = "artifact")
public class ArtifactEntity extends PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "workspace_id") String workspaceId, @Column(name = "sha256") String sha256)
            implements Serializable {}

    @EmbeddedId
    public Key key;

    @Column(nullable = false)
    public long size;

    /** The file name of the newest upload of these bytes. */
    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String uri;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "last_uploaded_at", nullable = false)
    public Instant lastUploadedAt;

    /** Who uploaded it last, as the audit names callers. */
    @Column(name = "uploaded_by", nullable = false)
    public String uploadedBy;
}
