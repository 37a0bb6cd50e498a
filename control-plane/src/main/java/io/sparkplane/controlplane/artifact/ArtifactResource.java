package io.sparkplane.controlplane.artifact;

import io.sparkplane.controlplane.auth.Caller;
import io.sparkplane.controlplane.auth.Callers;
import io.sparkplane.controlplane.http.QueryParameters;
import io.sparkplane.controlplane.problem.ProblemException;
import io.sparkplane.controlplane.problem.ProblemType;
import io.sparkplane.controlplane.staging.ArtifactHash;
import io.sparkplane.controlplane.staging.Artifacts;
import io.sparkplane.controlplane.staging.RunInputParser;
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
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import java.util.Optional;

/**
 * Reads artifacts: the catalogue of uploads ({@code GET /api/v1/artifacts}), a lookup by hash in a
 * workspace's staging ({@code ?workspace=}, {@code default} when absent) so a client can skip uploading
 * bytes that are there already, and the bytes themselves. Uploads ({@code POST /api/v1/artifacts}) are
 * streamed by {@link ArtifactUploadRoute}.
 */
@Path("/api/v1/artifacts")
public class ArtifactResource {

    private final Artifacts artifacts;
    private final ArtifactCatalog catalog;
    private final Workspaces workspaces;
    private final Callers callers;

    ArtifactResource(Artifacts artifacts, ArtifactCatalog catalog, Workspaces workspaces, Callers callers) {
        this.artifacts = artifacts;
        this.catalog = catalog;
        this.workspaces = workspaces;
        this.callers = callers;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public CataloguedArtifactView.Page list(@QueryParam("workspace") String workspaceId, @QueryParam("name") String name,
            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor) {
        Caller caller = callers.current();
        Optional<String> inWorkspace = Optional.ofNullable(workspaceId).map(id -> workspaces.named(id, "query:workspace", caller).id());
        if (name != null && !RunInputParser.isArtifactFileName(name)) {
            throw ProblemException.invalid("query:name", "must be a file name of 1 to 255 letters, digits or ._+=- (no slashes)");
        }
        int pageSize = QueryParameters.intValue("limit", limit, 50, 1, 200);
        Optional<ArtifactCursor> position = cursor == null || cursor.isEmpty() ? Optional.empty() : Optional.of(ArtifactCursor.decode(cursor));
        ArtifactCatalog.Page page = catalog.list(inWorkspace, caller.visibleWorkspaces(), Optional.ofNullable(name), pageSize, position);
        return new CataloguedArtifactView.Page(page.items().stream().map(CataloguedArtifactView::of).toList(),
                page.next().map(ArtifactCursor::encode).orElse(null));
    }

    @GET
    @Path("/sha256/{sha256}")
    @Produces(MediaType.APPLICATION_JSON)
    public ArtifactView get(@PathParam("sha256") String sha256, @QueryParam("workspace") String workspaceId) {
        Workspace workspace = workspaces.named(workspaceId, "query:workspace", callers.current());
        Artifacts.StoredArtifact found = find(workspace, hash(sha256));
        return ArtifactView.of(workspace, found, ArtifactView.DEFAULT_NAME);
    }

    /** The bytes, streamed from staging, named by the file name of their newest upload. */
    @GET
    @Path("/sha256/{sha256}/content")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response content(@PathParam("sha256") String sha256, @QueryParam("workspace") String workspaceId) {
        Workspace workspace = workspaces.named(workspaceId, "query:workspace", callers.current());
        ArtifactHash hash = hash(sha256);
        Artifacts.StoredArtifact found = find(workspace, hash);
        String name = catalog.find(workspace.id(), hash.hex()).map(entity -> entity.name).orElse(ArtifactView.DEFAULT_NAME);
        InputStream content;
        try {
            content = artifacts.open(workspace, found);
        } catch (ObjectStoreException e) {
            throw StoreProblems.of(e);
        }
        StreamingOutput body = output -> {
            try (InputStream input = content) {
                input.transferTo(output);
            }
        };
        return Response.ok(body, MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header("Content-Length", found.size())
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"")
                .build();
    }

    private Artifacts.StoredArtifact find(Workspace workspace, ArtifactHash hash) {
        try {
            return artifacts.find(workspace, hash)
                    .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND,
                            "no artifact " + hash + " in the staging of workspace '" + workspace.id() + "'"));
        } catch (ObjectStoreException e) {
            throw StoreProblems.of(e);
        }
    }

    private static ArtifactHash hash(String sha256) {
        try {
            return new ArtifactHash(sha256);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("sha256", e.getMessage());
        }
    }
}
