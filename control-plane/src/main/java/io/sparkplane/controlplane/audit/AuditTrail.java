package io.sparkplane.controlplane.audit;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.sparkplane.controlplane.auth.Caller;
import io.sparkplane.controlplane.run.Clocks;
import io.sparkplane.controlplane.run.Transactions;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Keeps every mutating API call in the audit: who (token or {@code anonymous}), what, on which
 * object, when, from where, and how it ended, written once its answer is sent. Handlers add what
 * only they know (the object a create made, the workspace it is in) with {@link #note}. Request
 * bodies are never kept, so nothing secret reaches the audit.
 */
@ApplicationScoped
public class AuditTrail {

    private static final String OBJECT = "sparkplane.audit.object";
    private static final String WORKSPACE = "sparkplane.audit.workspace";
    private static final Logger LOG = Logger.getLogger(AuditTrail.class);

    private final Clocks clocks;
    private final CurrentVertxRequest request;

    AuditTrail(Clocks clocks, CurrentVertxRequest request) {
        this.clocks = clocks;
        this.request = request;
    }

    /** Records the call once its answer has been sent, if it is a mutating one. */
    public void watch(RoutingContext context, Optional<Caller> caller) {
        if (!AuditAction.mutating(context.request().method().name())) {
            return;
        }
        Instant at = clocks.now();
        AuditAction action = AuditAction.of(context.request().method().name(), context.normalizedPath());
        String source = context.request().remoteAddress() == null ? null : context.request().remoteAddress().hostAddress();
        context.addEndHandler(ended -> {
            int status = context.response().getStatusCode();
            AuditRecordEntity record = new AuditRecordEntity();
            record.at = at;
            record.subject = caller.map(Caller::subject).orElse("anonymous");
            record.tokenId = caller.flatMap(Caller::tokenId).orElse(null);
            record.action = printable(action.name());
            record.objectType = action.objectType();
            record.objectId = printable(Optional.ofNullable((String) context.get(OBJECT)).or(action::objectId).orElse(null));
            record.workspaceId = printable(context.get(WORKSPACE));
            record.status = status;
            record.outcome = ended.failed() ? "interrupted" : status < 400 ? "succeeded" : status < 500 ? "refused" : "failed";
            record.sourceAddress = source;
            context.vertx().executeBlocking(() -> {
                Transactions.inNewTransaction(() -> record.persist());
                return null;
            }, false).onFailure(failure -> LOG.errorf(failure, "cannot keep the audit record of %s %s (status %d)",
                    record.action, record.objectId, status));
        });
    }

    /** What the handler of the current request knows of its object; kept in the call's audit record. */
    public void note(String workspaceId, String objectId) {
        note(request.getCurrent(), workspaceId, objectId);
    }

    public static void note(RoutingContext context, String workspaceId, String objectId) {
        if (context == null) {
            return;
        }
        if (workspaceId != null) {
            context.put(WORKSPACE, workspaceId);
        }
        if (objectId != null) {
            context.put(OBJECT, objectId);
        }
    }

    /** Without control characters: a path may carry any, and PostgreSQL's text takes no NUL. */
    private static String printable(String value) {
        if (value == null) {
            return null;
        }
        return value.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
