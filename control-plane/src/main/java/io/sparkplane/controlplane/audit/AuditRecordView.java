package io.sparkplane.controlplane.audit;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An audit record as {@code GET /api/v1/audit} shows it. */
public record AuditRecordView(long id, Instant at, String subject, UUID tokenId, String action, String objectType, String objectId,
        String workspace, int status, String outcome, String sourceAddress) {

    /** A page, newest first; {@code nextCursor} is null on the last. */
    public record Page(List<AuditRecordView> items, String nextCursor) {}

    static AuditRecordView of(AuditRecordEntity record) {
        return new AuditRecordView(record.id, record.at, record.subject, record.tokenId, record.action, record.objectType, record.objectId,
                record.workspaceId, record.status, record.outcome, record.sourceAddress);
    }
}
