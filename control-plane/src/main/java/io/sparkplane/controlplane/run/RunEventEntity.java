package io.sparkplane.controlplane.run;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One entry of a run's append-only timeline. Never updated. */
@Entity
@Table(name = "run_event")
public class RunEventEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "run_id", nullable = false)
    public UUID runId;

    @Column(name = "workspace_id", nullable = false)
    public String workspaceId;

    public Integer attempt;

    @Column(nullable = false)
    public Instant at;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public RunEventType type;

    @Enumerated(EnumType.STRING)
    @Column(name = "from_state")
    public RunState fromState;

    @Enumerated(EnumType.STRING)
    @Column(name = "to_state")
    public RunState toState;

    @Enumerated(EnumType.STRING)
    public TerminationReason reason;

    public String message;
}
