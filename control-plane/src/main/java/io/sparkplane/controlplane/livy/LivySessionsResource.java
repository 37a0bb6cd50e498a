package io.sparkplane.controlplane.livy;

import io.sparkplane.controlplane.problem.ProblemException;
import io.sparkplane.controlplane.problem.ProblemType;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Livy's interactive sessions ({@code /livy/sessions} and everything under it: statements,
 * completion, logs) are not part of Sparkplane: a run is a batch. Each answers 501 saying so, rather
 * than a 404 a Livy client would take for a missing session.
 */
@Path("/livy/sessions")
@Produces(MediaType.APPLICATION_JSON)
public class LivySessionsResource {

    static final String DETAIL = "Livy's interactive sessions are not supported by Sparkplane; submit a batch (POST /livy/batches),"
            + " or a run (POST /api/v1/runs)";

    @GET
    @Path("{any: .*}")
    public void get() {
        throw notImplemented();
    }

    @POST
    @Path("{any: .*}")
    public void post() {
        throw notImplemented();
    }

    @DELETE
    @Path("{any: .*}")
    public void delete() {
        throw notImplemented();
    }

    private static ProblemException notImplemented() {
        return new ProblemException(ProblemType.NOT_IMPLEMENTED, DETAIL);
    }
}
