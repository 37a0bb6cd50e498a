package io.sparkplane.controlplane.audit;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.sparkplane.controlplane.auth.Caller;
import io.sparkplane.controlplane.run.Clocks;
import io.sparkplane.controlplane.run.Transactions;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Keeps every mutating API call in the audit: who (token or {@code anonymous}), what, on which
 * object, when, from where, and how it ended, written once its answer is sent. Handlers add what
 * only they know (the object a create made, the workspace it is in) with {@link #note}. A handler
 * whose work is one transaction may write the record in it instead ({@link #keepInTransaction}).
 * Request bodies are never kept, so nothing secret reaches the audit.
 */
@ApplicationScoped
public class AuditTrail {

    private static final String OBJECT = "sparkplane.audit.object";
    private static final String WORKSPACE = "sparkplane.audit.workspace";
    /** What {@link #watch} learned of the call when it began. */
    private static final String CALL = "sparkplane.audit.call";
    /** Set once a record written by {@link #keepInTransaction} has committed: the end of the call writes no second one. */
    private static final String KEPT = "sparkplane.audit.kept";
    private static final Logger LOG = Logger.getLogger(AuditTrail.class);

    private record Call(Instant at, Optional<Caller> caller, AuditAction action, String source) {}

    private final Clocks clocks;
    private final CurrentVertxRequest request;
    private final TransactionSynchronizationRegistry transactions;

    AuditTrail(Clocks clocks, CurrentVertxRequest request, TransactionSynchronizationRegistry transactions) {
        this.clocks = clocks;
        this.request = request;
        this.transactions = transactions;
    }

    /** Records the call once its answer has been sent, if it is a mutating one. */
    public void watch(RoutingContext context, Optional<Caller> caller) {
        if (!AuditAction.mutating(context.request().method().name())) {
            return;
        }
        String source = context.request().remoteAddress() == null ? null : context.request().remoteAddress().hostAddress();
        Call call = new Call(clocks.now(), caller, AuditAction.of(context.request().method().name(), context.normalizedPath()), source);
        context.put(CALL, call);
        context.addEndHandler(ended -> {
            if (Boolean.TRUE.equals(context.get(KEPT))) {
                return;
            }
            int status = context.response().getStatusCode();
            AuditRecordEntity record = record(context, call, status,
                    ended.failed() ? "interrupted" : status < 400 ? "succeeded" : status < 500 ? "refused" : "failed");
            context.vertx().executeBlocking(() -> {
                Transactions.inNewTransaction(() -> record.persist());
                return null;
            }, false).onFailure(failure -> LOG.errorf(failure, "cannot keep the audit record of %s %s (status %d)",
                    record.action, record.objectId, status));
        });
    }

    /**
     * Writes the current call's record in the caller's transaction, as answered with {@code status}
     * (a success: the work it records is in the same transaction), after {@link #note}: a submit
     * stores its run and its record in one transaction instead of two. Committed, it is the call's
     * record, even should the answer not reach the client (the run is stored all the same); rolled
     * back, the end of the call writes the record as for any other. Outside an audited call (a
     * schedule's run) it writes nothing.
     */
    public void keepInTransaction(int status) {
        RoutingContext context = request.getCurrent();
        Call call = context == null ? null : context.get(CALL);
        if (call == null) {
            return;
        }
        record(context, call, status, "succeeded").persist();
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int outcome) {
                if (outcome == Status.STATUS_COMMITTED) {
                    context.put(KEPT, Boolean.TRUE);
                }
            }
        });
    }

    private static AuditRecordEntity record(RoutingContext context, Call call, int status, String outcome) {
        AuditRecordEntity record = new AuditRecordEntity();
        record.at = call.at();
        record.subject = call.caller().map(Caller::subject).orElse("anonymous");
        record.tokenId = call.caller().flatMap(Caller::tokenId).orElse(null);
        record.action = printable(call.action().name());
        record.objectType = call.action().objectType();
        record.objectId = printable(Optional.ofNullable((String) context.get(OBJECT)).or(call.action()::objectId).orElse(null));
        record.workspaceId = printable(context.get(WORKSPACE));
        record.status = status;
        record.outcome = outcome;
        record.sourceAddress = call.source();
        return record;
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
