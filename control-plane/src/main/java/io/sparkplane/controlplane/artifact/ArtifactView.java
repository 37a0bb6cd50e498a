package io.sparkplane.controlplane.artifact;

import io.sparkplane.controlplane.staging.Artifacts.StoredArtifact;
import io.sparkplane.controlplane.staging.RunInputParser;
import io.sparkplane.controlplane.workspace.Workspace;

/**
 * An artifact as the API shows it.
 *
 * @param workspace the workspace in whose staging it is; runs of that workspace can name it
 * @param ref what a run names to use it, under the file name given at upload ({@code artifact} by default)
 * @param storedBytes bytes this upload added to staging: 0 when the same bytes were there already
 */
public record ArtifactView(String sha256, long size, String workspace, String uri, String ref, long storedBytes) {

    public static final String DEFAULT_NAME = "artifact";

    public static ArtifactView of(Workspace workspace, StoredArtifact artifact, String name) {
        return new ArtifactView(artifact.sha256().hex(), artifact.size(), workspace.id(), artifact.location().uri(),
                RunInputParser.ARTIFACT_PREFIX + artifact.sha256().hex() + "/" + name, artifact.storedBytes());
    }
}
