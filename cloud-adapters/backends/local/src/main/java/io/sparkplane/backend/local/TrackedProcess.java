package io.sparkplane.backend.local;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A process the local backend started (the launcher, a Spark master or worker), as recorded in its
 * pid file: {@code {"pid":..,"startedAt":"..","processGroup":..}}.
 * A pid alone could be reused by another process; pid and start time together name one process.
 *
 * @param processGroup the process group it leads (started with setsid), or -1
 */
record TrackedProcess(long pid, Instant startedAt, long processGroup) {

    /** Start times read at different moments may differ by rounding (clock ticks). */
    private static final Duration START_TIME_TOLERANCE = Duration.ofSeconds(1);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    TrackedProcess {
        requireNonNull(startedAt, "startedAt is null");
    }

    static TrackedProcess of(ProcessHandle handle, long processGroup) {
        return new TrackedProcess(handle.pid(), startInstant(handle).orElseThrow(
                () -> new IllegalStateException("the start time of process " + handle.pid() + " is unknown")), processGroup);
    }

    /** Whether this very process (same pid, same start time) is still running. */
    boolean alive() {
        Optional<ProcessHandle> handle = ProcessHandle.of(pid);
        if (handle.isEmpty() || !handle.get().isAlive() || !ProcessTable.running(pid)) {
            return false;
        }
        return startInstant(handle.get())
                .map(started -> Duration.between(started, startedAt).abs().compareTo(START_TIME_TOLERANCE) <= 0)
                .orElse(false);
    }

    Optional<ProcessHandle> handle() {
        return alive() ? ProcessHandle.of(pid) : Optional.empty();
    }

    void write(Path file) throws IOException {
        ObjectNode node = MAPPER.createObjectNode();
        putInto(node);
        AtomicFiles.write(file, MAPPER.writeValueAsBytes(node));
    }

    /** Adds {@code pid}, {@code startedAt} and {@code processGroup} to a record that names this process. */
    void putInto(ObjectNode node) {
        node.put("pid", pid);
        node.put("startedAt", startedAt.toString());
        node.put("processGroup", processGroup);
    }

    /** The process named by a record written with {@link #putInto}. */
    static TrackedProcess from(JsonNode node) {
        return new TrackedProcess(node.get("pid").asLong(), Instant.parse(node.get("startedAt").asText()), node.path("processGroup").asLong(-1));
    }

    /** The recorded launcher, or empty when there is no readable pid file. */
    static Optional<TrackedProcess> read(Path file) {
        try {
            return Optional.of(from(MAPPER.readTree(Files.readAllBytes(file))));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> startInstant(ProcessHandle handle) {
        return handle.info().startInstant();
    }

    static Optional<TrackedProcess> parse(String pid, String startedAt, String processGroup) {
        try {
            return Optional.of(new TrackedProcess(Long.parseLong(pid), Instant.parse(startedAt), Long.parseLong(processGroup)));
        } catch (NumberFormatException | DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
