package io.sparkplane.backend.local;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * A launcher process as recorded in {@code launcher.pid}: {@code {"pid":..,"startedAt":"..","processGroup":..}}.
 * A pid alone could be reused by another process; pid and start time together name one process.
 *
 * @param processGroup the process group the launcher leads (started with setsid), or -1
 */
record LauncherProcess(long pid, Instant startedAt, long processGroup) {

    /** Start times read at different moments may differ by rounding (clock ticks). */
    private static final Duration START_TIME_TOLERANCE = Duration.ofSeconds(1);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    LauncherProcess {
        requireNonNull(startedAt, "startedAt is null");
    }

    static LauncherProcess of(ProcessHandle handle, long processGroup) {
        return new LauncherProcess(handle.pid(), startInstant(handle).orElseThrow(
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
        node.put("pid", pid);
        node.put("startedAt", startedAt.toString());
        node.put("processGroup", processGroup);
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(temporary, MAPPER.writeValueAsBytes(node));
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The recorded launcher, or empty when there is no readable pid file. */
    static Optional<LauncherProcess> read(Path file) {
        try {
            JsonNode node = MAPPER.readTree(Files.readAllBytes(file));
            return Optional.of(new LauncherProcess(
                    node.get("pid").asLong(), Instant.parse(node.get("startedAt").asText()), node.path("processGroup").asLong(-1)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<Instant> startInstant(ProcessHandle handle) {
        return handle.info().startInstant();
    }

    static Optional<LauncherProcess> parse(String pid, String startedAt, String processGroup) {
        try {
            return Optional.of(new LauncherProcess(Long.parseLong(pid), Instant.parse(startedAt), Long.parseLong(processGroup)));
        } catch (NumberFormatException | DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
