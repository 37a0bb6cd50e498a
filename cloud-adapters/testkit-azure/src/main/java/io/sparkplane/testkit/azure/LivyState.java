package io.sparkplane.testkit.azure;

import java.util.Arrays;

/**
 * Apache Livy's session states (org.apache.livy.sessions.SessionState), as its REST API spells
 * them. A Livy 0.5–0.8 batch begins {@code starting} (never {@code not_started}), is {@code running}
 * once its YARN application runs, and ends {@code success}, {@code dead} or {@code killed}; the
 * others belong to interactive sessions or recovery, and a test may still set them.
 */
public enum LivyState {
    NOT_STARTED("not_started"),
    STARTING("starting"),
    RECOVERING("recovering"),
    IDLE("idle"),
    RUNNING("running"),
    BUSY("busy"),
    SHUTTING_DOWN("shutting_down"),
    ERROR("error"),
    DEAD("dead"),
    KILLED("killed"),
    SUCCESS("success");

    private final String wire;

    LivyState(String wire) {
        this.wire = wire;
    }

    /** As the REST API writes it: "starting", "success", ... */
    public String wire() {
        return wire;
    }

    /** Livy's FinishedSessionState: the session's end, after which it is kept for the state retention only. */
    public boolean isFinished() {
        return this == ERROR || this == DEAD || this == KILLED || this == SUCCESS;
    }

    public static LivyState fromWire(String wire) {
        return Arrays.stream(values()).filter(state -> state.wire.equals(wire)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not a Livy session state: " + wire));
    }
}
