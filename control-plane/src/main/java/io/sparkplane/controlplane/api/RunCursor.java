package io.sparkplane.controlplane.api;

import io.sparkplane.controlplane.http.PageCursors;
import java.time.Instant;
import java.util.UUID;

/**
 * Position in the newest-first list of runs: the (createdAt, id) of the last run on a page. Runs
 * created later sort before it, so pages already handed out do not shift while runs arrive.
 */
public record RunCursor(Instant createdAt, UUID id) {

    private static final String KIND = "v1";

    public String encode() {
        return PageCursors.encode(KIND, createdAt.getEpochSecond(), createdAt.getNano(), id);
    }

    public static RunCursor decode(String cursor) {
        return PageCursors.decode(cursor, KIND, 3,
                parts -> new RunCursor(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])), UUID.fromString(parts[2])));
    }
}
