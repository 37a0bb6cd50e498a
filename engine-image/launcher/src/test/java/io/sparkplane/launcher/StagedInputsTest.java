package io.sparkplane.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.spi.engine.EngineResources;
import io.sparkplane.spi.engine.Entrypoint;
import io.sparkplane.spi.engine.LaunchSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StagedInputsTest {

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {
            "/jobs/main.py, /jobs/main.py",
            "/jobs/../jobs/main.py, /jobs/main.py",
            "file:/jobs/main.py, /jobs/main.py",
            "file:///jobs/main.py, /jobs/main.py",
            "file://localhost/jobs/main.py, /jobs/main.py",
            "file:///jobs/with%20space.py, /jobs/with space.py",
            "file://otherhost/jobs/main.py, none",
            "jobs/main.py, none",
            "s3://bucket/main.py, none",
            "gs://bucket/main.py, none",
            "https://example.com/main.py, none"})
    void turnsLocationsIntoLocalPaths(String location, String expected) {
        assertThat(StagedInputs.localPath(location)).isEqualTo(Optional.ofNullable(expected).map(Path::of));
    }

    @Test
    void stagesExistingLocalFilesAndNamesTheMissingOne(@TempDir Path directory) throws Exception {
        Path main = Files.writeString(directory.resolve("main.py"), "print(1)");
        Path library = Files.writeString(directory.resolve("lib.py"), "x = 1");
        LaunchSpec spec = spec(main.toUri().toString(), List.of(library.toString()));
        assertThat(StagedInputs.stage(spec, directory.resolve("inputs"), NO_FETCH))
                .isEqualTo(new StagedInputs(main, List.of(library), List.of(), List.of(), List.of()));

        Path missing = directory.resolve("missing.py");
        assertThatThrownBy(() -> StagedInputs.stage(spec(main.toString(), List.of(missing.toString())), directory.resolve("inputs"), NO_FETCH))
                .isInstanceOf(StagedInputs.StagingException.class)
                .hasMessage("pyFiles file " + missing + " does not exist or is not a regular file");
    }

    @Test
    void fetchesEveryOtherInputIntoItsOwnDirectoryUnderItsName(@TempDir Path directory) throws Exception {
        String hash = "a".repeat(64);
        List<String> fetched = new ArrayList<>();
        StagedInputs.InputFetcher fetcher = (reference, target) -> {
            fetched.add(reference);
            try {
                Files.writeString(target, reference);
            } catch (java.io.IOException e) {
                throw new StagedInputs.StagingException(e.getMessage());
            }
        };
        LaunchSpec spec = new LaunchSpec("r", 1, "n", "http://cp", "t", new Entrypoint.PythonFile("artifact:sha256:" + hash + "/job.py"),
                List.of(), List.of("s3://bucket/lib/util.py", "gs://other/lib/util.py"), List.of(), List.of("https://example.com/a/data.csv?v=2"),
                List.of("abfss://c@acct.dfs.core.windows.net/env.tar.gz#env"), Map.of(), Map.of(), new EngineResources(1, 512, 1, 512, 0, 1));
        Path inputs = directory.resolve("inputs");

        StagedInputs staged = StagedInputs.stage(spec, inputs, fetcher);

        assertThat(staged.entrypoint()).isEqualTo(inputs.resolve("0/job.py"));
        assertThat(staged.pyFiles()).containsExactly(inputs.resolve("1/util.py"), inputs.resolve("2/util.py"));
        assertThat(staged.files()).containsExactly(inputs.resolve("3/data.csv"));
        assertThat(staged.archives()).containsExactly(inputs.resolve("4/env.tar.gz") + "#env");
        assertThat(fetched).containsExactly("artifact:sha256:" + hash + "/job.py", "s3://bucket/lib/util.py", "gs://other/lib/util.py",
                "https://example.com/a/data.csv?v=2", "abfss://c@acct.dfs.core.windows.net/env.tar.gz");
        assertThat(Files.readString(inputs.resolve("2/util.py"))).isEqualTo("gs://other/lib/util.py");
    }

    @Test
    void aFailedFetchFailsStagingWithItsMessage(@TempDir Path directory) {
        StagedInputs.InputFetcher refusing = (reference, target) -> {
            throw new StagedInputs.StagingException("cannot fetch " + reference + ": HTTP 404: s3://bucket/main.py does not exist");
        };
        assertThatThrownBy(() -> StagedInputs.stage(spec("s3://bucket/main.py", List.of()), directory, refusing))
                .isInstanceOf(StagedInputs.StagingException.class)
                .hasMessage("cannot fetch s3://bucket/main.py: HTTP 404: s3://bucket/main.py does not exist");
    }

    private static final StagedInputs.InputFetcher NO_FETCH = (reference, target) -> {
        throw new StagedInputs.StagingException("unexpected fetch of " + reference);
    };

    private static LaunchSpec spec(String entrypoint, List<String> pyFiles) {
        return new LaunchSpec("r", 1, "n", "http://cp", "t", new Entrypoint.PythonFile(entrypoint), List.of(), pyFiles,
                List.of(), List.of(), List.of(), Map.of(), Map.of(), new EngineResources(1, 512, 1, 512, 0, 1));
    }
}
