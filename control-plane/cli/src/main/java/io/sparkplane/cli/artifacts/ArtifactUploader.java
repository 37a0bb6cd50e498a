package io.sparkplane.cli.artifacts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.cli.CliException;
import io.sparkplane.cli.ExitCode;
import io.sparkplane.cli.api.ApiClient;
import io.sparkplane.cli.api.ApiException;
import io.sparkplane.cli.api.Operation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Puts a local file into a workspace's staging as an artifact: hashes it, asks whether the control
 * plane has those bytes already (then sends nothing), else uploads it with progress for large files.
 * Returns the ref a run names it by.
 */
public final class ArtifactUploader {

    private static final long PROGRESS_FROM_BYTES = 8L << 20;
    private static final long PROGRESS_EVERY_NANOS = 2_000_000_000L;

    private final ApiClient api;
    private final Consumer<String> notices;

    public ArtifactUploader(ApiClient api, Consumer<String> notices) {
        this.api = api;
        this.notices = notices;
    }

    /** An upload's outcome: the API's artifact, and whether bytes were sent. */
    public record Uploaded(JsonNode artifact, boolean sent) {
        public String ref() {
            return artifact.path("ref").asText();
        }
    }

    /**
     * @param name      the file name runs see; default the file's own, made safe for the API
     * @param workspace the workspace whose staging gets it; default the server's ({@code default})
     */
    public Uploaded upload(Path file, Optional<String> name, Optional<String> workspace) {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw CliException.usage("no such file: " + file);
        }
        String fileName = name.orElse(safeName(file.getFileName().toString()));
        String sha256 = sha256(file);
        long size = size(file);
        try {
            JsonNode found = api.request(Operation.GET_ARTIFACT).path("sha256", sha256).query("workspace", workspace.orElse(null)).call();
            // the lookup's ref carries the default file name: this one is for the name runs see
            ObjectNode artifact = ((ObjectNode) found).deepCopy();
            artifact.put("ref", "artifact:sha256:" + sha256 + "/" + fileName);
            notices.accept(file + " is in staging already (" + bytes(size) + ", sha256 " + sha256.substring(0, 12) + "); not sent again");
            return new Uploaded(artifact, false);
        } catch (ApiException e) {
            if (e.status() != 404) {
                throw e;
            }
        }
        Progress progress = new Progress(file, size);
        JsonNode stored = api.request(Operation.UPLOAD_ARTIFACT).query("name", fileName).query("workspace", workspace.orElse(null))
                .file(file, progress::sent).call();
        notices.accept("uploaded " + file + " (" + bytes(size) + ") as " + stored.path("ref").asText());
        return new Uploaded(stored, true);
    }

    /** A file name the API takes ({@code [A-Za-z0-9._+=-]}), other characters replaced by {@code _}. */
    public static String safeName(String fileName) {
        String safe = fileName.replaceAll("[^A-Za-z0-9._+=-]", "_");
        return safe.isEmpty() || safe.equals(".") || safe.equals("..") ? "artifact" : safe.substring(0, Math.min(safe.length(), 255));
    }

    public static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new CliException(ExitCode.USAGE, "cannot read " + file + ": " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new CliException(ExitCode.USAGE, "cannot read " + file + ": " + e.getMessage());
        }
    }

    public static String bytes(long count) {
        if (count < 1024) {
            return count + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = count;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    /** Says how far a large upload has come, every few seconds. */
    private final class Progress {
        private final Path file;
        private final long size;
        private long lastSaid = System.nanoTime();

        Progress(Path file, long size) {
            this.file = file;
            this.size = size;
        }

        void sent(long bytes) {
            long now = System.nanoTime();
            if (size >= PROGRESS_FROM_BYTES && now - lastSaid >= PROGRESS_EVERY_NANOS) {
                lastSaid = now;
                notices.accept(String.format(Locale.ROOT, "uploading %s: %s of %s (%d%%)", file.getFileName(), bytes(bytes), bytes(size),
                        size == 0 ? 100 : bytes * 100 / size));
            }
        }
    }
}
