package io.sparkplane.controlplane.artifact;

import io.sparkplane.controlplane.problem.ProblemException;
import io.sparkplane.controlplane.problem.ProblemType;
import io.sparkplane.controlplane.staging.ArtifactHash;
import io.sparkplane.controlplane.staging.Artifacts;
import io.sparkplane.controlplane.staging.StoreProblems;
import io.sparkplane.spi.storage.ObjectStoreException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Looks an artifact up by hash, so a client can skip uploading bytes that are in staging already.
 * Uploads ({@code POST /api/v1/artifacts}) are streamed by {@link ArtifactUploadRoute}.
 */
@Path("/api/v1/artifacts/sha256/{sha256}")
@Produces(MediaType.APPLICATION_JSON)
public class ArtifactResource {

    private final Artifacts artifacts;

    ArtifactResource(Artifacts artifacts) {
        this.artifacts = artifacts;
    }

    @GET
    public ArtifactView get(@PathParam("sha256") String sha256) {
        ArtifactHash hash;
        try {
            hash = new ArtifactHash(sha256);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("sha256", e.getMessage());
        }
        try {
            return artifacts.find(hash).map(found -> ArtifactView.of(found, ArtifactView.DEFAULT_NAME))
                    .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "no artifact " + hash + " in staging"));
        } catch (ObjectStoreException e) {
            throw StoreProblems.of(e);
        }
    }
}
