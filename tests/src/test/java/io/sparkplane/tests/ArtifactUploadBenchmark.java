package io.sparkplane.tests;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Uploading an artifact to the default file staging through {@code POST /api/v1/artifacts}, against a
 * {@code Files.copy} of the same file on the same disk and a SHA-256 pass over it, in the same run; then what uploading the same
 * bytes again costs: blindly (sent, not stored) and after a lookup by hash (nothing sent).
 *
 * <p>Not part of the test suite; run with {@code ./sparkplane bench}. It prints figures only.
 */
class ArtifactUploadBenchmark {

    private static final int MIB = Integer.getInteger("bench.artifactMib", 256);

    @Test
    void measure() throws Exception {
        Path home = Files.createTempDirectory("sparkplane-bench-artifacts-");
        Path file = home.resolve("artifact.bin");
        byte[] chunk = new byte[1024 * 1024];
        Random random = new Random(1);
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < MIB; i++) {
                random.nextBytes(chunk);
                digest.update(chunk);
                out.write(chunk);
            }
        }
        String sha256 = HexFormat.of().formatHex(digest.digest());
        long bytes = Files.size(file);

        long copyStart = System.nanoTime();
        Files.copy(file, home.resolve("copy.bin"), StandardCopyOption.REPLACE_EXISTING);
        double copySeconds = (System.nanoTime() - copyStart) / 1e9;
        Files.delete(home.resolve("copy.bin"));

        // the least any content-addressed upload costs: reading the bytes once through SHA-256
        long hashStart = System.nanoTime();
        MessageDigest rehash = MessageDigest.getInstance("SHA-256");
        try (var in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1024 * 1024];
            for (int read; (read = in.read(buffer)) > 0; ) {
                rehash.update(buffer, 0, read);
            }
        }
        double hashSeconds = (System.nanoTime() - hashStart) / 1e9;

        try (ControlPlaneProcess controlPlane = new ControlPlaneProcess(Files.createDirectories(home.resolve("control-plane"))).start()) {
            SparkplaneClient client = controlPlane.client();

            long uploadStart = System.nanoTime();
            HttpResponse<String> first = client.uploadArtifact(file, "artifact.bin");
            double uploadSeconds = (System.nanoTime() - uploadStart) / 1e9;
            JsonNode stored = SparkplaneClient.json(first.body());

            long againStart = System.nanoTime();
            HttpResponse<String> again = client.uploadArtifact(file, "artifact.bin");
            double againSeconds = (System.nanoTime() - againStart) / 1e9;

            long lookupStart = System.nanoTime();
            int lookup = client.artifact(sha256).statusCode();
            double lookupSeconds = (System.nanoTime() - lookupStart) / 1e9;

            double mb = bytes / 1e6;
            System.out.printf("%nartifact upload, %d MiB, file staging on this disk%n", MIB);
            System.out.printf("| step | HTTP | bytes sent | bytes stored | s | MB/s | ratio to disk copy |%n|---|---|---|---|---|---|---|%n");
            System.out.printf("| disk copy (Files.copy) | | | %d | %.2f | %.0f | 1.00 |%n", bytes, copySeconds, mb / copySeconds);
            System.out.printf("| SHA-256 of the file (no copy) | | | | %.2f | %.0f | %.2f |%n", hashSeconds, mb / hashSeconds, copySeconds / hashSeconds);
            System.out.printf("| first upload | %d | %d | %d | %.2f | %.0f | %.2f |%n", first.statusCode(), bytes,
                    stored.get("storedBytes").asLong(), uploadSeconds, mb / uploadSeconds, copySeconds / uploadSeconds);
            System.out.printf("| same bytes again | %d | %d | %d | %.2f | | |%n", again.statusCode(), bytes,
                    SparkplaneClient.json(again.body()).get("storedBytes").asLong(), againSeconds);
            System.out.printf("| lookup by hash first (then no upload) | %d | 0 | 0 | %.3f | | |%n", lookup, lookupSeconds);
        }
    }
}
