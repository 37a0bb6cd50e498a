package io.sparkplane.controlplane.job;

import io.sparkplane.controlplane.http.PageCursors;
import java.time.Instant;
import java.util.UUID;

/** Position in the newest-first list of jobs (or schedules): the (createdAt, id) of the last one on a page. */
public record JobCursor(Instant createdAt, UUID id) {

    public String encode(String kind) {
        return PageCursors.encode(kind, createdAt.getEpochSecond(), createdAt.getNano(), id);
    }

    public static JobCursor decode(String cursor, String kind) {
        return PageCursors.decode(cursor, kind, 3,
                parts -> new JobCursor(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])), UUID.fromString(parts[2])));
    }
}
