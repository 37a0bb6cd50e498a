package io.sparkplane.launcher;

import io.sparkplane.spi.engine.LaunchSpec;
import io.sparkplane.spi.launch.WorkDirectory;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

/**
 * Writes the spec's storage conf (object store endpoints and credentials) to the file spark-submit
 * reads with {@code --properties-file}, readable by the engine's user only, so no secret is on a
 * command line or in the driver log.
 */
final class StorageProperties {

    private StorageProperties() {}

    static void write(LaunchSpec spec, WorkDirectory workDirectory) throws IOException {
        Path file = workDirectory.storageProperties();
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Properties properties = new Properties();
        properties.putAll(spec.storageConf());
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING)) {
            properties.store(writer, "object storage for the job (written by the Sparkplane launcher)");
        }
    }
}
