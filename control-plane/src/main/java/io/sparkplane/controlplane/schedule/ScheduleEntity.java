package io.sparkplane.controlplane.schedule;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A schedule as stored: its definition as sent, and where its firing stands. */
@Entity
@Table(name = "schedule")
public class ScheduleEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "workspace_id", nullable = false)
    public String workspaceId;

    @Column(name = "job_id", nullable = false)
    public UUID jobId;

    /** The {@link ScheduleSpec} as sent, as JSON. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public String definition;

    @Column(nullable = false)
    public boolean paused;

    /** The first fire time not yet handled; null when the schedule never fires again. */
    @Column(name = "next_fire_at")
    public Instant nextFireAt;

    @Column(name = "last_fire_time")
    public Instant lastFireTime;

    @Column(name = "last_run_id")
    public UUID lastRunId;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;
}
