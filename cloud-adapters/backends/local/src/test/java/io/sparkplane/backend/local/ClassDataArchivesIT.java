package io.sparkplane.backend.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.backend.local.ClassDataArchives.Kind;
import io.sparkplane.launcher.Launcher;
import io.sparkplane.launcher.LauncherClasspath;
import io.sparkplane.launcher.testing.RecordingEngineApi;
import io.sparkplane.launcher.testing.RecordingEngineApi.StateReport;
import io.sparkplane.listener.ListenerJar;
import io.sparkplane.spi.engine.ClusterRef;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.EngineResources;
import io.sparkplane.spi.engine.Entrypoint;
import io.sparkplane.spi.engine.LaunchSpec;
import io.sparkplane.spi.launch.LauncherVariables;
import io.sparkplane.spi.launch.WorkDirectory;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Class-data archives with real PySpark: the backend writes the three, and the master, the worker,
 * the driver and the executor of the next run, started as every run's are, map theirs. Whether a
 * JVM mapped its archive is read from the JVM itself ({@code jcmd VM.info}: the size of the CDS
 * archives it mapped, which without the dynamic archive is the JDK's own of about 13 MB).
 */
class ClassDataArchivesIT {

    private static final Pattern MAPPED = Pattern.compile("CDS archive\\(s\\) mapped at: \\[[^)]*\\), size (\\d+)");

    @TempDir
    Path directory;

    @Test
    void theNextRunsJvmsStartFromTheArchivesTheBackendWrote() throws Exception {
        Path python = LocalEngineBackendIT.pythonExecutable();
        Path sparkHome = Path.of(LocalEngineBackendIT.run(python.toString(), "-c", "import pyspark, os; print(os.path.dirname(pyspark.__file__))").strip());
        LocalBackendConfiguration configuration = new LocalBackendConfiguration(sparkHome, python, Path.of(System.getProperty("java.home")),
                directory.resolve("work"), LauncherClasspath.fromCodeSources(), Launcher.class.getName())
                .withHeartbeatInterval(Duration.ofMillis(500))
                .withReportDeadline(Duration.ofSeconds(30))
                .withListenerJar(asJar(ListenerJar.location()))
                .withConnectorJars(List.of(jarWith("connector.jar", "connector.txt")))
                .withClassDataDirectory(directory.resolve("class-data"));
        ClassDataArchives archives = new ClassDataArchives(configuration.classDataDirectory(), configuration);

        archives.prepare();
        for (Kind kind : Kind.values()) {
            awaitArchive(archives, kind);
        }

        try (RecordingEngineApi api = RecordingEngineApi.start()) {
            LocalEngineBackend backend = new LocalEngineBackend("local", configuration);
            Path release = directory.resolve("release");
            Path job = Files.writeString(directory.resolve("hold.py"), """
                    import os, sys, time
                    from pyspark.sql import SparkSession
                    spark = SparkSession.builder.getOrCreate()
                    print("RESULT total=%d" % spark.range(100).groupBy().sum("id").collect()[0][0])
                    deadline = time.time() + 300
                    while not os.path.exists(sys.argv[1]) and time.time() < deadline:
                        time.sleep(0.2)
                    spark.stop()
                    """);
            String runId = "cds-" + UUID.randomUUID().toString().substring(0, 8);
            String token = "token-" + UUID.randomUUID();
            api.expect(runId, 1, token);
            LaunchSpec launch = new LaunchSpec(runId, 1, "class data IT", api.url(), token, new Entrypoint.PythonFile(job.toString()),
                    List.of(release.toString()), List.of(), List.of(), List.of(), List.of(), Map.of(), Map.of(),
                    new EngineResources(1, 512, 1, 512, 1, 1));
            ClusterRef cluster = backend.provision(new ClusterSpec(ClusterSpec.nameFor(runId, 1), launch.resources(), 1,
                    Duration.ofSeconds(60), "4.0", launch, "default"));
            try {
                awaitLogLine(api, runId, "RESULT total=4950");
                List<Long> processes = ProcessTable.withEnvironment(List.of(LauncherVariables.RUN_ID + "=" + runId));

                assertThat(mapped(processes, SparkDaemonCommands.MASTER_CLASS)).isGreaterThan(Files.size(archives.ready(Kind.DAEMONS).orElseThrow()));
                assertThat(mapped(processes, SparkDaemonCommands.WORKER_CLASS)).isGreaterThan(Files.size(archives.ready(Kind.DAEMONS).orElseThrow()));
                assertThat(mapped(processes, "org.apache.spark.deploy.SparkSubmit")).isGreaterThan(Files.size(archives.ready(Kind.DRIVERS).orElseThrow()));
                assertThat(mapped(processes, "org.apache.spark.executor.CoarseGrainedExecutorBackend"))
                        .isGreaterThan(Files.size(archives.ready(Kind.EXECUTORS).orElseThrow()));
                assertThat(ClusterDirectory.of(new WorkDirectory(Path.of(cluster.attribute("workDir"))).root()).confDirectory()).doesNotExist();
                // quiet: none of the JDK's messages about archives (the executors' command line names theirs)
                assertThat(api.logText(runId, 1)).doesNotContain("][cds").doesNotContainIgnoringCase("sharing");

                Files.writeString(release, "go");
                StateReport last = api.awaitFinalState(runId, 1, Duration.ofMinutes(3)).orElseThrow();
                assertThat(last.state()).isEqualTo("SUCCEEDED");
            } finally {
                backend.terminate(cluster);
            }
        }
    }

    /** The size of the class-data archives the one process running {@code mainClass} mapped. */
    private static long mapped(List<Long> processes, String mainClass) throws IOException, InterruptedException {
        List<Long> matching = processes.stream().filter(pid -> ProcessTable.commandLine(pid).contains(mainClass)).toList();
        assertThat(matching).as("processes running " + mainClass).hasSize(1);
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        String info = LocalEngineBackendIT.run(jcmd.toString(), Long.toString(matching.get(0)), "VM.info");
        Matcher matcher = MAPPED.matcher(info);
        assertThat(matcher.find()).as("VM.info of " + mainClass + " names its CDS archives").isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private static void awaitArchive(ClassDataArchives archives, Kind kind) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (archives.ready(kind).isEmpty() && System.nanoTime() < deadline) {
            Path failed = archives.archive(kind).resolveSibling(archives.archive(kind).getFileName() + ".failed");
            assertThat(failed).as("the %s archive's write failed", kind).doesNotExist();
            Thread.sleep(500);
        }
        assertThat(archives.ready(kind)).as("the %s archive", kind).isPresent();
    }

    private static void awaitLogLine(RecordingEngineApi api, String runId, String line) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!api.logText(runId, 1).contains(line) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(api.logText(runId, 1)).contains(line);
    }

    /** The listener as a jar: a build's class directory cannot be on an archive's class path. */
    private Path asJar(Path location) throws IOException {
        if (!Files.isDirectory(location)) {
            return location;
        }
        Path jar = directory.resolve("listener.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(location)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new JarEntry(location.relativize(file).toString()));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    private Path jarWith(String name, String entry) throws IOException {
        Path jar = directory.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry(entry));
            OutputStream stream = out;
            stream.write("a stand-in for a connector".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out.closeEntry();
        }
        return jar;
    }
}
