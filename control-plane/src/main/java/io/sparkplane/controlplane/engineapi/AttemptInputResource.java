package io.sparkplane.controlplane.engineapi;

import io.sparkplane.controlplane.engineapi.AttemptAuthenticator.Caller;
import io.sparkplane.controlplane.problem.ProblemException;
import io.sparkplane.controlplane.problem.ProblemType;
import io.sparkplane.controlplane.run.RunDefinition;
import io.sparkplane.controlplane.run.RunDefinitionJson;
import io.sparkplane.controlplane.run.RunEntity;
import io.sparkplane.controlplane.run.Transactions;
import io.sparkplane.controlplane.staging.RunInput;
import io.sparkplane.controlplane.staging.RunInputParser;
import io.sparkplane.controlplane.staging.RunInputs;
import io.sparkplane.controlplane.staging.StoreProblems;
import io.sparkplane.controlplane.workspace.Workspace;
import io.sparkplane.controlplane.workspace.Workspaces;
import io.sparkplane.spi.storage.ObjectStoreException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import org.jboss.logging.Logger;

/**
 * {@code GET /internal/v1/runs/{runId}/attempts/{attempt}/inputs?ref=<location>}: the bytes of one of
 * the run's own inputs (an artifact, an object store URI or a web URL), streamed from where it is,
 * so the engine needs no store credentials. A location the run does not name is refused.
 */
@Path("/internal/v1/runs/{runId}/attempts/{attempt}/inputs")
public class AttemptInputResource {

    private static final Logger LOG = Logger.getLogger(AttemptInputResource.class);

    private final AttemptAuthenticator authenticator;
    private final RunInputs inputs;
    private final Workspaces workspaces;

    AttemptInputResource(AttemptAuthenticator authenticator, RunInputs inputs, Workspaces workspaces) {
        this.authenticator = authenticator;
        this.inputs = inputs;
        this.workspaces = workspaces;
    }

    @GET
    @Produces({MediaType.APPLICATION_OCTET_STREAM, "application/problem+json"})
    public Response input(@PathParam("runId") String runId, @PathParam("attempt") String attempt,
            @HeaderParam("Authorization") String authorization, @QueryParam("ref") String reference) {
        Caller caller = authenticator.authenticate(runId, attempt, authorization);
        if (reference == null || reference.isEmpty()) {
            throw ProblemException.invalid("query:ref", "is required: one of the run's input locations");
        }
        RunDefinition definition = Transactions.inNewTransaction(() -> {
            RunEntity run = RunEntity.findById(caller.runId());
            return run == null ? null : RunDefinitionJson.read(run.spec);
        });
        if (definition == null || definition.inputLocations().values().stream()
                .noneMatch(location -> location.equals(reference) || location.startsWith(reference + "#"))) {
            throw new ProblemException(ProblemType.FORBIDDEN, "the run does not name " + reference.replaceFirst("\\?.*$", "?...") + " as an input");
        }
        Workspace workspace = workspaces.get(caller.workspaceId());
        RunInput input;
        try {
            input = inputs.parser(workspace).parse(reference);
        } catch (RunInputParser.InvalidInputException e) {
            // allowed at submit, refused now: the control plane's rules changed since (schemes, local roots)
            throw new ProblemException(ProblemType.FORBIDDEN, reference.replaceFirst("\\?.*$", "?...") + ": " + e.getMessage());
        }
        RunInputs.Opened opened;
        try {
            opened = inputs.open(workspace, input);
        } catch (ObjectStoreException e) {
            throw StoreProblems.of(e);
        } catch (RunInputs.InputUnavailableException e) {
            throw new ProblemException(ProblemType.BAD_GATEWAY, e.getMessage());
        }
        LOG.infof("run %s attempt %d fetches %s", caller.runId(), caller.attempt(), inputs.source(workspace, input));
        StreamingOutput body = output -> {
            try (InputStream content = opened.content()) {
                content.transferTo(output);
            }
        };
        Response.ResponseBuilder response = Response.ok(body, MediaType.APPLICATION_OCTET_STREAM);
        if (opened.length() >= 0) {
            response.header("Content-Length", opened.length());
        }
        return response.build();
    }
}
