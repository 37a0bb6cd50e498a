package io.sparkplane.controlplane.problem;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Answers from Vert.x routes (uploads, authentication), which run before the REST layer's mappers. */
public final class RouteResponses {

    private RouteResponses() {}

    /**
     * @param close close the connection after the answer: the request's body was not read, so the
     *              connection cannot carry another request
     */
    public static void problem(RoutingContext context, ObjectMapper json, int status, ProblemType type, String detail, List<FieldError> errors,
            boolean close) {
        Problem body = new Problem(type.uri(), type.title(), status, detail, context.request().path(), errors.isEmpty() ? null : errors);
        send(context, json, status, Problem.MEDIA_TYPE, body, close);
    }

    /** Whether the request sent a body: one left unread means the connection must close after the answer. */
    public static boolean requestHasBody(RoutingContext context) {
        String length = context.request().getHeader("Content-Length");
        return (length != null && !length.equals("0")) || context.request().headers().contains("Transfer-Encoding");
    }

    public static void send(RoutingContext context, ObjectMapper json, int status, String contentType, Object body, boolean close) {
        if (context.response().ended() || context.response().closed()) {
            return;
        }
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (IOException e) {
            bytes = ("{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8);
        }
        context.response().setStatusCode(status).putHeader("Content-Type", contentType);
        if (close) {
            context.response().putHeader("Connection", "close");
            context.response().end(Buffer.buffer(bytes)).onComplete(ignored -> context.request().connection().close());
        } else {
            context.response().end(Buffer.buffer(bytes));
        }
    }
}
