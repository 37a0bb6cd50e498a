package io.sparkplane.controlplane.audit;

import java.time.Instant;
import java.util.Optional;

/**
 * Which audit records to list: every filter given must match.
 *
 * @param beforeId the cursor: records older than this one
 */
public record AuditQuery(Optional<String> action, Optional<String> subject, Optional<String> objectId, Optional<String> workspace,
        Optional<String> outcome, Optional<Instant> after, Optional<Instant> before, Optional<Long> beforeId, int limit) {}
