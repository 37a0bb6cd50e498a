package io.sparkplane.testkit.localspark;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Plays a fake cloud's compute in "run the jobs" mode: each job is one spark-submit of the local
 * Spark in local mode, on its own thread, its inputs copied out of the fake's object store first
 * (through the fake's {@link ObjectTransfer}), its event log put back where spark.eventLog.dir says,
 * its driver output kept for the fake ({@link LocalRun#driverOutput()}) and put in the store too
 * when the work names a place ({@link SparkWork#driverOutputUri()}).
 *
 * <p>The same choices as the AWS harness (moto_harness.py), for the same reasons: local[2] in client
 * mode instead of YARN; no dynamic allocation (local mode has no executors to allocate); C1 and the
 * serial GC for the driver JVM (a test's jobs are short and several at once on few cores); spark-submit
 * in its own session, its process tree killed as a whole (SIGTERM, SIGKILL after a grace) when the job
 * is cancelled, its cluster deleted, or the fake closed. JDK only, so every fake can use it.
 */
public final class LocalSparkRunner implements AutoCloseable {

    public static final String MASTER = "local[2]";
    public static final String JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";
    public static final String TOKEN_FILE_CONF = "spark.sparkplane.report.tokenFile";
    public static final String EVENT_LOG_DIR_CONF = "spark.eventLog.dir";

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration KILL_GRACE = Duration.ofSeconds(5);
    /** The service puts a running driver's output out now and then, not only at its end. */
    private static final Duration OUTPUT_REFRESH = Duration.ofSeconds(3);
    /** How long after a driver's end its last output lands in the store, as on Dataproc. */
    private static final Duration OUTPUT_LAG = Duration.ofSeconds(1);
    /** What the local driver ignores or the fake decides: the master, and allocation local mode cannot do. */
    private static final Set<String> DROPPED_CONF = Set.of("spark.master", "spark.submit.deployMode");
    private static final Pattern EXCEPTION_LINE =
            Pattern.compile("^(?:Exception in thread .*|(?:Caused by: )?[A-Za-z_][\\w.$]*(?:Exception|Error)(?::.*)?)$");

    private final Path sparkSubmit;
    private final Path python;
    private final ObjectTransfer store;
    private final FakeLog log;
    private final ExecutorService threads;
    private final Set<LocalRun> running = ConcurrentHashMap.newKeySet();
    private final CountDownLatch stopping = new CountDownLatch(1);

    /** The spark-submit command of one run, and where its event log is written locally then put. */
    private record Command(List<String> arguments, Optional<Path> eventLogDirectory, String eventLogUri) {}

    /**
     * @param sparkSubmit the spark-submit of the pyspark that {@code python} imports
     * @param python the interpreter of PySpark's driver and workers (PYSPARK_PYTHON)
     * @param store the fake's object store, where inputs come from and event logs go
     * @param log the fake's log, where each run tells its story
     */
    public LocalSparkRunner(Path sparkSubmit, Path python, ObjectTransfer store, FakeLog log) {
        this.sparkSubmit = requireNonNull(sparkSubmit, "sparkSubmit is null").toAbsolutePath();
        this.python = requireNonNull(python, "python is null").toAbsolutePath();
        this.store = requireNonNull(store, "store is null");
        this.log = requireNonNull(log, "log is null");
        this.threads = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "fake-cloud-local-run");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts the run on its own thread; the hooks tell the fake what happens to it. */
    public LocalRun start(SparkWork work, RunHooks hooks) {
        requireNonNull(work, "work is null");
        requireNonNull(hooks, "hooks is null");
        LocalRun run = new LocalRun(work);
        running.add(run);
        threads.execute(() -> {
            String outcome = "not run: the fake failed";
            try {
                outcome = execute(run, hooks);
            } catch (RuntimeException | Error e) {
                log.log(work.id() + ": the fake failed running it: " + e);
                outcome = "not run: the fake failed: " + e;
                throw e;
            } finally {
                hooks.outcome(outcome);
                running.remove(run);
                run.end(outcome);
            }
        });
        return run;
    }

    /** Kills every run's process tree and waits for them to end: nothing the fake started outlives it. */
    @Override
    public void close() {
        stopping.countDown();
        List<LocalRun> runs = List.copyOf(running);
        runs.forEach(LocalRun::requestKill);
        for (LocalRun run : runs) {
            try {
                run.ended().get(KILL_GRACE.toSeconds() + 10, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                log.log(run.work().id() + ": still not ended at close");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (java.util.concurrent.ExecutionException e) {
                // ended by a failure of the fake, logged by its thread
            }
        }
        threads.shutdownNow();
    }

    private boolean stopping() {
        return stopping.getCount() == 0;
    }

    private String execute(LocalRun run, RunHooks hooks) {
        SparkWork work = run.work();
        Path workdir;
        try {
            workdir = Files.createTempDirectory("sparkplane-local-run-" + work.id().replaceAll("[^A-Za-z0-9_.-]", "_") + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run.outputFile(workdir.resolve("driveroutput"));
        try {
            return execute(run, hooks, workdir);
        } finally {
            run.keepOutput();
            deleteTree(workdir);
        }
    }

    private String execute(LocalRun run, RunHooks hooks, Path workdir) {
        SparkWork work = run.work();
        Path output = workdir.resolve("driveroutput");
        hooks.outcome("staging");
        Command command;
        try {
            command = translate(work, workdir);
        } catch (IOException | RuntimeException e) {
            // what spark-submit itself would fail on (a missing input): the job fails, its output says why
            String problem = e.getClass().getSimpleName() + ": " + e.getMessage();
            log.log(work.id() + ": cannot run it: " + problem);
            hooks.couldNotStart(problem);
            writeQuietly(output, "the fake cannot run this job: " + problem + "\n");
            if (pause(OUTPUT_LAG)) {
                putOutput(work, output, false);
            }
            return "not run: " + problem;
        }
        if (run.killRequested() || stopping() || !hooks.begin()) {
            log.log(work.id() + ": cancelled or ended before it started: not run");
            return "not run: it was cancelled or ended before it started";
        }
        Process process;
        try {
            // its own session and process group (setsid execs it, same pid), to be killed as a whole without the fake
            List<String> processCommand = new ArrayList<>();
            processCommand.add("setsid");
            processCommand.addAll(command.arguments());
            ProcessBuilder builder = new ProcessBuilder(processCommand)
                    .directory(workdir.toFile())
                    .redirectErrorStream(true) // a driver's output is stdout and stderr, merged, as Dataproc and Livy hand it over
                    .redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
            Map<String, String> environment = builder.environment();
            environment.put("PYSPARK_PYTHON", python.toString());
            environment.put("PYSPARK_DRIVER_PYTHON", python.toString());
            environment.put("SPARK_LOCAL_IP", "127.0.0.1");
            // the caller's own SPARK_SUBMIT_OPTS come after, and win
            environment.put("SPARK_SUBMIT_OPTS", (JVM_OPTIONS + " " + environment.getOrDefault("SPARK_SUBMIT_OPTS", "")).strip());
            process = builder.start();
        } catch (IOException e) {
            log.log(work.id() + ": cannot start spark-submit: " + e);
            hooks.exited(127, "cannot start spark-submit: " + e.getMessage());
            return "exit 127";
        }
        hooks.outcome("running");
        log.log(work.id() + ": spark-submit pid " + process.pid() + ": " + String.join(" ", command.arguments()));
        boolean killed = false;
        long lastRefresh = System.nanoTime();
        long lastSize = -1;
        while (true) {
            try {
                if (process.waitFor(POLL.toMillis(), TimeUnit.MILLISECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                killTree(process, work.id());
                return "killed";
            }
            if (run.killRequested() || stopping()) {
                log.log(work.id() + ": " + (stopping() ? "the fake closes" : "cancelled, or its cluster deleted") + ": killing its process tree");
                killTree(process, work.id());
                killed = true;
                break;
            }
            if (System.nanoTime() - lastRefresh >= OUTPUT_REFRESH.toNanos()) {
                lastRefresh = System.nanoTime();
                long size = output.toFile().length();
                if (size != lastSize) {
                    lastSize = size;
                    putOutput(work, output, true);
                }
            }
        }
        if (killed) {
            hooks.outcome("killed");
            if (!stopping()) {
                command.eventLogDirectory().ifPresent(directory -> putEventLog(work, directory, command.eventLogUri()));
                putOutput(work, output, false);
            }
            return "killed";
        }
        int code = process.exitValue();
        log.log(work.id() + ": spark-submit exited with " + code);
        // the event log before the state moves: Spark writes it to the store as it runs, and the driver
        // has closed it when it exits, so a service says the job ended only once it is whole
        command.eventLogDirectory().ifPresent(directory -> putEventLog(work, directory, command.eventLogUri()));
        hooks.exited(code, lastException(output));
        hooks.outcome("exit " + code); // now, as the state moves: its output lands a moment later
        if (pause(OUTPUT_LAG)) {
            putOutput(work, output, false);
        }
        return "exit " + code;
    }

    /**
     * The spark-submit command line that runs the work here: the store's inputs copied into workdir (a
     * #alias kept), local mode in client mode, no dynamic allocation, the event log to a local
     * directory put back after, the report token file copied to a local file. Every other property is
     * a --conf, so the listener reports wherever the properties say.
     */
    private Command translate(SparkWork work, Path workdir) throws IOException {
        Path inputs = workdir.resolve("inputs");
        List<String> arguments = new ArrayList<>(List.of(sparkSubmit.toString(), "--master", MASTER, "--deploy-mode", "client"));
        Optional<Path> eventLogDirectory = Optional.empty();
        String eventLogUri = null;
        for (Map.Entry<String, String> property : new TreeMap<>(work.properties()).entrySet()) {
            String key = property.getKey();
            String value = property.getValue();
            if (key.startsWith("spark.dynamicAllocation.") || DROPPED_CONF.contains(key)) {
                continue;
            }
            if (key.equals(EVENT_LOG_DIR_CONF) && store.handles(value)) {
                Path local = Files.createDirectories(workdir.resolve("eventlog"));
                eventLogDirectory = Optional.of(local);
                eventLogUri = value;
                value = local.toUri().toString();
            } else if (key.equals(TOKEN_FILE_CONF) && store.handles(value)) {
                value = Path.of(stage(work, value, inputs)).toUri().toString();
            }
            arguments.add("--conf");
            arguments.add(key + "=" + value);
        }
        work.mainClass().ifPresent(mainClass -> arguments.addAll(List.of("--class", mainClass)));
        addList(arguments, "--py-files", work.pythonFiles(), work, inputs);
        addList(arguments, "--jars", work.jars(), work, inputs);
        addList(arguments, "--files", work.files(), work, inputs);
        addList(arguments, "--archives", work.archives(), work, inputs);
        if (work.mainResource().isEmpty()) {
            throw new IllegalArgumentException("no main file or jar (primary resource) in the job");
        }
        arguments.add(work.mainResource().equals(SparkWork.NO_RESOURCE) ? SparkWork.NO_RESOURCE : stage(work, work.mainResource(), inputs));
        arguments.addAll(work.arguments());
        return new Command(arguments, eventLogDirectory, eventLogUri);
    }

    private void addList(List<String> arguments, String option, List<String> uris, SparkWork work, Path inputs) throws IOException {
        if (uris.isEmpty()) {
            return;
        }
        List<String> staged = new ArrayList<>();
        for (String uri : uris) {
            staged.add(stage(work, uri, inputs));
        }
        arguments.add(option);
        arguments.add(String.join(",", staged));
    }

    /** A local copy of a store object under its own file name (in a numbered directory when the name is taken), its #alias kept; anything else as is. */
    private String stage(SparkWork work, String uri, Path inputs) throws IOException {
        int hash = uri.indexOf('#');
        String location = hash < 0 ? uri : uri.substring(0, hash);
        String alias = hash < 0 ? "" : uri.substring(hash);
        if (!store.handles(location)) {
            return uri;
        }
        byte[] data = store.download(location);
        String name = location.substring(location.lastIndexOf('/') + 1);
        Path directory = inputs;
        for (int number = 1; Files.exists(directory.resolve(name)); number++) {
            directory = inputs.resolve(Integer.toString(number));
        }
        Files.createDirectories(directory);
        Path local = Files.write(directory.resolve(name), data);
        log.log(work.id() + ": staged " + location + " (" + data.length + " bytes) as " + local);
        return local + alias;
    }

    /** The driver's output to where the work says, if it says: some clouds hand it over through their API instead. */
    private void putOutput(SparkWork work, Path output, boolean quiet) {
        if (work.driverOutputUri().isEmpty()) {
            return;
        }
        String uri = work.driverOutputUri().get();
        try {
            byte[] data = Files.exists(output) ? Files.readAllBytes(output) : new byte[0];
            store.upload(uri, data);
            if (!quiet) {
                log.log(work.id() + ": put " + uri + " (" + data.length + " bytes)");
            }
        } catch (IOException | RuntimeException e) {
            log.log(work.id() + ": cannot put " + uri + ": " + e.getMessage());
        }
    }

    private void putEventLog(SparkWork work, Path directory, String prefix) {
        String base = prefix.endsWith("/") ? prefix : prefix + "/";
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                String uri = base + directory.relativize(file).toString().replace('\\', '/');
                try {
                    store.upload(uri, Files.readAllBytes(file));
                    log.log(work.id() + ": put event log " + uri);
                } catch (IOException | RuntimeException e) {
                    log.log(work.id() + ": cannot put event log " + uri + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            log.log(work.id() + ": cannot read its event log directory " + directory + ": " + e.getMessage());
        }
    }

    /**
     * SIGTERM to spark-submit's process group and every descendant (Spark's shutdown hooks run; PySpark's
     * worker daemon leaves the group, so the group alone would miss it), SIGKILL to whatever is left
     * after the grace, then a moment for the kernel, so "killed" means gone.
     */
    private void killTree(Process process, String id) {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(process.toHandle());
        process.descendants().forEach(tree::add);
        signalGroup(process.pid(), "TERM");
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + KILL_GRACE.toNanos();
        while (System.nanoTime() < deadline && tree.stream().anyMatch(ProcessHandle::isAlive)) {
            sleep(Duration.ofMillis(100));
        }
        if (process.isAlive()) {
            process.descendants().filter(handle -> !tree.contains(handle)).forEach(tree::add); // forked while it stopped
        }
        List<ProcessHandle> left = tree.stream().filter(ProcessHandle::isAlive).toList();
        if (!left.isEmpty()) {
            log.log(id + ": still alive " + KILL_GRACE.toSeconds() + " s after SIGTERM: SIGKILL to "
                    + left.stream().map(handle -> Long.toString(handle.pid())).collect(Collectors.joining(" ")));
            signalGroup(process.pid(), "KILL");
            left.forEach(ProcessHandle::destroyForcibly);
        }
        deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (System.nanoTime() < deadline && tree.stream().anyMatch(ProcessHandle::isAlive)) {
            sleep(Duration.ofMillis(50));
        }
        log.log(id + ": process tree of " + process.pid() + " killed (" + tree.size() + " processes)");
    }

    /** Its group: spark-submit leads its own session (setsid), so its pgid is its pid, which stays taken while the group has members. */
    private void signalGroup(long pid, String signal) {
        try {
            Process kill = new ProcessBuilder("kill", "-s", signal, "--", "-" + pid)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            kill.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            log.log("cannot signal process group " + pid + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last exception line of the driver's output (a JVM's or Python's), for the job's details. */
    private static String lastException(Path output) {
        try (RandomAccessFile file = new RandomAccessFile(output.toFile(), "r")) {
            long start = Math.max(0, file.length() - 256 * 1024);
            byte[] tail = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(tail);
            String found = null;
            for (String line : new String(tail, StandardCharsets.UTF_8).split("\n")) {
                String stripped = line.strip();
                if (EXCEPTION_LINE.matcher(stripped).matches()) {
                    found = stripped;
                }
            }
            return found == null ? null : found.substring(0, Math.min(found.length(), 1000));
        } catch (IOException e) {
            return null;
        }
    }

    /** Waits, unless the fake closes meanwhile: false then. */
    private boolean pause(Duration duration) {
        try {
            return !stopping.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File("/dev/null");
    }

    private static void writeQuietly(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            // the output then is empty: the job's details still name the problem
        }
    }

    private static void deleteTree(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            // a temporary directory; the operating system cleans it up eventually
        }
    }
}
