package io.sparkplane.spi.engine;

import static java.util.Objects.requireNonNull;

/**
 * What a warm cluster ({@link EngineBackend#prewarm}) is doing before a run takes it.
 *
 * @param detail a human sentence: what it waits for, or why it is gone
 */
public record WarmClusterStatus(Phase phase, String detail) {

    public enum Phase {
        /** Its processes or pods are starting, or its driver waits for its executors. */
        STARTING,
        /** Its driver is up with its executors registered: a run that fits starts at once. */
        READY,
        /** It died or was stopped; it takes no run. */
        GONE
    }

    public WarmClusterStatus {
        requireNonNull(phase, "phase is null");
        requireNonNull(detail, "detail is null");
    }
}
