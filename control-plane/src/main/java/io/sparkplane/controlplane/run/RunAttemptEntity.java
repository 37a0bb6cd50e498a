package io.sparkplane.controlplane.run;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.io.Serializable;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One attempt of a run and the engine cluster it ran on. */
@Entity
@DynamicUpdate
@Table(name = "run_attempt")
public class RunAttemptEntity extends PanacheEntityBase {

    @Embeddable
    public record Key(@Column(name = "run_id") UUID runId, @Column(name = "attempt") int attempt)
            implements Serializable {}

    @EmbeddedId
    public Key key;

    @Column(name = "workspace_id", nullable = false)
    public String workspaceId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public AttemptState state;

    @Enumerated(EnumType.STRING)
    public TerminationReason reason;

    public String message;

    @Column(name = "exit_code")
    public Integer exitCode;

    /** The backend's {@code ClusterRef} as JSON, once provisioned. */
    @JdbcTypeCode(SqlTypes.JSON)
    public String cluster;

    @Column(name = "provisioning_at", nullable = false)
    public Instant provisioningAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "ended_at")
    public Instant endedAt;

    @Column(name = "heartbeat_at")
    public Instant heartbeatAt;

    @Column(name = "torn_down_at")
    public Instant tornDownAt;

    @Column(name = "log_bytes", nullable = false)
    public long logBytes;

    /** A service-hosted attempt whose driver log and event log are still to be brought in from staging. */
    @Column(name = "outputs_pending", nullable = false)
    public boolean outputsPending;

    /** Written only by the autoscaler loop, with plain updates (no version bump): see ClusterAutoscaler. */
    @Column(name = "desired_workers", insertable = false, updatable = false)
    public Integer desiredWorkers;

    @Column(name = "last_decision", insertable = false, updatable = false)
    public String lastDecision;

    @Column(name = "topology", insertable = false, updatable = false)
    @JdbcTypeCode(SqlTypes.JSON)
    public String topology;

    @Column(name = "topology_at", insertable = false, updatable = false)
    public Instant topologyAt;

    /**
     * The Spark application of the attempt, as its event log in staging's {@code history/} names it; null
     * until that is copied. Written only by {@link SparkApplications}, with plain updates (no version bump).
     */
    @Column(name = "spark_app_id", insertable = false, updatable = false)
    public String sparkAppId;

    /** The application's attempt id, where its cluster manager gives one (YARN in cluster mode); else null. */
    @Column(name = "spark_app_attempt_id", insertable = false, updatable = false)
    public String sparkAppAttemptId;

    @Version
    public long version;

    public UUID runId() {
        return key.runId();
    }

    public int attempt() {
        return key.attempt();
    }

    /** The attempt's Spark application, once its event log is in {@code history/}. */
    public java.util.Optional<SparkApplication> sparkApplication() {
        return sparkAppId == null ? java.util.Optional.empty() : java.util.Optional.of(new SparkApplication(sparkAppId, sparkAppAttemptId));
    }
}
