package io.sparkplane.controlplane.artifact;

import io.sparkplane.controlplane.staging.Artifacts.StoredArtifact;
import io.sparkplane.controlplane.staging.RunInputParser;

/**
 * An artifact as the API shows it.
 *
 * @param ref what a run names to use it, under the file name given at upload ({@code artifact} by default)
 * @param storedBytes bytes this upload added to staging: 0 when the same bytes were there already
 */
public record ArtifactView(String sha256, long size, String uri, String ref, long storedBytes) {

    public static final String DEFAULT_NAME = "artifact";

    public static ArtifactView of(StoredArtifact artifact, String name) {
        return new ArtifactView(artifact.sha256().hex(), artifact.size(), artifact.location().uri(),
                RunInputParser.ARTIFACT_PREFIX + artifact.sha256().hex() + "/" + name, artifact.storedBytes());
    }
}
