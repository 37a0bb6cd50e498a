package io.sparkplane.controlplane.run;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A run as stored. Change {@link #state} only through {@link RunLifecycle}. */
@Entity
@DynamicUpdate
@Table(name = "run")
public class RunEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "workspace_id", nullable = false)
    public String workspaceId;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String backend;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public RunState state;

    @Enumerated(EnumType.STRING)
    public TerminationReason reason;

    public String message;

    @Column(nullable = false)
    public int attempt;

    @Column(name = "max_retries", nullable = false)
    public int maxRetries;

    @Column(name = "timeout_seconds")
    public Integer timeoutSeconds;

    /** The normalized submit request, as JSON. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public String spec;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    public Map<String, String> labels;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    @Column(name = "request_hash")
    public String requestHash;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "queued_at", nullable = false)
    public Instant queuedAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    @Column(name = "cancel_requested_at")
    public Instant cancelRequestedAt;

    /** The saved job the run was started from, its version, and the schedule and fire time that started it; all null for a plain run. */
    @Column(name = "job_id")
    public UUID jobId;

    @Column(name = "job_version")
    public Integer jobVersion;

    @Column(name = "schedule_id")
    public UUID scheduleId;

    @Column(name = "fire_time")
    public Instant fireTime;

    /** The submitting call's W3C traceparent (tracing on): its dispatches are spans of that trace. Null when untraced. */
    @Column(name = "trace_parent")
    public String traceParent;

    @Version
    public long version;
}
