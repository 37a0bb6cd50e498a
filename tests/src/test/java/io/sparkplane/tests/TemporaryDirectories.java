package io.sparkplane.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The temporary homes end-to-end tests make for control planes and peers. */
final class TemporaryDirectories {

    private TemporaryDirectories() {}

    /** Deletes the directory and everything under it; nothing for null or a directory already gone. */
    static void delete(Path directory) throws IOException {
        if (directory == null || !Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
    }
}
