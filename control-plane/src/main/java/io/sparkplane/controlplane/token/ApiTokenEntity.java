package io.sparkplane.controlplane.token;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** An API token as stored: never its secret, only the secret's hash. Revoking keeps the row for the audit. */
@Entity
@Table(name = "api_token")
public class ApiTokenEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(nullable = false, updatable = false)
    public String name;

    @Column(updatable = false)
    public String description;

    @Column(nullable = false, updatable = false)
    public String role;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false, updatable = false)
    public List<String> workspaces;

    @Column(name = "secret_hash", nullable = false, updatable = false)
    public String secretHash;

    @Column(nullable = false, updatable = false)
    public String prefix;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "created_by", updatable = false)
    public UUID createdBy;

    @Column(name = "expires_at", updatable = false)
    public Instant expiresAt;

    @Column(name = "last_used_at")
    public Instant lastUsedAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;
}
