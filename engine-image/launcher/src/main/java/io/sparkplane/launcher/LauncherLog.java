package io.sparkplane.launcher;

import java.io.PrintStream;
import java.time.Instant;

/**
 * The launcher's structured log on its stdout, one line per event:
 * {@code ts=... level=INFO run=<id> attempt=<n> msg="..."}. Never given the token.
 */
public final class LauncherLog {

    private final String runId;
    private final int attempt;
    private final PrintStream out;

    public LauncherLog(String runId, int attempt, PrintStream out) {
        this.runId = runId;
        this.attempt = attempt;
        this.out = out;
    }

    public void info(String message) {
        log("INFO", message);
    }

    public void warn(String message) {
        log("WARN", message);
    }

    public void error(String message) {
        log("ERROR", message);
    }

    private void log(String level, String message) {
        String line = "ts=" + Instant.now() + " level=" + level + " run=" + runId + " attempt=" + attempt
                + " msg=\"" + message.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
