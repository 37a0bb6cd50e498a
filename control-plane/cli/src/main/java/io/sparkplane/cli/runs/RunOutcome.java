package io.sparkplane.cli.runs;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.cli.ExitCode;
import java.util.Optional;
import java.util.Set;

/**
 * What a run's end means for a pipeline: the exit code, and the line that says how it ended. Pure,
 * table-tested over every terminal state and reason.
 */
public record RunOutcome(ExitCode exitCode, String summary) {

    private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT");
    private static final java.util.Map<String, String> IMPLIED = java.util.Map.of("SUCCEEDED", "SUCCESS", "CANCELLED", "CANCELLED_BY_USER",
            "TIMED_OUT", "TIMEOUT");

    public static boolean isTerminal(JsonNode run) {
        return TERMINAL.contains(run.path("state").asText());
    }

    /** @param run a terminal run, as the API shows it */
    public static RunOutcome of(JsonNode run) {
        String state = run.path("state").asText();
        String reason = text(run.path("reason")).orElse("");
        ExitCode code = switch (state) {
            case "SUCCEEDED" -> ExitCode.SUCCEEDED;
            case "CANCELLED" -> ExitCode.CANCELLED;
            case "TIMED_OUT" -> ExitCode.TIMED_OUT;
            case "FAILED" -> reason.equals("USER_CODE_ERROR") ? ExitCode.FAILED_IN_USER_CODE : ExitCode.FAILED_IN_ENGINE;
            default -> throw new IllegalArgumentException("run " + run.path("id").asText() + " has not ended: " + state);
        };
        StringBuilder summary = new StringBuilder("run ").append(run.path("id").asText());
        text(run.path("name")).ifPresent(name -> summary.append(" (").append(name).append(')'));
        summary.append(' ').append(state);
        // a reason that only repeats the state (SUCCEEDED by SUCCESS, CANCELLED by a user, TIMED_OUT by the timeout) is not said twice
        if (!reason.isEmpty() && !reason.equals(IMPLIED.get(state))) {
            summary.append(": ").append(reason);
        }
        if (code != ExitCode.SUCCEEDED) {
            text(run.path("message")).ifPresent(message -> summary.append(": ").append(message));
        }
        return new RunOutcome(code, summary.toString());
    }

    private static Optional<String> text(JsonNode value) {
        return value.isTextual() && !value.asText().isBlank() ? Optional.of(value.asText()) : Optional.empty();
    }
}
