package io.sparkplane.backend.hdinsight;

import static java.util.Objects.requireNonNull;

import io.sparkplane.spi.engine.DriverOutput;
import io.sparkplane.spi.engine.EngineBackendException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The driver's output of an attempt, kept on the control plane's machine before Sparkplane ends
 * what holds it: a Livy {@code DELETE} forgets the batch and its log, and deleting an ephemeral
 * cluster takes its Livy with it, while the control plane may ask for the output after it ended
 * the job (a cancel ends it first). Kept under {@code <work>/<profile>/<cluster name>/}:
 * {@code driver-output.txt} (the log as Livy gave it) and {@code driver-output.source} (where it came
 * from, one line). Written whole or not at all.
 */
final class DriverOutputFiles {

    static final String TEXT = "driver-output.txt";
    static final String SOURCE = "driver-output.source";

    private final Path directory;

    /** @param directory the profile's directory, {@code <work>/<profile>} */
    DriverOutputFiles(Path directory) {
        this.directory = requireNonNull(directory, "directory is null");
    }

    Path directory(String clusterName) {
        if (clusterName.isEmpty() || clusterName.contains("/") || clusterName.contains("\\") || clusterName.startsWith(".")) {
            throw new IllegalArgumentException("not a cluster name to keep files by: " + clusterName);
        }
        return directory.resolve(clusterName);
    }

    /** Whether output of the cluster is kept. */
    boolean kept(String clusterName) {
        return Files.isRegularFile(directory(clusterName).resolve(TEXT));
    }

    /** Keeps the output, in place of any kept before. */
    void keep(String clusterName, DriverOutput output) {
        Path dir = directory(clusterName);
        try {
            Files.createDirectories(dir);
            write(dir.resolve(SOURCE), output.source());
            write(dir.resolve(TEXT), output.text());
        } catch (IOException e) {
            throw new EngineBackendException("cannot keep the driver's output of " + clusterName + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The output kept of the cluster, if any. */
    Optional<DriverOutput> read(String clusterName) {
        Path dir = directory(clusterName);
        Path text = dir.resolve(TEXT);
        if (!Files.isRegularFile(text)) {
            return Optional.empty();
        }
        try {
            Path source = dir.resolve(SOURCE);
            String from = Files.isRegularFile(source) ? Files.readString(source, StandardCharsets.UTF_8).strip() : "the Livy batch's log";
            return Optional.of(new DriverOutput(from + " (kept by Sparkplane)", Files.readString(text, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new EngineBackendException("cannot read the kept driver's output of " + clusterName + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Through a file beside it, moved in place: a reader never sees half of it. */
    private static void write(Path file, String content) throws IOException {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        Files.writeString(partial, content, StandardCharsets.UTF_8);
        try {
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
