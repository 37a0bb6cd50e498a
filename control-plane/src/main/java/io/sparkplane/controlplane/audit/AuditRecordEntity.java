package io.sparkplane.controlplane.audit;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** One mutating API call, as the audit keeps it: inserted once, never updated (the table refuses). */
@Entity
@Table(name = "audit_record")
public class AuditRecordEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false, updatable = false)
    public Instant at;

    @Column(nullable = false, updatable = false)
    public String subject;

    @Column(name = "token_id", updatable = false)
    public UUID tokenId;

    @Column(nullable = false, updatable = false)
    public String action;

    @Column(name = "object_type", nullable = false, updatable = false)
    public String objectType;

    @Column(name = "object_id", updatable = false)
    public String objectId;

    @Column(name = "workspace_id", updatable = false)
    public String workspaceId;

    @Column(nullable = false, updatable = false)
    public int status;

    @Column(nullable = false, updatable = false)
    public String outcome;

    @Column(name = "source_address", updatable = false)
    public String sourceAddress;
}
