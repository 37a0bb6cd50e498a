package io.sparkplane.controlplane.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkplane.controlplane.problem.FieldError;
import io.sparkplane.controlplane.problem.ProblemType;
import io.sparkplane.controlplane.problem.RouteResponses;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;

/**
 * Refuses a query parameter sent with an empty value ({@code ?workspace=}) on the API and the Livy
 * batch API: every parameter the contract declares has a minimum length or a type an empty string
 * is not, and the REST layer would take it for an absent one, which a client did not mean.
 */
@ApplicationScoped
public class EmptyQueryParameters {

    /** Right after authentication (-10), before the streamed uploads (-3). */
    static final int ROUTE_ORDER = -9;

    private final ObjectMapper json;

    EmptyQueryParameters(ObjectMapper json) {
        this.json = json;
    }

    void register(@Observes Router router) {
        router.route("/api/*").order(ROUTE_ORDER).handler(this::check);
        router.route("/livy/*").order(ROUTE_ORDER).handler(this::check);
    }

    private void check(RoutingContext context) {
        for (Map.Entry<String, String> parameter : context.queryParams().entries()) {
            if (parameter.getValue().isEmpty()) {
                String field = "query:" + parameter.getKey();
                RouteResponses.problem(context, json, 400, ProblemType.INVALID_REQUEST, field + ": must not be empty; leave the parameter out instead",
                        List.of(new FieldError(field, "must not be empty; leave the parameter out instead")), RouteResponses.requestHasBody(context));
                return;
            }
        }
        context.next();
    }
}
