package io.sparkplane.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.spi.engine.EngineResources;
import io.sparkplane.spi.engine.Entrypoint;
import io.sparkplane.spi.engine.LaunchSpec;
import java.nio.file.Files;
import java.nio.file.Path;
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
    void stagesExistingFilesAndNamesTheMissingOne(@TempDir Path directory) throws Exception {
        Path main = Files.writeString(directory.resolve("main.py"), "print(1)");
        Path library = Files.writeString(directory.resolve("lib.py"), "x = 1");
        LaunchSpec spec = spec(main.toUri().toString(), List.of(library.toString()));
        assertThat(StagedInputs.stage(spec)).isEqualTo(new StagedInputs(main, List.of(library), List.of(), List.of()));

        Path missing = directory.resolve("missing.py");
        assertThatThrownBy(() -> StagedInputs.stage(spec(main.toString(), List.of(missing.toString()))))
                .isInstanceOf(StagedInputs.StagingException.class)
                .hasMessage("pyFiles file " + missing + " does not exist or is not a regular file");
        assertThatThrownBy(() -> StagedInputs.stage(spec("s3://bucket/main.py", List.of())))
                .isInstanceOf(StagedInputs.StagingException.class)
                .hasMessageContaining("s3://bucket/main.py").hasMessageContaining("only absolute local paths and file: URIs");
    }

    private static LaunchSpec spec(String entrypoint, List<String> pyFiles) {
        return new LaunchSpec("r", 1, "n", "http://cp", "t", new Entrypoint.PythonFile(entrypoint), List.of(), pyFiles,
                List.of(), List.of(), Map.of(), new EngineResources(1, 512, 1, 512, 0, 1));
    }
}
