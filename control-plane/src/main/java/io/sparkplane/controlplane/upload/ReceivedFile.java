package io.sparkplane.controlplane.upload;

import io.sparkplane.controlplane.staging.ArtifactHash;
import java.nio.file.Path;

/** A request body, received into a temporary file and hashed on the way in. */
public record ReceivedFile(Path path, long size, ArtifactHash sha256) {}
