package io.sparkplane.controlplane.workspace;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A workspace as stored; null settings stand for the control plane's defaults. Its staging, schemes
 * and store profile never change; its name, quotas and default engine profile may.
 */
@Entity
@Table(name = "workspace")
public class WorkspaceEntity extends PanacheEntityBase {

    @Id
    public String id;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "staging_location", updatable = false)
    public String stagingLocation;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "allowed_schemes", updatable = false)
    public List<String> allowedSchemes;

    @Column(name = "store_profile", updatable = false)
    public String storeProfile;

    @Column(name = "display_name")
    public String displayName;

    @Column(name = "default_backend")
    public String defaultBackend;

    @Column(name = "max_active_runs")
    public Integer maxActiveRuns;

    @Column(name = "max_executors")
    public Integer maxExecutors;

    @Column(name = "max_queued_runs")
    public Integer maxQueuedRuns;

    @Column(name = "deleted_at")
    public Instant deletedAt;

    @Version
    public long version;
}
