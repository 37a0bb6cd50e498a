package io.sparkplane.controlplane.problem;

import jakarta.ws.rs.core.Response;
import java.util.List;

/** Builds problem+json responses. */
public final class ProblemResponses {

    private ProblemResponses() {}

    public static Response of(ProblemType type, String detail, List<FieldError> errors, String instance) {
        Problem body = new Problem(type.uri(), type.title(), type.status(), detail, instance, errors.isEmpty() ? null : errors);
        return Response.status(type.status()).type(Problem.MEDIA_TYPE).entity(body).build();
    }
}
