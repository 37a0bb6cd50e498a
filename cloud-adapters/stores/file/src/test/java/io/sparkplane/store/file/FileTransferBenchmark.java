package io.sparkplane.store.file;

import io.sparkplane.spi.storage.Location;
import io.sparkplane.testkit.TransferBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file store's transfers against a plain disk copy; see {@link TransferBenchmark}. Not part of the suite. */
class FileTransferBenchmark {

    @TempDir
    Path directory;

    @Test
    void measure() throws Exception {
        Path root = Files.createDirectories(directory.resolve("staging"));
        TransferBenchmark.Result result = TransferBenchmark.measure("file:// (local disk)",
                new FileObjectStore(List.of(root)), Location.parse(root.toUri().toString()), directory);
        System.out.println(TransferBenchmark.Result.markdownHeader());
        System.out.println(result.markdownRow());
    }
}
