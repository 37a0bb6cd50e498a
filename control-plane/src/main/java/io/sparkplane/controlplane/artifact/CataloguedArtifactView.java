package io.sparkplane.controlplane.artifact;

import io.sparkplane.controlplane.staging.RunInputParser;
import java.time.Instant;
import java.util.List;

/**
 * An uploaded artifact as the list shows it.
 *
 * @param name       the file name of its newest upload, which {@code ref} carries
 * @param uploadedBy who uploaded it last, as the audit names callers
 */
public record CataloguedArtifactView(String sha256, long size, String workspace, String uri, String ref, String name,
        Instant createdAt, Instant lastUploadedAt, String uploadedBy) {

    static CataloguedArtifactView of(ArtifactEntity entity) {
        return new CataloguedArtifactView(entity.key.sha256(), entity.size, entity.key.workspaceId(), entity.uri,
                RunInputParser.ARTIFACT_PREFIX + entity.key.sha256() + "/" + entity.name, entity.name,
                entity.createdAt, entity.lastUploadedAt, entity.uploadedBy);
    }

    /** One page, newest first; {@code nextCursor} is null on the last page. */
    public record Page(List<CataloguedArtifactView> items, String nextCursor) {}
}
