package io.sparkplane.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.backend.local.ClassDataArchives.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the archives are written, claimed and given up on, with a Spark home whose {@code spark-submit}
 * is a script: it records how it was called and writes (or does not write) the archive the JVM would
 * write at exit. That real JVMs map the archives is shown end to end ({@code tests/}, EngineClassDataIT),
 * where the packaged control plane writes them with real PySpark.
 */
class ClassDataArchivesTest {

    /** Records its arguments and SPARK_CONF_DIR (and its JVM options apart), then does what the file {@code behaviour} says: write, none, fail. */
    private static final String SPARK_SUBMIT = """
            #!/bin/sh
            home=$(dirname "$0")/..
            echo "$* conf=${SPARK_CONF_DIR:-}" >> "$home/calls"
            echo "$SPARK_SUBMIT_OPTS" >> "$home/options"
            behaviour=$(cat "$home/behaviour")
            archive=$(printf '%s\\n' $SPARK_SUBMIT_OPTS | sed -n 's/^-XX:ArchiveClassesAtExit=//p')
            case "$behaviour" in
              write) printf 'classes' > "$archive" ;;
              fail) exit 3 ;;
            esac
            """;

    @TempDir
    Path directory;

    private Path sparkHome;
    private Path listener;
    private Path connector;
    private LocalBackendConfiguration configuration;

    @BeforeEach
    void scriptedSparkHome() throws IOException {
        sparkHome = Files.createDirectories(directory.resolve("spark"));
        Files.createDirectories(sparkHome.resolve("jars"));
        Files.writeString(sparkHome.resolve("jars/spark-core.jar"), "not really a jar");
        Path submit = Files.createDirectories(sparkHome.resolve("bin")).resolve("spark-submit");
        Files.writeString(submit, SPARK_SUBMIT);
        Files.setPosixFilePermissions(submit, PosixFilePermissions.fromString("rwxr-xr-x"));
        behave("write");
        listener = Files.writeString(directory.resolve("listener.jar"), "listener");
        connector = Files.writeString(directory.resolve("connector.jar"), "connector");
        configuration = new LocalBackendConfiguration(sparkHome, Path.of("/usr/bin/python3"), Path.of(System.getProperty("java.home")),
                directory.resolve("work"), List.of(directory), "unused.Main")
                .withListenerJar(listener)
                .withConnectorJars(List.of(connector))
                .withClassDataDirectory(directory.resolve("class-data"));
    }

    @Test
    void theThreeArchivesAreWrittenOneAtATimeEachByAJvmStartedAsItsKindIs() throws Exception {
        ClassDataArchives archives = new ClassDataArchives(configuration.classDataDirectory(), configuration);

        archives.prepare();
        awaitIdle(archives);

        for (Kind kind : Kind.values()) {
            assertThat(archives.ready(kind)).hasValue(archives.archive(kind));
            assertThat(archives.archive(kind)).hasContent("classes");
        }
        Path noConf = configuration.classDataDirectory().resolve("no-conf");
        assertThat(calls()).containsExactly(
                "--master local[1] --name sparkplane-class-data-drivers --conf spark.driver.extraClassPath=" + listener + ":" + connector + " "
                        + warmUp() + " conf=",
                "--master local[1] --name sparkplane-class-data-executors --conf spark.driver.extraClassPath=" + connector + " "
                        + warmUp() + " conf=" + noConf,
                "--master local[1] --name sparkplane-class-data-daemons " + warmUp() + " conf=" + noConf);
        assertThat(Files.readAllLines(sparkHome.resolve("options"))).hasSize(3)
                .allMatch(options -> options.contains("-XX:ArchiveClassesAtExit=") && options.endsWith(" -XX:TieredStopAtLevel=1"));
        assertThat(leftOver(".writing", ".partial", ".failed")).isEmpty();

        archives.prepare();
        awaitIdle(archives);
        assertThat(calls()).as("archives in place are not written again").hasSize(3);
    }

    @Test
    void aJobThatWritesNoArchiveLeavesTheReasonAndIsNotTriedAgainTheSameDay() throws Exception {
        behave("none");
        ClassDataArchives archives = new ClassDataArchives(configuration.classDataDirectory(), configuration);

        archives.prepare();
        awaitIdle(archives);
        Path failed = failed(archives, Kind.DAEMONS);

        for (Kind kind : Kind.values()) {
            assertThat(archives.ready(kind)).isEmpty();
            assertThat(Files.readString(failed(archives, kind))).contains("wrote no archive").contains("conf directory");
        }
        assertThat(calls()).hasSize(3);

        // the daemons' reason deleted by hand: only that archive is tried again
        behave("write");
        Files.delete(failed);
        archives.prepare();
        awaitIdle(archives);
        assertThat(calls()).hasSize(4).last().asString().contains("sparkplane-class-data-daemons");
        assertThat(failed).doesNotExist();
        assertThat(archives.ready(Kind.DRIVERS)).isEmpty();
    }

