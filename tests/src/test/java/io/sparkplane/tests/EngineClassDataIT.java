package io.sparkplane.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local backend's class-data archives in the packaged control plane: once it has written them
 * (in the suite's shared directory, {@link ControlPlaneProcess#ENGINE_CLASS_DATA}), a run's master,
 * worker, driver and executor each start from theirs. Whether a JVM mapped its archive is read from
 * the JVM itself: {@code jcmd VM.info} gives the size of the CDS archives it mapped, which without
 * the dynamic archive is only the JDK's own (about 13 MB), against the archive's 160 MB and more.
 */
class EngineClassDataIT {

    private static final Path JOBS = Path.of("src/test/resources/jobs").toAbsolutePath();
    private static final Pattern MAPPED = Pattern.compile("CDS archive\\(s\\) mapped at: \\[[^)]*\\), size (\\d+)");
    private static final Pattern ARCHIVE = Pattern.compile("-XX:SharedArchiveFile=(\\S+)");
    private static final List<String> MAIN_CLASSES = List.of("org.apache.spark.deploy.master.Master",
            "org.apache.spark.deploy.worker.Worker", "org.apache.spark.deploy.SparkSubmit",
            "org.apache.spark.executor.CoarseGrainedExecutorBackend");
    /** Three archives, one after another, a minute or more of CPU each, beside the other end-to-end class. */
    private static final Duration WRITES = Duration.ofMinutes(20);

    @TempDir
    Path home;

    @Test
    void aRunsMasterWorkerDriverAndExecutorStartFromTheArchivesTheBackendWrote() throws Exception {
        try (ControlPlaneProcess controlPlane = new ControlPlaneProcess(home).start()) {
            SparkplaneClient client = controlPlane.client();
            long deadline = System.nanoTime() + WRITES.toNanos();
            while (true) {
                // each cluster's start has the backend write the archives still missing, in the background
                String run = client.submit("""
                        {"name": "holds its engine", "entrypoint": {"pythonFile": "%s"}, "args": ["600"]}
                        """.formatted(JOBS.resolve("sleeps.py"))).get("id").asText();
                client.awaitLog(run, "counted 1000 rows", Duration.ofMinutes(3));
                List<Engine> engines = MAIN_CLASSES.stream().flatMap(mainClass -> Engine.of(run, mainClass).stream()).toList();
                boolean allStartedFromOne = engines.stream().allMatch(engine -> engine.archive().isPresent());
                if (allStartedFromOne || System.nanoTime() > deadline) {
                    for (Engine engine : engines) {
                        assertThat(engine.archive()).as("the archive on the command line of the %s", engine.mainClass()).isPresent();
                        Path archive = engine.archive().get();
                        assertThat(archive.getParent()).isEqualTo(ControlPlaneProcess.ENGINE_CLASS_DATA);
                        assertThat(engine.mappedBytes()).as("what the %s mapped from %s", engine.mainClass(), archive).isGreaterThan(Files.size(archive));
                    }
                    // quiet: none of the JDK's messages about archives reach the run's log
                    assertThat(client.logs(run)).doesNotContain("][cds").doesNotContainIgnoringCase("sharing");
                    assertThat(client.cancel(run).statusCode()).isEqualTo(202);
                    assertThat(client.awaitEnd(run, Duration.ofMinutes(2)).get("state").asText()).isEqualTo("CANCELLED");
                    return;
                }
                assertThat(client.cancel(run).statusCode()).isEqualTo(202);
                client.awaitEnd(run, Duration.ofMinutes(2));
                awaitNoWriteUnderWay(deadline);
            }
        }
    }

    /** A JVM of the run: the archive its command line names, and what it mapped. */
    private record Engine(String mainClass, long pid) {

        /** Every JVM of the run running the main class: one master and one driver, one or more workers and executors. */
        static List<Engine> of(String run, String mainClass) {
            List<Long> pids = EngineProcesses.running(run, mainClass);
            assertThat(pids).as("the run's processes running " + mainClass).isNotEmpty();
            return pids.stream().map(pid -> new Engine(mainClass, pid)).toList();
        }

        Optional<Path> archive() {
            try {
                String commandLine = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);
                Matcher matcher = ARCHIVE.matcher(commandLine.replace('\u0000', ' '));
                return matcher.find() ? Optional.of(Path.of(matcher.group(1))) : Optional.empty();
            } catch (IOException e) {
                throw new IllegalStateException("the " + mainClass + " of the run is gone", e);
            }
        }

        long mappedBytes() throws IOException, InterruptedException {
            Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid), "VM.info")
                    .redirectErrorStream(true).start();
            String info = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(jcmd.waitFor(1, TimeUnit.MINUTES)).isTrue();
            Matcher matcher = MAPPED.matcher(info);
            assertThat(matcher.find()).as("VM.info of the %s names its CDS archives", mainClass).isTrue();
            return Long.parseLong(matcher.group(1));
        }
    }

    /** Waits while some control plane of the suite writes an archive: it holds a {@code .writing} marker meanwhile. */
    private static void awaitNoWriteUnderWay(long deadline) throws IOException, InterruptedException {
        // the backend claims the next archive a moment after the last run's cluster started: give it that moment
        Thread.sleep(5_000);
        while (writing() && System.nanoTime() < deadline) {
            Thread.sleep(2_000);
        }
    }

    private static boolean writing() throws IOException {
        if (!Files.isDirectory(ControlPlaneProcess.ENGINE_CLASS_DATA)) {
            return false;
        }
        try (Stream<Path> files = Files.list(ControlPlaneProcess.ENGINE_CLASS_DATA)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".writing")).anyMatch(EngineClassDataIT::writerAlive);
        }
    }

    /** A marker names the process writing (a marker left by a process that is gone is taken over by the next writer). */
    private static boolean writerAlive(Path marker) {
        try {
            return ProcessHandle.of(Long.parseLong(Files.readString(marker).strip())).map(ProcessHandle::isAlive).orElse(false);
        } catch (IOException | NumberFormatException gone) {
            // removed, or just created and not yet written
            return Files.exists(marker);
        }
    }
}
