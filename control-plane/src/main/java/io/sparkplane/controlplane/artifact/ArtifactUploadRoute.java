package io.sparkplane.controlplane.artifact;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkplane.controlplane.audit.AuditTrail;
import io.sparkplane.controlplane.auth.Caller;
import io.sparkplane.controlplane.auth.Callers;
import io.sparkplane.controlplane.config.SparkplaneConfig;
import io.sparkplane.controlplane.problem.ProblemException;
import io.sparkplane.controlplane.problem.ProblemType;
import io.sparkplane.controlplane.staging.Artifacts;
import io.sparkplane.controlplane.staging.RunInputParser;
import io.sparkplane.controlplane.staging.StoreProblems;
import io.sparkplane.controlplane.upload.StreamedUpload;
import io.sparkplane.controlplane.upload.UploadDirectory;
import io.sparkplane.controlplane.workspace.Workspace;
import io.sparkplane.controlplane.workspace.Workspaces;
import io.sparkplane.spi.storage.ObjectStoreException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * {@code POST /api/v1/artifacts?name=<file name>&workspace=<id>}: the body (any bytes) is streamed
 * into a temporary file and hashed on the way, then stored in the workspace's staging ({@code
 * default} when none is named) under its SHA-256 unless it is there already.
 * 201 with the artifact when stored, 200 when the same bytes were there; 413 past
 * {@code sparkplane.staging.max-artifact-size}.
 */
@ApplicationScoped
public class ArtifactUploadRoute {

    static final String PATH = "/api/v1/artifacts";
    private static final Logger LOG = Logger.getLogger(ArtifactUploadRoute.class);

    private final Artifacts artifacts;
    private final ArtifactCatalog catalog;
    private final Workspaces workspaces;
    private final ObjectMapper json;
    private final long limit;
    private final Path temporaryDirectory;

    ArtifactUploadRoute(Artifacts artifacts, ArtifactCatalog catalog, Workspaces workspaces, ObjectMapper json, SparkplaneConfig config,
            UploadDirectory uploads) {
        this.artifacts = artifacts;
        this.catalog = catalog;
        this.workspaces = workspaces;
        this.json = json;
        this.limit = config.staging().maxArtifactSize().asLongValue();
        this.temporaryDirectory = uploads.path();
    }

    void register(@Observes Router router) {
        router.post(PATH).order(StreamedUpload.ROUTE_ORDER).handler(this::upload);
    }

    private void upload(RoutingContext context) {
        String name = context.queryParam("name").isEmpty() ? ArtifactView.DEFAULT_NAME : context.queryParam("name").get(0);
        if (!RunInputParser.isArtifactFileName(name)) {
            StreamedUpload.refuse(context, json, ProblemException.invalid("name",
                    "must be a file name of 1 to 255 letters, digits or ._+=- (no slashes)"));
            return;
        }
        String workspaceId = context.queryParam("workspace").isEmpty() ? null : context.queryParam("workspace").get(0);
        Caller caller = Callers.of(context);
        try {
            caller.requireEditor("uploading an artifact");
        } catch (ProblemException forbidden) {
            StreamedUpload.refuse(context, json, forbidden);
            return;
        }
        // the workspace is looked up (in PostgreSQL, off the event loop) before a byte of the body is read
        context.request().pause();
        context.vertx().executeBlocking(() -> {
            Workspace workspace = workspaces.named(workspaceId, "query:workspace", caller);
            caller.requireEditorIn(workspace.id(), "uploading an artifact");
            return workspace;
        }, false).onComplete(found -> {
            if (found.succeeded()) {
                receive(context, found.result(), name, caller);
            } else if (found.cause() instanceof ProblemException problem) {
                StreamedUpload.refuse(context, json, problem);
            } else {
                // the cause's text may carry configuration values: it goes to the log, an id to the client
                String incident = UUID.randomUUID().toString();
                LOG.errorf(found.cause(), "internal error %s looking up workspace %s for an upload", incident, workspaceId);
                StreamedUpload.refuse(context, json, new ProblemException(ProblemType.INTERNAL_ERROR, "internal error; incident " + incident));
            }
        });
    }

    private void receive(RoutingContext context, Workspace workspace, String name, Caller caller) {
        StreamedUpload.receive(context, limit, temporaryDirectory, json, file -> {
            try {
                AuditTrail.note(context, workspace.id(), null);
                Artifacts.StoredArtifact stored = artifacts.store(workspace, file);
                AuditTrail.note(context, workspace.id(), stored.sha256().toString());
                catalog.recordUpload(workspace.id(), stored, name, caller.subject(), Instant.now());
                return new StreamedUpload.Answer(stored.created() ? 201 : 200, ArtifactView.of(workspace, stored, name));
            } catch (ObjectStoreException e) {
                throw StoreProblems.of(e);
            }
        });
    }
}
