package io.sparkplane.controlplane.schedule;

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

/** One thing that happened to a schedule; append-only. */
@Entity
@Table(name = "schedule_event")
public class ScheduleEventEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "schedule_id", nullable = false)
    public UUID scheduleId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ScheduleEventType type;

    @Column(name = "fire_time")
    public Instant fireTime;

    @Column(name = "run_id")
    public UUID runId;

    @Column(nullable = false)
    public String message;

    @Column(nullable = false)
    public Instant at;
}
