package io.sparkplane.controlplane.artifact;

import io.sparkplane.controlplane.auth.Callers;
import io.sparkplane.controlplane.problem.ProblemException;
import io.sparkplane.controlplane.problem.ProblemType;
import io.sparkplane.controlplane.staging.ArtifactHash;
import io.sparkplane.controlplane.staging.Artifacts;
import io.sparkplane.controlplane.staging.StoreProblems;
import io.sparkplane.controlplane.workspace.Workspace;
import io.sparkplane.controlplane.workspace.Workspaces;
import io.sparkplane.spi.storage.ObjectStoreException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * Looks an artifact up by hash in a workspace's staging ({@code ?workspace=}, {@code default} when
 * absent), so a client can skip uploading bytes that are there already.
 * Uploads ({@code POST /api/v1/artifacts}) are streamed by {@link ArtifactUploadRoute}.
 */
@Path("/api/v1/artifacts/sha256/{sha256}")
@Produces(MediaType.APPLICATION_JSON)
public class ArtifactResource {

    private final Artifacts artifacts;
    private final Workspaces workspaces;
    private final Callers callers;

    ArtifactResource(Artifacts artifacts, Workspaces workspaces, Callers callers) {
        this.artifacts = artifacts;
        this.workspaces = workspaces;
        this.callers = callers;
    }

    @GET
    public ArtifactView get(@PathParam("sha256") String sha256, @QueryParam("workspace") String workspaceId) {
        Workspace workspace = workspaces.named(workspaceId, "query:workspace", callers.current());
        ArtifactHash hash;
        try {
            hash = new ArtifactHash(sha256);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("sha256", e.getMessage());
        }
        try {
            return artifacts.find(workspace, hash).map(found -> ArtifactView.of(workspace, found, ArtifactView.DEFAULT_NAME))
                    .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND,
                            "no artifact " + hash + " in the staging of workspace '" + workspace.id() + "'"));
        } catch (ObjectStoreException e) {
            throw StoreProblems.of(e);
        }
    }
}
