package io.sparkplane.controlplane.job;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A saved job as stored: what every version shares, and the current version's concurrency rules. Its definitions are in job_version. */
@Entity
@Table(name = "job")
public class JobEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "workspace_id", nullable = false)
    public String workspaceId;

    @Column(nullable = false)
    public String name;

    @Column(name = "current_version", nullable = false)
    public int currentVersion;

    @Column(name = "max_concurrent_runs", nullable = false)
    public int maxConcurrentRuns;

    @Enumerated(EnumType.STRING)
    @Column(name = "concurrency_policy", nullable = false)
    public ConcurrencyPolicy concurrencyPolicy;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /** Set when the job was deleted: it is gone from the API, and the runs it started still name it. */
    @Column(name = "deleted_at")
    public Instant deletedAt;
}
