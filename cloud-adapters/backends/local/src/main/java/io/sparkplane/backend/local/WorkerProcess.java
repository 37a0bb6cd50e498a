package io.sparkplane.backend.local;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * One Spark standalone worker of a cluster, as recorded in {@code workers/<index>.json}.
 *
 * @param decommissioningSince when it was told to decommission (SIGPWR), or {@code null} while it
 *     takes executors
 */
record WorkerProcess(int index, int port, TrackedProcess process, Instant decommissioningSince) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    WorkerProcess {
        requireNonNull(process, "process is null");
    }

    boolean decommissioning() {
        return decommissioningSince != null;
    }

    WorkerProcess decommissionedAt(Instant at) {
        return new WorkerProcess(index, port, process, at);
    }

    void write(Path file) throws IOException {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("index", index);
        node.put("port", port);
        process.putInto(node);
        if (decommissioningSince != null) {
            node.put("decommissioningSince", decommissioningSince.toString());
        }
        AtomicFiles.write(file, MAPPER.writeValueAsBytes(node));
    }

    static Optional<WorkerProcess> read(Path file) {
        try {
            JsonNode node = MAPPER.readTree(Files.readAllBytes(file));
            TrackedProcess process = TrackedProcess.from(node);
            Instant decommissioningSince = node.hasNonNull("decommissioningSince")
                    ? Instant.parse(node.get("decommissioningSince").asText()) : null;
            return Optional.of(new WorkerProcess(node.get("index").asInt(), node.get("port").asInt(), process, decommissioningSince));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
