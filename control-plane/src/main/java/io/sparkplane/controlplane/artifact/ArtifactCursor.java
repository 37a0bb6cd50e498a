package io.sparkplane.controlplane.artifact;

import io.sparkplane.controlplane.http.PageCursors;
import java.time.Instant;

/**
 * Position in the newest-first list of artifacts: the (createdAt, workspace, sha256) of the last one
 * on a page. An artifact's createdAt never changes, so pages handed out do not shift.
 */
record ArtifactCursor(Instant createdAt, String workspaceId, String sha256) {

    private static final String KIND = "artifacts1";

    String encode() {
        return PageCursors.encode(KIND, createdAt.getEpochSecond(), createdAt.getNano(), workspaceId, sha256);
    }

    static ArtifactCursor decode(String cursor) {
        return PageCursors.decode(cursor, KIND, 4,
                parts -> new ArtifactCursor(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])), parts[2], parts[3]));
    }
}
