package io.sparkplane.controlplane.run;

import java.util.UUID;
import org.jboss.logging.MDC;

/** Puts a run's id and attempt on every log line written inside it, so one run's story is one grep. */
public final class RunLogContext implements AutoCloseable {

    private RunLogContext() {}

    public static RunLogContext of(UUID runId, int attempt) {
        MDC.put("runId", runId.toString());
        MDC.put("attempt", Integer.toString(attempt));
        return new RunLogContext();
    }

    @Override
    public void close() {
        MDC.remove("runId");
        MDC.remove("attempt");
    }
}
