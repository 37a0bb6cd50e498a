package io.sparkplane.controlplane.artifact;

import io.sparkplane.controlplane.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Position in the newest-first list of artifacts: the (createdAt, workspace, sha256) of the last one
 * on a page. An artifact's createdAt never changes, so pages handed out do not shift.
 */
record ArtifactCursor(Instant createdAt, String workspaceId, String sha256) {

    private static final String VERSION = "a1";

    String encode() {
        String raw = VERSION + "|" + createdAt.getEpochSecond() + "|" + createdAt.getNano() + "|" + workspaceId + "|" + sha256;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static ArtifactCursor decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = raw.split("\\|");
            if (parts.length != 5 || !parts[0].equals(VERSION)) {
                throw new IllegalArgumentException("unknown cursor format");
            }
            return new ArtifactCursor(Instant.ofEpochSecond(Long.parseLong(parts[1]), Long.parseLong(parts[2])), parts[3], parts[4]);
        } catch (RuntimeException e) {
            throw ProblemException.invalid("query:cursor", "is not a cursor this API handed out");
        }
    }
}
