package io.sparkplane.cli.runs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.sparkplane.api.contract.OpenApiContract;
import io.sparkplane.cli.CliException;
import io.sparkplane.cli.ExitCode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The bodies {@code runs submit} builds are bodies the contract takes, and local files are found where the user meant. */
class RunRequestBuilderTest {

    private static final OpenApiContract CONTRACT = OpenApiContract.load();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path WORK = Path.of("/work/repo");
    private static final Path HOME = Path.of("/home/me");
    private static final Set<Path> FILES = Set.of(WORK.resolve("jobs/etl.py"), WORK.resolve("lib/helpers.zip"), WORK.resolve("deps/env.tgz"),
            Path.of("/ci/conf/run-dir/job.py"), Path.of("/ci/conf/run-dir/data/lookup.csv"), HOME.resolve("app.jar"));
    private static final RunRequestBuilder BUILDER = new RunRequestBuilder(WORK, HOME, FILES::contains);

    @Test
    void aPythonFileWithItsArgumentsAndEveryOption() throws Exception {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.sql.shuffle.partitions", "8");
        SubmitOptions options = new SubmitOptions(Optional.of("jobs/etl.py"), List.of("--date", "2026-12-06", "s3a://out/"), Optional.empty(),
                Optional.of("nightly etl"), List.of("lib/helpers.zip,s3://shared/common.py"), List.of(), List.of("gs://b/lookup.csv"),
                List.of("deps/env.tgz#env"), conf, Map.of("team", "data"), Optional.of(1), Optional.of("2g"), Optional.of(2), Optional.of("4g"),
                Optional.of(1), Optional.of(6), Optional.of("backlog"), Optional.of("local"), Optional.of(Duration.ofMinutes(30)), Optional.of(2),
                Optional.of("analytics"));
        RunRequest request = BUILDER.build(options, Optional.empty());
        ObjectNode body = request.body();

        assertThat(body.at("/entrypoint/pythonFile").asText()).isEqualTo("jobs/etl.py");
        assertThat(body.at("/args").toString()).isEqualTo("[\"--date\",\"2026-12-06\",\"s3a://out/\"]");
        assertThat(body.at("/pyFiles").toString()).isEqualTo("[\"lib/helpers.zip\",\"s3://shared/common.py\"]");
        assertThat(body.at("/timeoutSeconds").asInt()).isEqualTo(1800);
        assertThat(body.at("/resources/executor/memory").asText()).isEqualTo("4g");
        assertThat(body.at("/autoscaling/maxExecutors").asInt()).isEqualTo(6);
        assertThat(request.locals()).extracting(RunRequest.LocalInput::field)
                .containsExactly("entrypoint.pythonFile", "pyFiles[0]", "archives[0]");
        assertThat(request.locals()).extracting(RunRequest.LocalInput::path)
                .containsExactly(WORK.resolve("jobs/etl.py"), WORK.resolve("lib/helpers.zip"), WORK.resolve("deps/env.tgz"));

        for (RunRequest.LocalInput local : request.locals()) {
            request.use(local, "artifact:sha256:" + "a".repeat(64) + "/" + local.path().getFileName());
        }
        assertThat(body.at("/archives/0").asText()).isEqualTo("artifact:sha256:" + "a".repeat(64) + "/env.tgz#env");
        CONTRACT.assertRequestBody("POST", "/api/v1/runs", JSON.writeValueAsString(body));
    }

