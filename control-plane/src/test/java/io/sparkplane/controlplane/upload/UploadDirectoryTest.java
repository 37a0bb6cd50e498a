package io.sparkplane.controlplane.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UploadDirectoryTest {

    @Test
    void removesOnlyOldUnfinishedUploads(@TempDir Path directory) throws Exception {
        Instant now = Instant.now();
        Path stale = Files.writeString(directory.resolve("upload-1.part"), "x");
        Files.setLastModifiedTime(stale, FileTime.from(now.minus(2, ChronoUnit.HOURS)));
        Path fresh = Files.writeString(directory.resolve("upload-2.part"), "x");
        Path other = Files.writeString(directory.resolve("keep.txt"), "x");
        Files.setLastModifiedTime(other, FileTime.from(now.minus(2, ChronoUnit.HOURS)));

        assertThat(UploadDirectory.removeStale(directory, now.minus(UploadDirectory.STALE_AFTER))).isEqualTo(1);

        assertThat(stale).doesNotExist();
        assertThat(fresh).exists();
        assertThat(other).exists();
        assertThat(UploadDirectory.removeStale(directory.resolve("missing"), now)).isZero();
    }
}
