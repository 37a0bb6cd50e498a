package io.sparkplane.controlplane.api;

import io.sparkplane.controlplane.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Position in the newest-first list of runs: the (createdAt, id) of the last run on a page. Runs
 * created later sort before it, so pages already handed out do not shift while runs arrive.
 */
public record RunCursor(Instant createdAt, UUID id) {

    private static final String VERSION = "v1";

    public String encode() {
        String raw = VERSION + "|" + createdAt.getEpochSecond() + "|" + createdAt.getNano() + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    public static RunCursor decode(String cursor) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            String[] parts = raw.split("\\|");
            if (parts.length != 4 || !parts[0].equals(VERSION)) {
                throw new IllegalArgumentException("unknown cursor format");
            }
            return new RunCursor(Instant.ofEpochSecond(Long.parseLong(parts[1]), Long.parseLong(parts[2])), UUID.fromString(parts[3]));
        } catch (RuntimeException e) {
            throw ProblemException.invalid("query:cursor", "is not a cursor this API handed out");
        }
    }
}
