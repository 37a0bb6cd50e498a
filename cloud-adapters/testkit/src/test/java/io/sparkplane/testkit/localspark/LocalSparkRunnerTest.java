package io.sparkplane.testkit.localspark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared runner with a stand-in for spark-submit (a shell script that prints its command line
 * and writes an event log where spark.eventLog.dir says), so what the runner does around Spark is
 * checked in milliseconds: staging from the store, the driver's output kept, the event log and the
 * output put back, a run that cannot start, a kill. The real Spark runs in the fakes' run-mode tests.
 */
class LocalSparkRunnerTest {

    private static final String STAND_IN = """
            #!/bin/sh
            # a stand-in for spark-submit: its command line on stdout, a line on stderr, an event log, the exit code it is told
            code=0
            for argument in "$@"; do
              echo "argument: $argument"
              case "$argument" in
                spark.eventLog.dir=file:*) directory="${argument#spark.eventLog.dir=file:}"; mkdir -p "$directory/app-1"; echo events > "$directory/app-1/events_1" ;;
                exit=*) code="${argument#exit=}" ;;
                sleep) sleep 60 ;;
              esac
            done
            echo "to stderr" >&2
            exit "$code"
            """;

    /** An object store in memory, its URIs mem://... */
    private static final class MemoryStore implements ObjectTransfer {
        final Map<String, byte[]> objects = new ConcurrentHashMap<>();

        @Override
        public boolean handles(String uri) {
            return uri.startsWith("mem://");
        }

        @Override
        public byte[] download(String uri) throws IOException {
            byte[] data = objects.get(uri);
            if (data == null) {
                throw new IOException("no such object: " + uri);
            }
            return data;
        }

        @Override
        public void upload(String uri, byte[] data) {
            objects.put(uri, data);
        }
    }

    /** What the runner told the fake, in order. */
    private static final class RecordingHooks implements RunHooks {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public boolean begin() {
            events.add("begin");
            return true;
        }

        @Override
        public void exited(int exitCode, String lastException) {
            events.add("exited " + exitCode);
        }

        @Override
        public void couldNotStart(String problem) {
            events.add("could not start: " + problem);
        }

        @Override
        public void outcome(String outcome) {
            events.add("outcome " + outcome);
        }
    }

    @TempDir
    Path directory;

    private final MemoryStore store = new MemoryStore();
    private FakeLog log;
    private LocalSparkRunner runner;

    @BeforeEach
    void start() throws IOException {
        Path sparkSubmit = directory.resolve("spark-submit");
        Files.writeString(sparkSubmit, STAND_IN);
        Files.setPosixFilePermissions(sparkSubmit, PosixFilePermissions.fromString("rwxr-xr-x"));
        log = FakeLog.toFile(directory.resolve("fake.log"));
        runner = new LocalSparkRunner(sparkSubmit, Path.of("/usr/bin/python3"), store, log);
    }

    @AfterEach
    void stop() {
        runner.close();
        log.close();
    }

    @Test
    void aRunStagesItsInputsKeepsItsOutputAndPutsItsEventLogAndOutputBack() throws Exception {
        store.upload("mem://apps/main.py", "print('hi')".getBytes(StandardCharsets.UTF_8));
        store.upload("mem://apps/helper.py", "x = 1".getBytes(StandardCharsets.UTF_8));
        RecordingHooks hooks = new RecordingHooks();
        SparkWork work = new SparkWork("job-1", Optional.empty(), "mem://apps/main.py", List.of("exit=0"), List.of("mem://apps/helper.py"),
                List.of(), List.of(), List.of(), Map.of("spark.eventLog.dir", "mem://events", "spark.master", "yarn",
                        "spark.dynamicAllocation.enabled", "true"), Optional.of("mem://output/driveroutput"));

        LocalRun run = runner.start(work, hooks);

        assertThat(run.ended().get(60, TimeUnit.SECONDS)).isEqualTo("exit 0");
        assertThat(hooks.events).containsExactly("outcome staging", "begin", "outcome running", "exited 0", "outcome exit 0", "outcome exit 0");
        String output = run.driverOutput();
        assertThat(output).contains("argument: --master", "argument: local[2]", "argument: --py-files", "to stderr", "argument: exit=0")
                .doesNotContain("mem://apps", "yarn", "dynamicAllocation");
        assertThat(output).containsPattern("argument: /\\S+/inputs/main.py");
        assertThat(store.objects).containsKey("mem://events/app-1/events_1");
        assertThat(new String(store.objects.get("mem://output/driveroutput"), StandardCharsets.UTF_8)).isEqualTo(output);
    }

