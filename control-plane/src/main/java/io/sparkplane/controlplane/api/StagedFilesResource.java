package io.sparkplane.controlplane.api;

import io.sparkplane.controlplane.auth.Callers;
import io.sparkplane.controlplane.http.QueryParameters;
import io.sparkplane.controlplane.problem.ProblemException;
import io.sparkplane.controlplane.problem.ProblemType;
import io.sparkplane.controlplane.run.RunEntity;
import io.sparkplane.controlplane.run.Transactions;
import io.sparkplane.controlplane.staging.ConfiguredObjectStores;
import io.sparkplane.controlplane.staging.ObjectStores;
import io.sparkplane.controlplane.staging.StagedPath;
import io.sparkplane.controlplane.staging.StoreProblems;
import io.sparkplane.controlplane.workspace.Workspace;
import io.sparkplane.controlplane.workspace.Workspaces;
import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectInfo;
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
import java.util.List;

/**
 * What an attempt left in its workspace's staging (its driver log, Spark event log and outputs), listed
 * and read through the API, so that a client needs no credentials of the store (see api-spec/openapi.yaml).
 */
@Path("/api/v1/runs/{runId}/staging")
public class StagedFilesResource {

    /** @param path relative to the attempt's prefix, such as {@code eventlog/eventlog_v2_app-1/events_1_app-1.zstd}, for {@code GET .../staging/content?path=} */
    public record StagedFileView(String path, String uri, long size) {}

    public record Page(String runId, int attempt, List<StagedFileView> items) {}

    private record Attempt(RunEntity run, int number, Workspace workspace) {
        Location prefix() {
            return workspace.staging().attempt(run.id, number);
        }
    }

    private final RunService runs;
    private final Workspaces workspaces;
    private final ConfiguredObjectStores profiles;
    private final Callers callers;

    StagedFilesResource(RunService runs, Workspaces workspaces, ConfiguredObjectStores profiles, Callers callers) {
        this.runs = runs;
        this.workspaces = workspaces;
        this.profiles = profiles;
        this.callers = callers;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Page list(@PathParam("runId") String runId, @QueryParam("attempt") String attempt) {
        Attempt chosen = attempt(runId, attempt);
        Location prefix = chosen.prefix();
        try {
            List<StagedFileView> files = stores(chosen).list(prefix).stream()
                    .filter(info -> info.location().key().startsWith(prefix.key()))
                    .map(info -> new StagedFileView(info.location().key().substring(prefix.key().length()), info.location().uri(), info.size()))
                    // a folder marker or a key the read would refuse is no file to offer
                    .filter(file -> StagedPath.isValid(file.path()))
                    .toList();
            return new Page(chosen.run().id.toString(), chosen.number(), files);
        } catch (ObjectStoreException e) {
            throw StoreProblems.of(e);
        }
    }

    @GET
    @Path("/content")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response read(@PathParam("runId") String runId, @QueryParam("path") String path, @QueryParam("attempt") String attempt) {
        Attempt chosen = attempt(runId, attempt);
        StagedPath staged;
        try {
            staged = new StagedPath(path);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("query:path", e.getMessage());
        }
        Location location = chosen.prefix().resolve(staged.value());
        ObjectStores stores = stores(chosen);
        try {
            ObjectInfo info = stores.stat(location).orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND,
                    "attempt " + chosen.number() + " of run " + chosen.run().id + " staged no file " + staged.value()));
            StreamingOutput body = output -> {
                try (InputStream content = stores.open(location)) {
                    content.transferTo(output);
                }
            };
            String name = staged.value().substring(staged.value().lastIndexOf('/') + 1);
            return Response.ok(body, MediaType.APPLICATION_OCTET_STREAM_TYPE)
                    .header("Content-Length", info.size())
                    .header("Content-Disposition", contentDisposition(name))
                    .build();
        } catch (ObjectStoreException e) {
            throw StoreProblems.of(e);
        }
    }

    /** An attachment named by its file name: ASCII for every client, and the exact UTF-8 name for those that read RFC 6266's {@code filename*}. */
    static String contentDisposition(String name) {
        String ascii = name.replaceAll("[^\\x20-\\x7E]|[\"\\\\]", "_");
        String encoded = java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
        return "attachment; filename=\"" + ascii + "\"" + (ascii.equals(name) ? "" : "; filename*=UTF-8''" + encoded);
    }

    private Attempt attempt(String runId, String attempt) {
        var caller = callers.current();
        RunEntity run = Transactions.inNewTransaction(() -> runs.find(runId, caller));
        int number = QueryParameters.intValue("attempt", attempt, run.attempt, 1, Integer.MAX_VALUE);
        if (number > run.attempt) {
            throw ProblemException.invalid("query:attempt", "run " + run.id + " has " + run.attempt + " attempt(s)");
        }
        return new Attempt(run, number, workspaces.get(run.workspaceId));
    }

    private ObjectStores stores(Attempt attempt) {
        return profiles.profile(attempt.workspace().storeProfile()).stores();
    }
}
