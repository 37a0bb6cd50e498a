package io.sparkplane.controlplane.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every error leaves the API as application/problem+json. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException exception, @Context UriInfo uriInfo) {
        Response problem = ProblemResponses.of(exception.type(), exception.getMessage(), exception.errors(), path(uriInfo));
        return exception.retryAfterSeconds().map(seconds -> Response.fromResponse(problem).header("Retry-After", seconds).build()).orElse(problem);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException exception, @Context UriInfo uriInfo) {
        return ProblemResponses.of(ProblemType.INVALID_REQUEST, "malformed JSON: " + exception.getOriginalMessage(), List.of(), path(uriInfo));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException exception, @Context UriInfo uriInfo) {
        ProblemType type;
        String detail;
        Optional<Set<String>> contractMethods = ContractMethods.served().allowed(path(uriInfo));
        if ((exception instanceof NotFoundException || exception instanceof NotAllowedException) && contractMethods.isPresent()) {
            // the contract has the path with other methods (some served by Vert.x routes the REST layer does not see)
            return Response.fromResponse(ProblemResponses.of(ProblemType.METHOD_NOT_ALLOWED,
                            "method not allowed on " + path(uriInfo) + "; allowed: " + String.join(", ", contractMethods.get()), List.of(), path(uriInfo)))
                    .header("Allow", String.join(", ", contractMethods.get()))
                    .build();
        }
        if (exception instanceof NotFoundException) {
            type = ProblemType.NOT_FOUND;
            detail = "no such resource: " + path(uriInfo);
        } else if (exception instanceof NotAllowedException) {
            type = ProblemType.METHOD_NOT_ALLOWED;
            detail = "method not allowed on " + path(uriInfo);
        } else if (exception instanceof NotSupportedException) {
            type = ProblemType.UNSUPPORTED_MEDIA_TYPE;
            detail = "send the body as application/json";
        } else if (exception instanceof NotAcceptableException) {
            type = ProblemType.NOT_ACCEPTABLE;
            detail = "this resource cannot answer in the media type asked for";
        } else if (exception.getResponse().getStatus() == 413) {
            type = ProblemType.PAYLOAD_TOO_LARGE;
            detail = "the request body is too large";
        } else if (exception.getResponse().getStatus() < 500) {
            type = ProblemType.INVALID_REQUEST;
            detail = exception.getMessage();
        } else {
            return internal(exception, uriInfo);
        }
        return ProblemResponses.of(type, detail, List.of(), path(uriInfo));
    }

    @ServerExceptionMapper
    public Response internal(Exception exception, @Context UriInfo uriInfo) {
        // The detail names an id to find the stack trace in the log, never the exception's text,
        // which may carry configuration values.
        String incident = UUID.randomUUID().toString();
        LOG.errorf(exception, "internal error %s on %s", incident, path(uriInfo));
        return ProblemResponses.of(ProblemType.INTERNAL_ERROR, "internal error; incident " + incident, List.of(), path(uriInfo));
    }

    private static String path(UriInfo uriInfo) {
        return uriInfo == null ? null : "/" + uriInfo.getPath().replaceFirst("^/", "");
    }
}
