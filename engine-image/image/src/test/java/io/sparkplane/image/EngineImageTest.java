package io.sparkplane.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What can be checked of the engine image without a Docker engine (none runs on the build
 * machines): the Dockerfile's base matches the Spark the project pins, everything it copies exists
 * once this module has assembled it, its user and entrypoint are set, and the assembled launcher
 * starts from the class path the entrypoint gives it. The entrypoint's roles themselves run under
 * the test kubelet of the Kubernetes tests.
 */
class EngineImageTest {

    private static final Path ENGINE_IMAGE = Path.of("..").toAbsolutePath().normalize();
    private static final Path LAYOUT = Path.of("target/opt/sparkplane").toAbsolutePath();

    private static List<String> instructions() throws IOException {
        return Files.readAllLines(ENGINE_IMAGE.resolve("Dockerfile")).stream()
                .map(String::trim)
                .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                .toList();
    }

    @Test
    void theBaseImageCarriesThePinnedSparkVersion() throws IOException {
        String version = System.getProperty("sparkplane.spark.version");
        assertThat(version).as("the build passes spark.version").isNotBlank();
        assertThat(instructions()).filteredOn(line -> line.startsWith("FROM "))
                .singleElement().satisfies(from -> assertThat(from).startsWith("FROM apache/spark:" + version + "-"));
    }

    @Test
    void everythingTheDockerfileCopiesExists() throws IOException {
        List<String> copies = instructions().stream().filter(line -> line.startsWith("COPY ")).toList();
        assertThat(copies).isNotEmpty();
        for (String copy : copies) {
            String[] words = copy.split("\\s+");
            String source = words[words.length - 2];
            assertThat(ENGINE_IMAGE.resolve(source)).as(copy).exists();
        }
        assertThat(LAYOUT.resolve("listener/sparkplane-backlog-listener.jar")).isRegularFile();
        try (Stream<Path> launcher = Files.list(LAYOUT.resolve("launcher")); Stream<Path> connectors = Files.list(LAYOUT.resolve("connectors"))) {
            assertThat(launcher.map(path -> path.getFileName().toString()))
                    .anyMatch(name -> name.startsWith("sparkplane-launcher-"))
                    .anyMatch(name -> name.startsWith("sparkplane-spi-"))
                    .anyMatch(name -> name.startsWith("jackson-databind-"))
                    .noneMatch(name -> name.startsWith("sparkplane-connectors"));
            assertThat(connectors.map(path -> path.getFileName().toString()))
                    .anyMatch(name -> name.startsWith("hadoop-aws-"))
                    .anyMatch(name -> name.startsWith("gcs-connector-"))
                    .anyMatch(name -> name.startsWith("hadoop-azure-"));
        }
    }

    @Test
    void theImageRunsAsSparksUserThroughTheEntrypoint() throws IOException {
        assertThat(instructions()).contains("USER 185", "ENTRYPOINT [\"/opt/sparkplane/entrypoint.sh\"]");
        Path entrypoint = ENGINE_IMAGE.resolve("entrypoint.sh");
        assertThat(Files.isExecutable(entrypoint)).as("entrypoint.sh is executable (git keeps the mode)").isTrue();
    }

    @Test
    void theEntrypointParsesAndRefusesAnUnknownRole() throws Exception {
        Path entrypoint = ENGINE_IMAGE.resolve("entrypoint.sh");
        assertThat(run(List.of("bash", "-n", entrypoint.toString()))).startsWith("0:");

        ProcessBuilder builder = new ProcessBuilder(entrypoint.toString(), "executor").redirectErrorStream(true);
        builder.environment().put("SPARK_HOME", "/nonexistent");
        builder.environment().put("SPARKPLANE_HOME", LAYOUT.toString());
        assertThat(run(builder)).startsWith("2:").contains("usage: entrypoint.sh driver|worker");
    }

    @Test
    void theAssembledLauncherStartsFromTheEntrypointsClassPath() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String output = run(List.of(java.toString(), "-cp", LAYOUT.resolve("launcher") + "/*", "io.sparkplane.launcher.Launcher",
                Path.of("target/no-such-work-directory").toAbsolutePath().toString()));
        // it ran: launch.json is missing, which it says and exits 2 for
        assertThat(output).startsWith("2:").contains("cannot read").contains("launch.json");
    }

    private static String run(List<String> command) throws Exception {
        return run(new ProcessBuilder(command).redirectErrorStream(true));
    }

    private static String run(ProcessBuilder builder) throws Exception {
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return process.exitValue() + ":" + output;
    }
}