    @Test
    void aJarNeedsItsMainClass() throws Exception {
        SubmitOptions jar = new SubmitOptions(Optional.of("~/app.jar"), List.of("10"), Optional.of("org.example.Pi"), Optional.empty(), List.of(),
                List.of(), List.of(), List.of(), Map.of(), Map.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        RunRequest request = BUILDER.build(jar, Optional.empty());
        assertThat(request.body().at("/entrypoint/mainClass").asText()).isEqualTo("org.example.Pi");
        assertThat(request.locals()).extracting(RunRequest.LocalInput::path).containsExactly(HOME.resolve("app.jar"));
        request.use(request.locals().get(0), "artifact:sha256:" + "b".repeat(64) + "/app.jar");
        CONTRACT.assertRequestBody("POST", "/api/v1/runs", JSON.writeValueAsString(request.body()));

        assertThatThrownBy(() -> BUILDER.build(SubmitOptions.of("s3://b/app.jar"), Optional.empty()))
                .isInstanceOf(CliException.class).hasMessageContaining("--class");
    }

    @Test
    void remoteLocationsAreLeftToTheServer() throws Exception {
        for (String location : List.of("artifact:sha256:" + "c".repeat(64) + "/job.py", "s3://b/job.py", "gs://b/job.py",
                "abfss://c@a.dfs.core.windows.net/job.py", "wasbs://c@a.blob.core.windows.net/job.py", "https://example.com/job.py", "file:/srv/job.py")) {
            RunRequest request = BUILDER.build(SubmitOptions.of(location), Optional.empty());
            assertThat(request.locals()).as(location).isEmpty();
            CONTRACT.assertRequestBody("POST", "/api/v1/runs", JSON.writeValueAsString(request.body()));
        }
    }

    @Test
    void aMissingLocalFileIsAUsageErrorNamingIt() {
        assertThatThrownBy(() -> BUILDER.build(SubmitOptions.of("jobs/missing.py"), Optional.empty()))
                .isInstanceOfSatisfying(CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
                .hasMessageContaining("ENTRYPOINT").hasMessageContaining("/work/repo/jobs/missing.py");
        assertThatThrownBy(() -> BUILDER.build(new SubmitOptions(Optional.empty(), List.of(), Optional.empty(), Optional.empty(), List.of(),
                List.of(), List.of(), List.of(), Map.of(), Map.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()),
                Optional.empty())).isInstanceOf(CliException.class).hasMessageContaining("-f run.yaml");
    }

    @Test
    void optionsOverrideARunFileWhoseRelativePathsAreItsOwn() throws Exception {
        JsonNode yaml = new ObjectMapper(new YAMLFactory()).readTree("""
                name: from the file
                entrypoint:
                  pythonFile: job.py
                args: [a, b]
                files: [data/lookup.csv]
                sparkConf:
                  spark.sql.shuffle.partitions: "4"
                  spark.sql.adaptive.enabled: "true"
                labels: {team: data}
                """);
        RunRequestBuilder.RunFile file = new RunRequestBuilder.RunFile((ObjectNode) yaml, Path.of("/ci/conf/run-dir"), "run.yaml");
        SubmitOptions options = new SubmitOptions(Optional.empty(), List.of(), Optional.empty(), Optional.of("from the flag"), List.of(), List.of(),
                List.of(), List.of(), Map.of("spark.sql.shuffle.partitions", "16"), Map.of("env", "ci"), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
        RunRequest request = BUILDER.build(options, Optional.of(file));
        ObjectNode body = request.body();
        assertThat(body.path("name").asText()).isEqualTo("from the flag");
        assertThat(body.at("/args").toString()).isEqualTo("[\"a\",\"b\"]");
        assertThat(body.at("/sparkConf/spark.sql.shuffle.partitions").asText()).isEqualTo("16");
        assertThat(body.at("/sparkConf/spark.sql.adaptive.enabled").asText()).isEqualTo("true");
        assertThat(body.at("/labels").toString()).isEqualTo("{\"team\":\"data\",\"env\":\"ci\"}");
        assertThat(request.locals()).extracting(RunRequest.LocalInput::path)
                .containsExactly(Path.of("/ci/conf/run-dir/job.py"), Path.of("/ci/conf/run-dir/data/lookup.csv"));
        assertThat(file.body().path("name").asText()).as("the file's body is not changed").isEqualTo("from the file");

        SubmitOptions newEntrypoint = SubmitOptions.of("jobs/etl.py", "x");
        RunRequest replaced = BUILDER.build(newEntrypoint, Optional.of(file));
        assertThat(replaced.body().at("/args").toString()).isEqualTo("[\"x\"]");
        assertThat(replaced.locals().get(0).path()).isEqualTo(WORK.resolve("jobs/etl.py"));
    }
}
