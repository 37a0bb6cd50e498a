package io.sparkplane.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventLogDirectoryTest {

    @TempDir
    Path directory;

    @Test
    void createsALocalEventLogDirectoryGivenAsAFileUri() throws Exception {
        Path target = directory.resolve("staging/runs/r/1/eventlog");

        assertThat(EventLogDirectory.prepare(Map.of("spark.eventLog.enabled", "true", "spark.eventLog.dir", target.toUri().toString())))
                .contains(target);
        assertThat(target).isDirectory();
    }

    @Test
    void leavesOtherCasesAlone() throws Exception {
        assertThat(EventLogDirectory.prepare(Map.of())).isEmpty();
        assertThat(EventLogDirectory.prepare(Map.of("spark.eventLog.enabled", "false", "spark.eventLog.dir", directory.toString()))).isEmpty();
        assertThat(EventLogDirectory.prepare(Map.of("spark.eventLog.enabled", "true", "spark.eventLog.dir", "s3a://bucket/logs"))).isEmpty();
    }

    @Test
    void aDirectoryThatCannotBeMadeFails() throws Exception {
        Path file = Files.writeString(directory.resolve("a-file"), "x");

        assertThatThrownBy(() -> EventLogDirectory.prepare(Map.of("spark.eventLog.enabled", "true",
                "spark.eventLog.dir", file.resolve("below").toUri().toString()))).isInstanceOf(IOException.class);
    }
}
