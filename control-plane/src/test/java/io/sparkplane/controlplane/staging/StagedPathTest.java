package io.sparkplane.controlplane.staging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.spi.storage.Location;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StagedPathTest {

    @ParameterizedTest
    @ValueSource(strings = {"driver.log", "eventlog/eventlog_v2_app-1/events_1_app-1.zstd", "outputs/report.csv", "outputs/a b/c.txt"})
    void acceptsTheAttemptsFiles(String value) {
        assertThat(new StagedPath(value).value()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "launch.json", "eventlog", "eventlog/", "outputs//x", "outputs/../driver.log", "outputs/./x",
            "/outputs/x", "outputs/a\\b", "outputs/a\nb", "../runs/other/1/driver.log"})
    void refusesAnythingElse(String value) {
        assertThatThrownBy(() -> new StagedPath(value)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void layoutPlacesEverythingUnderTheStagingRoot() {
        StagingLayout layout = new StagingLayout(Location.parse("s3://bucket/staging"));
        UUID run = UUID.fromString("00000000-0000-0000-0000-000000000001");
        assertThat(layout.artifact(new ArtifactHash("f".repeat(64))).uri()).isEqualTo("s3://bucket/staging/artifacts/sha256/" + "f".repeat(64));
        assertThat(layout.attemptFile(run, 2, new StagedPath("outputs/r.csv")).uri())
                .isEqualTo("s3://bucket/staging/runs/00000000-0000-0000-0000-000000000001/2/outputs/r.csv");
        assertThat(layout.driverLog(run, 1).uri()).isEqualTo("s3://bucket/staging/runs/00000000-0000-0000-0000-000000000001/1/driver.log");
        assertThat(layout.historyFile(run, 2, new StagedPath("eventlog/eventlog_v2_app-1/events_1_app-1.zstd"))).get()
                .extracting(Location::uri)
                .isEqualTo("s3://bucket/staging/history/eventlog_v2_00000000-0000-0000-0000-000000000001-2-app-1/events_1_app-1.zstd");
        assertThat(layout.historyFile(run, 1, new StagedPath("eventlog/app-1.zstd"))).get()
                .extracting(Location::uri).isEqualTo("s3://bucket/staging/history/00000000-0000-0000-0000-000000000001-1-app-1.zstd");
        assertThat(layout.historyFile(run, 1, new StagedPath("outputs/r.csv"))).isEmpty();
    }
}
