package io.sparkplane.spi.launch;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.spi.engine.AttemptFailure;
import io.sparkplane.spi.engine.AttemptOutcome;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The JSON form of an {@link AttemptOutcome} in {@code outcome.json}:
 * {@code {"failure":"USER_CODE_ERROR"|null,"message":"...","exitCode":1|null}}. The launcher writes it,
 * backends read it back in {@code describe} to recover an outcome the control plane did not hear.
 */
public final class AttemptOutcomeCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AttemptOutcomeCodec() {}

    public static byte[] encode(AttemptOutcome outcome) {
        requireNonNull(outcome, "outcome is null");
        ObjectNode root = MAPPER.createObjectNode();
        if (outcome.failure() == null) {
            root.putNull("failure");
        } else {
            root.put("failure", outcome.failure().name());
        }
        root.put("message", outcome.message());
        if (outcome.exitCode() == null) {
            root.putNull("exitCode");
        } else {
            root.put("exitCode", outcome.exitCode());
        }
        try {
            return MAPPER.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode an attempt outcome", e);
        }
    }

    /** @throws IllegalArgumentException when the JSON is not an outcome */
    public static AttemptOutcome decode(byte[] json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("outcome is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject() || !root.path("message").isTextual()) {
            throw new IllegalArgumentException("outcome is not a JSON object with a message");
        }
        JsonNode failure = root.path("failure");
        JsonNode exitCode = root.path("exitCode");
        AttemptFailure attemptFailure;
        try {
            attemptFailure = failure.isTextual() ? AttemptFailure.valueOf(failure.textValue()) : null;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("outcome has unknown failure " + failure.textValue(), e);
        }
        return new AttemptOutcome(
                attemptFailure, root.get("message").textValue(), exitCode.isInt() ? exitCode.intValue() : null);
    }

    /** Writes the outcome to a temporary file beside {@code target} and renames it into place. */
    public static void writeAtomically(Path target, AttemptOutcome outcome) throws IOException {
        Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(temporary, encode(outcome));
        try {
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public static AttemptOutcome read(Path file) throws IOException {
        return decode(Files.readAllBytes(file));
    }
}