    @Test
    void aRunWithoutAnOutputUriKeepsItsOutputForTheFakeOnly() throws Exception {
        store.upload("mem://apps/main.py", new byte[0]);
        SparkWork work = new SparkWork("batch-2", Optional.empty(), "mem://apps/main.py", List.of("exit=3"), List.of(), List.of(),
                List.of(), List.of(), Map.of(), Optional.empty());
        RecordingHooks hooks = new RecordingHooks();

        LocalRun run = runner.start(work, hooks);

        assertThat(run.ended().get(60, TimeUnit.SECONDS)).isEqualTo("exit 3");
        assertThat(hooks.events).contains("exited 3");
        assertThat(run.driverOutput()).contains("argument: exit=3", "to stderr");
        assertThat(store.objects.keySet()).containsExactly("mem://apps/main.py");
    }

    @Test
    void aRunWhoseInputIsMissingCannotStartAndSaysWhy() throws Exception {
        RecordingHooks hooks = new RecordingHooks();
        SparkWork work = new SparkWork("job-3", Optional.empty(), "mem://apps/missing.py", List.of(), List.of(), List.of(), List.of(),
                List.of(), Map.of(), Optional.empty());

        LocalRun run = runner.start(work, hooks);

        assertThat(run.ended().get(60, TimeUnit.SECONDS)).startsWith("not run: ").contains("mem://apps/missing.py");
        assertThat(hooks.events).anyMatch(event -> event.startsWith("could not start: IOException: no such object"));
        assertThat(hooks.events).doesNotContain("begin");
        assertThat(run.driverOutput()).contains("the fake cannot run this job", "mem://apps/missing.py");
    }

    @Test
    void aKilledRunEndsKilled() throws Exception {
        store.upload("mem://apps/main.py", new byte[0]);
        RecordingHooks hooks = new RecordingHooks();
        SparkWork work = new SparkWork("job-4", Optional.empty(), "mem://apps/main.py", List.of("sleep"), List.of(), List.of(), List.of(),
                List.of(), Map.of(), Optional.empty());
        LocalRun run = runner.start(work, hooks);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!run.driverOutput().contains("argument: sleep") && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }

        run.requestKill();

        assertThat(run.ended().get(60, TimeUnit.SECONDS)).isEqualTo("killed");
        assertThat(hooks.events).contains("outcome killed").noneMatch(event -> event.startsWith("exited"));
    }

    @Test
    void byDefaultAStoreHandlesUrisWithAnyNonLocalScheme() {
        ObjectTransfer anyStore = new ObjectTransfer() {
            @Override
            public byte[] download(String uri) {
                return new byte[0];
            }

            @Override
            public void upload(String uri, byte[] data) {
            }
        };
        assertThat(anyStore.handles("abfss://c@a.dfs.core.windows.net/x")).isTrue();
        assertThat(anyStore.handles("dbfs://tmp/x")).isTrue();
        assertThat(anyStore.handles("file:///tmp/x")).isFalse();
        assertThat(anyStore.handles("local:///opt/x.jar")).isFalse();
        assertThat(anyStore.handles("/tmp/x.py")).isFalse();
        assertThat(anyStore.handles(SparkWork.NO_RESOURCE)).isFalse();
    }
}