    @Test
    void aFailingJobLeavesItsExitCodeAndItsLogsPath() throws Exception {
        behave("fail");
        ClassDataArchives archives = new ClassDataArchives(configuration.classDataDirectory(), configuration);

        archives.prepare();
        awaitIdle(archives);

        assertThat(Files.readString(failed(archives, Kind.DRIVERS)))
                .contains("exited with 3").contains(archives.archive(Kind.DRIVERS) + ".log");
        assertThat(leftOver(".writing", ".partial")).isEmpty();
    }

    @Test
    void anArchiveALiveProcessIsWritingIsLeftToItAndOneWhoseWriterIsGoneIsTakenOver() throws Exception {
        ClassDataArchives archives = new ClassDataArchives(configuration.classDataDirectory(), configuration);
        Files.createDirectories(configuration.classDataDirectory());
        Path drivers = marker(archives, Kind.DRIVERS);
        Files.writeString(drivers, Long.toString(ProcessHandle.current().pid()));
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(marker(archives, Kind.EXECUTORS), Long.toString(gone.pid()));

        archives.prepare();
        awaitIdle(archives);

        assertThat(archives.ready(Kind.DRIVERS)).isEmpty();
        assertThat(drivers).exists();
        assertThat(archives.ready(Kind.EXECUTORS)).isPresent();
        assertThat(marker(archives, Kind.EXECUTORS)).doesNotExist();
        assertThat(calls()).hasSize(2).noneMatch(call -> call.contains("sparkplane-class-data-drivers"));
    }

    @Test
    void eachKindAndEachChangeOfAJarHasAnArchiveOfItsOwn() throws IOException {
        Path before = new ClassDataArchives(configuration.classDataDirectory(), configuration).archive(Kind.DRIVERS);
        assertThat(new ClassDataArchives(configuration.classDataDirectory(), configuration).archive(Kind.DRIVERS)).isEqualTo(before);
        assertThat(before.getFileName().toString()).matches("drivers-[0-9a-f]{16}\\.jsa");
        assertThat(new ClassDataArchives(configuration.classDataDirectory(), configuration).archive(Kind.EXECUTORS).getFileName().toString())
                .startsWith("executors-");

        Files.writeString(sparkHome.resolve("jars/spark-core.jar"), "an upgraded jar, longer than before");
        assertThat(new ClassDataArchives(configuration.classDataDirectory(), configuration).archive(Kind.DRIVERS)).isNotEqualTo(before);

        Path daemons = new ClassDataArchives(configuration.classDataDirectory(), configuration).archive(Kind.DAEMONS);
        Path executors = new ClassDataArchives(configuration.classDataDirectory(), configuration).archive(Kind.EXECUTORS);
        Files.writeString(connector, "another connector, longer than before");
        assertThat(new ClassDataArchives(configuration.classDataDirectory(), configuration).archive(Kind.EXECUTORS)).isNotEqualTo(executors);
        Files.writeString(listener, "another listener, longer than before");
        assertThat(new ClassDataArchives(configuration.classDataDirectory(), configuration).archive(Kind.DAEMONS))
                .as("a daemon's class path has neither listener nor connectors").isEqualTo(daemons);
    }

    private void behave(String behaviour) throws IOException {
        Files.writeString(sparkHome.resolve("behaviour"), behaviour);
    }

    private List<String> calls() throws IOException {
        Path calls = sparkHome.resolve("calls");
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }

    private Path warmUp() {
        return configuration.classDataDirectory().resolve(ClassDataArchives.WARM_UP);
    }

    private static Path failed(ClassDataArchives archives, Kind kind) {
        return archives.archive(kind).resolveSibling(archives.archive(kind).getFileName() + ".failed");
    }

    private static Path marker(ClassDataArchives archives, Kind kind) {
        return archives.archive(kind).resolveSibling(archives.archive(kind).getFileName() + ".writing");
    }

    private List<Path> leftOver(String... suffixes) throws IOException {
        try (Stream<Path> files = Files.list(configuration.classDataDirectory())) {
            return files.filter(file -> Stream.of(suffixes).anyMatch(suffix -> file.toString().endsWith(suffix))).toList();
        }
    }

    /** Waits until the writer has nothing queued: prepare queues each missing archive before it returns. */
    private static void awaitIdle(ClassDataArchives archives) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (archives.writing() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(archives.writing()).isFalse();
    }
}
