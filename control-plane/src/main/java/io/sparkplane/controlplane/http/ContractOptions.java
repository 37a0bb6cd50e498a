package io.sparkplane.controlplane.http;

import io.sparkplane.controlplane.problem.ContractMethods;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;
import java.util.TreeSet;

/**
 * Answers {@code OPTIONS} on a path of the contract with exactly that path's methods in
 * {@code Allow}; the REST layer's own answer lists every method of the resource class, paths
 * that do not have them included.
 */
@ApplicationScoped
public class ContractOptions {

    void register(@Observes Router router) {
        router.options().order(EmptyQueryParameters.ROUTE_ORDER + 1).handler(this::answer);
    }

    private void answer(RoutingContext context) {
        var methods = ContractMethods.served().allowed(context.normalizedPath());
        if (methods.isEmpty()) {
            context.next();
            return;
        }
        Set<String> allowed = new TreeSet<>(methods.get());
        allowed.add("OPTIONS");
        context.response().setStatusCode(204).putHeader("Allow", String.join(", ", allowed)).end();
    }
}
