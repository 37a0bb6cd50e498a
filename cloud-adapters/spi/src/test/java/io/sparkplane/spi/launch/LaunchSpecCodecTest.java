package io.sparkplane.spi.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.spi.engine.AttemptFailure;
import io.sparkplane.spi.engine.AttemptOutcome;
import io.sparkplane.spi.engine.EngineResources;
import io.sparkplane.spi.engine.Entrypoint;
import io.sparkplane.spi.engine.LaunchSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchSpecCodecTest {

    static LaunchSpec pythonSpec() {
        return new LaunchSpec("run-1", 2, "nightly report", "http://127.0.0.1:8080", "s3cr3t-token",
                new Entrypoint.PythonFile("/jobs/main.py"), List.of("--date", "2026-11-25", ""),
                List.of("file:///jobs/lib.zip"), List.of("/jobs/udf.jar"), List.of("/jobs/lookup.csv"), List.of("/jobs/env.tar.gz#env"),
                Map.of("spark.sql.shuffle.partitions", "4", "spark.executorEnv.GREETING", "héllo \"quoted\""),
                Map.of("spark.hadoop.fs.s3a.secret.key", "s3cr3t-key"),
                new EngineResources(1, 1024, 2, 2048, 1, 3));
    }

    @Test
    void roundTripsAPythonSpec() {
        LaunchSpec spec = pythonSpec();
        assertThat(LaunchSpecCodec.decode(LaunchSpecCodec.encode(spec))).isEqualTo(spec);
    }

    @Test
    void roundTripsAJarSpecWithEmptyLists() {
        LaunchSpec spec = new LaunchSpec("r", 1, "jvm", "https://cp.example/", "t", new Entrypoint.Jar("file:/jobs/app.jar", "com.example.Main"),
                List.of(), List.of(), List.of(), List.of(), List.of(), Map.of(), Map.of(), new EngineResources(2, 512, 1, 512, 0, 1));
        assertThat(LaunchSpecCodec.decode(LaunchSpecCodec.encode(spec))).isEqualTo(spec);
    }

    @Test
    void carriesTheTraceParentOnlyWhenThereIsOne() {
        String traceParent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        LaunchSpec traced = pythonSpec().withTraceParent(traceParent);
        assertThat(LaunchSpecCodec.decode(LaunchSpecCodec.encode(traced)).traceParent()).isEqualTo(traceParent);
        assertThat(new String(LaunchSpecCodec.encode(pythonSpec()), StandardCharsets.UTF_8)).doesNotContain("traceParent");
        assertThat(LaunchSpecCodec.decode(LaunchSpecCodec.encode(pythonSpec())).traceParent()).isEmpty();
    }

    @Test
    void writesTheDocumentedFieldNames() {
        String json = new String(LaunchSpecCodec.encode(pythonSpec()), StandardCharsets.UTF_8);
        assertThat(json).contains("\"formatVersion\" : 1", "\"entrypoint\" : {", "\"type\" : \"python\"", "\"pyFiles\"",
                "\"sparkConf\"", "\"maxExecutors\" : 3", "\"token\" : \"s3cr3t-token\"");
    }

    @Test
    void rejectsAnUnknownFormatVersion() {
        String json = new String(LaunchSpecCodec.encode(pythonSpec()), StandardCharsets.UTF_8).replace("\"formatVersion\" : 1", "\"formatVersion\" : 9");
        assertThatThrownBy(() -> LaunchSpecCodec.decode(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("formatVersion 9");
    }

    @Test
    void rejectsMissingFieldsAndBadJson() {
        assertThatThrownBy(() -> LaunchSpecCodec.decode("{\"formatVersion\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no entrypoint");
        assertThatThrownBy(() -> LaunchSpecCodec.decode("{nope".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid JSON");
    }

    @Test
    void roundTripsOutcomes(@TempDir Path directory) throws Exception {
        for (AttemptOutcome outcome : List.of(
                AttemptOutcome.succeeded("spark-submit exited with code 0", 0),
                AttemptOutcome.failed(AttemptFailure.USER_CODE_ERROR, "ValueError: bad input row 7", 1),
                AttemptOutcome.failed(AttemptFailure.STAGING_FAILED, "entrypoint file /x does not exist", null))) {
            Path file = directory.resolve("outcome.json");
            AttemptOutcomeCodec.writeAtomically(file, outcome);
            assertThat(AttemptOutcomeCodec.read(file)).isEqualTo(outcome);
            assertThat(Files.exists(directory.resolve("outcome.json.tmp"))).isFalse();
        }
        assertThat(new String(AttemptOutcomeCodec.encode(AttemptOutcome.failed(AttemptFailure.LAUNCH_FAILED, "m", null)), StandardCharsets.UTF_8))
                .isEqualTo("{\"failure\":\"LAUNCH_FAILED\",\"message\":\"m\",\"exitCode\":null}");
    }
}
