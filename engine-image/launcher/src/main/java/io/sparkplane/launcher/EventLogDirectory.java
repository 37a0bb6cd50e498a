package io.sparkplane.launcher;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Spark refuses to start when {@code spark.eventLog.dir} does not exist, so a local event log
 * directory (a {@code file:} URI or a plain path, as the control plane's staging layout gives) is
 * created before spark-submit. Other schemes are Spark's own business.
 */
final class EventLogDirectory {

    private EventLogDirectory() {}

    /** The directory created (or already there), empty when the conf asks for no local event log. */
    static Optional<Path> prepare(Map<String, String> sparkConf) throws IOException {
        if (!"true".equalsIgnoreCase(sparkConf.getOrDefault("spark.eventLog.enabled", "false").trim())) {
            return Optional.empty();
        }
        String directory = sparkConf.get("spark.eventLog.dir");
        if (directory == null || directory.isBlank()) {
            return Optional.empty();
        }
        Path path;
        if (directory.startsWith("file:")) {
            path = Path.of(URI.create(directory));
        } else if (directory.startsWith("/")) {
            path = Path.of(directory);
        } else {
            return Optional.empty();
        }
        return Optional.of(Files.createDirectories(path));
    }
}
