package io.sparkplane.backend.local;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The Spark standalone master of a cluster, as recorded in {@code master.json}. */
record MasterProcess(int port, int uiPort, TrackedProcess process) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    MasterProcess {
        requireNonNull(process, "process is null");
    }

    String url() {
        return "spark://127.0.0.1:" + port;
    }

    String uiUrl() {
        return "http://127.0.0.1:" + uiPort;
    }

    void write(Path file) throws IOException {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("port", port);
        node.put("uiPort", uiPort);
        process.putInto(node);
        AtomicFiles.write(file, MAPPER.writeValueAsBytes(node));
    }

    static Optional<MasterProcess> read(Path file) {
        try {
            JsonNode node = MAPPER.readTree(Files.readAllBytes(file));
            return Optional.of(new MasterProcess(node.get("port").asInt(), node.get("uiPort").asInt(), TrackedProcess.from(node)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
