package io.sparkplane.controlplane.engineapi;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkplane.controlplane.config.SparkplaneConfig;
import io.sparkplane.controlplane.engineapi.AttemptAuthenticator.Caller;
import io.sparkplane.controlplane.problem.ProblemException;
import io.sparkplane.controlplane.run.SparkApplication;
import io.sparkplane.controlplane.run.SparkApplications;
import io.sparkplane.controlplane.staging.ConfiguredObjectStores;
import io.sparkplane.controlplane.staging.ObjectStores;
import io.sparkplane.controlplane.staging.StagedPath;
import io.sparkplane.controlplane.staging.StagingLayout;
import io.sparkplane.controlplane.staging.StoreProblems;
import io.sparkplane.controlplane.upload.StreamedUpload;
import io.sparkplane.controlplane.upload.UploadDirectory;
import io.sparkplane.controlplane.workspace.Workspace;
import io.sparkplane.controlplane.workspace.Workspaces;
import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectStoreException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * {@code PUT /internal/v1/runs/{runId}/attempts/{attempt}/staging/{path}}: an engine uploads its
 * driver log, a Spark event log file or an output file to its attempt's staging prefix
 * ({@link StagedPath}), streamed, up to {@code sparkplane.staging.max-upload-size}; event log files
 * are also kept under {@code <staging>/history/} for a Spark History Server, and the application
 * they are the event log of is recorded as the attempt's ({@link SparkApplications}).
 */
@ApplicationScoped
public class AttemptUploadRoute {

    private static final Logger LOG = Logger.getLogger(AttemptUploadRoute.class);
    private static final String PATH = "/internal/v1/runs/([^/]+)/attempts/([^/]+)/staging/(.+)";

    private final AttemptAuthenticator authenticator;
    private final ConfiguredObjectStores profiles;
    private final Workspaces workspaces;
    private final SparkApplications applications;
    private final ObjectMapper json;
    private final long limit;
    private final Path temporaryDirectory;

    AttemptUploadRoute(AttemptAuthenticator authenticator, ConfiguredObjectStores profiles, Workspaces workspaces,
            SparkApplications applications, ObjectMapper json, SparkplaneConfig config, UploadDirectory uploads) {
        this.authenticator = authenticator;
        this.profiles = profiles;
        this.workspaces = workspaces;
        this.applications = applications;
        this.json = json;
        this.limit = config.staging().maxUploadSize().asLongValue();
        this.temporaryDirectory = uploads.path();
    }

    void register(@Observes Router router) {
        router.putWithRegex(PATH).order(StreamedUpload.ROUTE_ORDER).handler(this::upload);
    }

    private void upload(RoutingContext context) {
        String runId = context.pathParam("param0");
        String attempt = context.pathParam("param1");
        String rawPath = context.pathParam("param2");
        String authorization = context.request().getHeader("Authorization");
        // authenticated before the body is read, so a stranger cannot fill the disk, and before the path is
        // checked, so it learns nothing
        context.request().pause();
        context.vertx().executeBlocking(() -> authenticator.authenticate(runId, attempt, authorization), false).onComplete(result -> {
            if (result.succeeded()) {
                StagedPath path;
                try {
                    // Vert.x has percent-decoded the parameter already
                    path = new StagedPath(rawPath);
                } catch (IllegalArgumentException e) {
                    StreamedUpload.refuse(context, json, ProblemException.invalid("path", e.getMessage()));
                    return;
                }
                receive(context, result.result(), path);
            } else if (result.cause() instanceof ProblemException problem) {
                StreamedUpload.refuse(context, json, problem);
            } else {
                LOG.errorf(result.cause(), "cannot authenticate an upload of run %s", runId);
                StreamedUpload.refuse(context, json, new ProblemException(io.sparkplane.controlplane.problem.ProblemType.INTERNAL_ERROR,
                        "cannot authenticate the upload: " + result.cause().getMessage()));
            }
        });
    }

    private void receive(RoutingContext context, Caller caller, StagedPath path) {
        StreamedUpload.receive(context, limit, temporaryDirectory, json, file -> {
            Workspace workspace = workspaces.get(caller.workspaceId());
            StagingLayout layout = workspace.staging();
            ObjectStores stores = profiles.profile(workspace.storeProfile()).stores();
            Location target = layout.attemptFile(caller.runId(), caller.attempt(), path);
            try {
                stores.put(target, file.path());
                // Spark's History Server reads one directory, not one per run
                var history = layout.historyFile(caller.runId(), caller.attempt(), path);
                if (history.isPresent()) {
                    stores.put(history.get(), file.path());
                }
            } catch (ObjectStoreException e) {
                throw StoreProblems.of(e);
            }
            if (layout.historyFile(caller.runId(), caller.attempt(), path).isPresent()) {
                recordApplication(caller, path);
            }
            LOG.debugf("run %s attempt %d staged %s (%d bytes)", caller.runId(), caller.attempt(), target.uri(), file.size());
            return new StreamedUpload.Answer(200, Map.of("uri", target.uri(), "size", file.size()));
        });
    }

    /** The file is in history/ now: its application is the attempt's, for the run's History Server link. Never fails the upload. */
    private void recordApplication(Caller caller, StagedPath path) {
        var application = SparkApplication.ofEventLogFile(path.value().substring(StagedPath.EVENT_LOG.length() + 1));
        if (application.isEmpty()) {
            return;
        }
        try {
            if (applications.record(caller.runId(), caller.attempt(), application.get())) {
                LOG.debugf("run %s attempt %d ran Spark application %s", caller.runId(), caller.attempt(), application.get().id());
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "cannot record the Spark application %s of run %s attempt %d", application.get().id(), caller.runId(), caller.attempt());
        }
    }
}
