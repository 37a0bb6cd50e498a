package io.sparkplane.testkit;

import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Random;

/**
 * Upload then download of one large file through a store against its local peer, beside a plain
 * disk copy of the same file on the same disk in the same run (the ceiling on this machine). Each
 * store module has a {@code ...TransferBenchmark} that starts its peer and calls {@link #measure};
 * they are not part of the test suite ({@code ./sparkplane bench} runs them).
 */
public final class TransferBenchmark {

    /** The file size, {@code -Dbench.transfer.mib} (default 1024). */
    public static final long BYTES = Long.getLong("bench.transfer.mib", 1024) * 1024 * 1024;

    public record Result(String store, long bytes, double diskCopySeconds, double uploadSeconds, double downloadSeconds) {

        static double mbPerSecond(long bytes, double seconds) {
            return bytes / 1e6 / seconds;
        }

        public String markdownRow() {
            double ceiling = mbPerSecond(bytes, diskCopySeconds);
            double up = mbPerSecond(bytes, uploadSeconds);
            double down = mbPerSecond(bytes, downloadSeconds);
            return String.format("| %s | %d MiB | %.0f | %.0f (%.2f) | %.0f (%.2f) |",
                    store, bytes / (1024 * 1024), ceiling, up, up / ceiling, down, down / ceiling);
        }

        public static String markdownHeader() {
            return "| store (peer) | file | disk copy MB/s | upload MB/s (ratio) | download MB/s (ratio) |\n|---|---|---:|---:|---:|";
        }
    }

    private TransferBenchmark() {}

    /** Measures one round: disk copy, upload, download; checks the download is the same size and deletes what it made. */
    public static Result measure(String name, ObjectStore store, Location root, Path workDirectory) throws IOException {
        Path source = workDirectory.resolve("transfer-source.bin");
        writeRandom(source, BYTES);
        try {
            long start = System.nanoTime();
            Path copy = workDirectory.resolve("transfer-copy.bin");
            Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
            double copySeconds = seconds(start);
            Files.delete(copy);

            Location location = root.resolve("transfer-benchmark/" + System.nanoTime() + ".bin");
            start = System.nanoTime();
            store.put(location, source);
            double uploadSeconds = seconds(start);

            Path downloaded = workDirectory.resolve("transfer-downloaded.bin");
            start = System.nanoTime();
            store.download(location, downloaded);
            double downloadSeconds = seconds(start);
            if (Files.size(downloaded) != BYTES) {
                throw new IllegalStateException("downloaded " + Files.size(downloaded) + " bytes of " + BYTES);
            }
            Files.delete(downloaded);
            store.delete(location);
            return new Result(name, BYTES, copySeconds, uploadSeconds, downloadSeconds);
        } finally {
            Files.deleteIfExists(source);
        }
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static void writeRandom(Path file, long size) throws IOException {
        Random random = new Random(7);
        byte[] buffer = new byte[4 * 1024 * 1024];
        random.nextBytes(buffer);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += buffer.length) {
                out.write(buffer, 0, (int) Math.min(buffer.length, size - written));
            }
        }
    }
}
