package io.sparkplane.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.api.contract.OpenApiContract;
import io.sparkplane.listener.BacklogReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BacklogFileTest {

    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path directory;

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final LauncherLog log = new LauncherLog("run-1", 1, new PrintStream(output, true));

    @Test
    void readsAFreshSnapshot() throws Exception {
        BacklogFile file = backlog("""
                {"at":"2026-03-01T09:59:58Z","pendingTasks":6,"runningTasks":2,"completedTasks":4,"failedTasks":1,
                 "executorsAlive":2,"executorsBusy":1,"meanTaskMillis":950,
                 "stages":[{"stageId":3,"stageAttempt":0,"name":"sum at job.py:9","numTasks":12,"pendingTasks":6,"runningTasks":2,"completedTasks":4}]}
                """);

        BacklogReport report = file.read(NOW).orElseThrow();

        assertThat(report.pendingTasks()).isEqualTo(6);
        assertThat(report.meanTaskMillis()).isEqualTo(950);
        assertThat(report.stages()).singleElement().satisfies(stage -> assertThat(stage.name()).isEqualTo("sum at job.py:9"));
    }

    @Test
    void nothingWithoutAFileOrWhenTheSnapshotIsStale() throws Exception {
        BacklogFile file = new BacklogFile(directory.resolve("backlog.json"), log);
        assertThat(file.read(NOW)).isEmpty();

        Files.writeString(directory.resolve("backlog.json"), snapshot("2026-03-01T09:59:49Z", 0, ""));
        assertThat(file.read(NOW)).isEmpty();
        assertThat(output.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void ignoresAMalformedSnapshotAndSaysSoOnce() throws Exception {
        BacklogFile file = backlog("{\"at\":\"2026-03-01T09:59:59Z\",\"pendingTasks\":-1}");

        assertThat(file.read(NOW)).isEmpty();
        assertThat(file.read(NOW)).isEmpty();
        Files.writeString(directory.resolve("backlog.json"), "{not json");
        assertThat(file.read(NOW)).isEmpty();

        assertThat(output.toString(StandardCharsets.UTF_8).lines()).singleElement()
                .satisfies(line -> assertThat(line).contains("level=WARN", "malformed backlog snapshot"));

        Files.writeString(directory.resolve("backlog.json"), snapshot("2026-03-01T09:59:59Z", 0, ""));
        assertThat(file.read(NOW)).isPresent();
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("readable again");
    }

    @Test
    void cutsStagesToOneHundredAndNamesToFiveHundredCharacters() throws Exception {
        StringBuilder stages = new StringBuilder();
        for (int stage = 0; stage < 130; stage++) {
            stages.append(stage == 0 ? "" : ",").append("{\"stageId\":").append(stage)
                    .append(",\"stageAttempt\":0,\"name\":\"").append("n".repeat(700))
                    .append("\",\"numTasks\":1,\"pendingTasks\":1,\"runningTasks\":0,\"completedTasks\":0}");
        }
        BacklogFile file = backlog(snapshot("2026-03-01T09:59:59Z", 130, stages.toString()));

        BacklogReport report = file.read(NOW).orElseThrow();

        assertThat(report.stages()).hasSize(100).allSatisfy(stage -> assertThat(stage.name()).hasSize(500));
        String body = EngineApiClient.heartbeatBody(Optional.of(report)).toString();
        assertThat(OpenApiContract.load().validateRequestBody("POST", "/internal/v1/runs/run-1/attempts/1/heartbeat", body)).isEmpty();
    }

    private BacklogFile backlog(String json) throws Exception {
        Files.writeString(directory.resolve("backlog.json"), json);
        return new BacklogFile(directory.resolve("backlog.json"), log);
    }

    private static String snapshot(String at, int pending, String stages) {
        return "{\"at\":\"" + at + "\",\"pendingTasks\":" + pending + ",\"runningTasks\":0,\"completedTasks\":0,\"failedTasks\":0,"
                + "\"executorsAlive\":1,\"executorsBusy\":0,\"stages\":[" + stages + "]}";
    }
}
