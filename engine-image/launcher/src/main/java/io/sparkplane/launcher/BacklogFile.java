package io.sparkplane.launcher;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkplane.listener.BacklogReport;
import io.sparkplane.listener.BacklogReport.StageBacklog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the backlog listener's snapshot ({@code <workDir>/backlog.json}) for the next heartbeat.
 *
 * <p>The file comes from code running inside the user's driver, so nothing in it is trusted: it is
 * read field by field into a {@link BacklogReport} (stages cut to 100, names to 500 characters),
 * and anything else — unreadable, not JSON, a missing or negative count — means no backlog this
 * time. A heartbeat the control plane rejected for its body would make a live engine look lost.
 * A snapshot older than {@link #MAX_AGE} is not sent either: the listener writes every second
 * while the application runs, so an old one describes an application that has ended.
 */
final class BacklogFile {

    static final Duration MAX_AGE = Duration.ofSeconds(10);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path file;
    private final LauncherLog log;
    private boolean complained;

    BacklogFile(Path file, LauncherLog log) {
        this.file = requireNonNull(file, "file is null");
        this.log = requireNonNull(log, "log is null");
    }

    /** The snapshot to send now, if there is a readable one no older than {@link #MAX_AGE}. */
    synchronized Optional<BacklogReport> read(Instant now) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return complain("cannot read " + file + ": " + e.getMessage());
        }
        BacklogReport report;
        try {
            report = parse(bytes);
        } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
            return complain("ignoring the malformed backlog snapshot in " + file + ": " + e.getMessage());
        }
        if (complained) {
            complained = false;
            log.info("the backlog snapshot in " + file + " is readable again");
        }
        if (report.at().isBefore(now.minus(MAX_AGE))) {
            return Optional.empty();
        }
        return Optional.of(report);
    }

    /** Logs the first problem of a run of them only: the file is read every second. */
    private Optional<BacklogReport> complain(String message) {
        if (!complained) {
            complained = true;
            log.warn(message + " (heartbeats go on without a backlog; further problems are not logged until it is readable)");
        }
        return Optional.empty();
    }

    /** @throws IllegalArgumentException when a field is missing or of the wrong kind */
    static BacklogReport parse(byte[] json) throws IOException {
        JsonNode root = MAPPER.readTree(json);
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        JsonNode mean = root.get("meanTaskMillis");
        JsonNode stagesNode = root.get("stages");
        if (stagesNode == null || !stagesNode.isArray()) {
            throw new IllegalArgumentException("stages is not an array");
        }
        List<StageBacklog> stages = new ArrayList<>();
        for (JsonNode stage : stagesNode) {
            if (stages.size() == BacklogReport.MAX_STAGES) {
                break;
            }
            if (!stage.isObject()) {
                throw new IllegalArgumentException("a stage is not an object");
            }
            JsonNode name = stage.get("name");
            if (name == null || !name.isTextual()) {
                throw new IllegalArgumentException("a stage's name is not a string");
            }
            stages.add(new StageBacklog(
                    intCount(stage, "stageId"),
                    intCount(stage, "stageAttempt"),
                    truncated(name.textValue()),
                    intCount(stage, "numTasks"),
                    intCount(stage, "pendingTasks"),
                    intCount(stage, "runningTasks"),
                    intCount(stage, "completedTasks")));
        }
        JsonNode at = root.get("at");
        if (at == null || !at.isTextual()) {
            throw new IllegalArgumentException("at is not a string");
        }
        return new BacklogReport(
                Instant.parse(at.textValue()),
                // the contract's counts are int32: a total beyond it (billions of tasks) is pinned, not refused
                clamped(count(root, "pendingTasks")),
                clamped(count(root, "runningTasks")),
                clamped(count(root, "completedTasks")),
                clamped(count(root, "failedTasks")),
                intCount(root, "executorsAlive"),
                intCount(root, "executorsBusy"),
                mean == null || mean.isNull() ? null : count(root, "meanTaskMillis"),
                stages);
    }

    private static long count(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0) {
            throw new IllegalArgumentException(field + " is not a count");
        }
        return value.longValue();
    }

    private static long clamped(long count) {
        return Math.min(count, Integer.MAX_VALUE);
    }

    private static int intCount(JsonNode node, String field) {
        long value = count(node, field);
        if (value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(field + " is out of range");
        }
        return (int) value;
    }

    private static String truncated(String name) {
        if (name.length() <= StageBacklog.MAX_NAME_LENGTH) {
            return name;
        }
        int end = StageBacklog.MAX_NAME_LENGTH;
        return name.substring(0, Character.isHighSurrogate(name.charAt(end - 1)) ? end - 1 : end);
    }
}
