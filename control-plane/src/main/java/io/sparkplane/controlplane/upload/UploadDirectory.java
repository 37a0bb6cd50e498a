package io.sparkplane.controlplane.upload;

import io.quarkus.runtime.Startup;
import io.sparkplane.controlplane.config.SparkplaneConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Where streamed uploads are received ({@code <home>/tmp/uploads}). Each upload deletes its own
 * file; at start, files a crashed control plane left are removed once they are an hour old (younger
 * ones may belong to another control plane sharing the home).
 */
@Startup
@ApplicationScoped
public class UploadDirectory {

    private static final Logger LOG = Logger.getLogger(UploadDirectory.class);
    static final Duration STALE_AFTER = Duration.ofHours(1);

    private final Path path;

    UploadDirectory(SparkplaneConfig config) {
        this.path = config.home().toAbsolutePath().resolve("tmp").resolve("uploads");
        int removed = removeStale(path, Instant.now().minus(STALE_AFTER));
        if (removed > 0) {
            LOG.infof("removed %d unfinished uploads left in %s", removed, path);
        }
    }

    public Path path() {
        return path;
    }

    static int removeStale(Path directory, Instant olderThan) {
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        int removed = 0;
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(file -> file.getFileName().toString().startsWith("upload-")).toList()) {
                try {
                    if (Files.getLastModifiedTime(file).toInstant().isBefore(olderThan) && Files.deleteIfExists(file)) {
                        removed++;
                    }
                } catch (IOException e) {
                    LOG.warnf("cannot remove the unfinished upload %s: %s", file, e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.warnf("cannot list %s: %s", directory, e.getMessage());
        }
        return removed;
    }
}
