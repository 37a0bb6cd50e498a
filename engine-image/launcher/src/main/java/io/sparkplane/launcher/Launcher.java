package io.sparkplane.launcher;

import static java.util.Objects.requireNonNull;

import io.sparkplane.launcher.EngineApiClient.StateAnswer;
import io.sparkplane.spi.engine.AttemptFailure;
import io.sparkplane.spi.engine.AttemptOutcome;
import io.sparkplane.spi.engine.LaunchSpec;
import io.sparkplane.spi.launch.AttemptOutcomeCodec;
import io.sparkplane.spi.launch.LaunchSpecCodec;
import io.sparkplane.spi.launch.WorkDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one attempt of one run inside an engine cluster's driver: {@code Launcher <workDir>}.
 *
 * <ol>
 *   <li>reads {@code <workDir>/launch.json} ({@link LaunchSpecCodec});
 *   <li>checks the job's files ({@link StagedInputs}): a missing one fails the attempt with
 *       {@code STAGING_FAILED} before spark-submit;
 *   <li>reports {@code RUNNING} and heartbeats while the job runs, each heartbeat with the driver's
 *       backlog from {@code backlog.json} once the backlog listener writes it;
 *   <li>on a standalone cluster, waits for its master to accept connections ({@link SparkMasterWait});
 *   <li>runs spark-submit ({@link SparkSubmitCommand}) in {@code <workDir>/job}, its output appended to
 *       {@code driver.log}, which {@link LogShipper} ships to the control plane meanwhile;
 *   <li>writes {@code outcome.json}, ships the rest of the log, reports the final state until the
 *       control plane answers (or says the attempt is no longer current) and exits 0.
 * </ol>
 *
 * When the backend terminates the cluster it first writes {@code terminate-requested}, then signals:
 * the launcher then kills spark-submit's process tree and reports nothing.
 */
public final class Launcher {

    /** Prefix of the launcher's own lines in driver.log. */
    public static final String LOG_PREFIX = "[sparkplane] ";
    static final Duration LOG_SHIP_INTERVAL = Duration.ofMillis(500);
    /** How a process killed by SIGKILL exits: 128 + 9. */
    static final int SIGKILL_EXIT_CODE = 137;
    private static final int EXTRACTION_TAIL_BYTES = 1024 * 1024;
    private static final Duration MAX_REPORT_BACKOFF = Duration.ofSeconds(30);

    private final WorkDirectory workDirectory;
    private final Map<String, String> environment;
    private final HttpClient httpClient;
    private final PrintStream out;
    private final AtomicBoolean shuttingDown = new AtomicBoolean();
    private final AtomicBoolean attemptCurrent = new AtomicBoolean(true);
    private volatile Process sparkSubmit;
    private volatile Heartbeat heartbeat;
    private LauncherLog log;

    public Launcher(WorkDirectory workDirectory, Map<String, String> environment, HttpClient httpClient, PrintStream out) {
        this.workDirectory = requireNonNull(workDirectory, "workDirectory is null");
        this.environment = Map.copyOf(requireNonNull(environment, "environment is null"));
        this.httpClient = requireNonNull(httpClient, "httpClient is null");
        this.out = requireNonNull(out, "out is null");
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: java io.sparkplane.launcher.Launcher <workDir>");
            System.exit(2);
        }
        Launcher launcher = new Launcher(
                new WorkDirectory(Path.of(args[0]).toAbsolutePath()), System.getenv(), EngineApiClient.defaultHttpClient(), System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(launcher::shutdown, "sparkplane-shutdown"));
        System.exit(launcher.run());
    }

    /** Runs the attempt; 0 once it is over (reported or not), 2 when launch.json cannot be read. */
    public int run() {
        WarmDriver warm = null;
        if (WarmDriver.waiting(workDirectory)) {
            warm = warmUp();
            if (warm == null) {
                // terminated before a run took the cluster, or its driver died: the backend sees the launcher gone
                return 0;
            }
        }
        LaunchSpec spec;
        try {
            spec = LaunchSpecCodec.decode(Files.readAllBytes(workDirectory.launchSpec()));
        } catch (IOException | IllegalArgumentException e) {
            out.println("ts=" + Instant.now() + " level=ERROR msg=\"cannot read " + workDirectory.launchSpec() + ": " + e.getMessage() + "\"");
            return 2;
        }
        log = new LauncherLog(spec.runId(), spec.attempt(), out);
        log.info("launcher started: run name " + spec.runName() + ", work directory " + workDirectory.root()
                + ", control plane " + spec.controlPlaneUrl());
        EngineApiClient client = new EngineApiClient(httpClient, spec.controlPlaneUrl(), spec.runId(), spec.attempt(), spec.token(), spec.traceParent());
        try {
            Files.createDirectories(workDirectory.jobDirectory());
            if (!Files.exists(workDirectory.driverLog())) {
                Files.createFile(workDirectory.driverLog());
            }
        } catch (IOException e) {
            log.error("cannot prepare the work directory: " + e.getMessage());
            return 2;
        }
        LogShipper shipper = new LogShipper(client, workDirectory.driverLog(), LOG_SHIP_INTERVAL, log);
        shipper.start();

        LauncherEnvironment launcherEnvironment = null;
        AttemptOutcome outcome;
        RunningReport runningReport = null;
        try {
            launcherEnvironment = LauncherEnvironment.from(environment, System.getProperty("java.home"));
        } catch (IllegalArgumentException e) {
            driverLine("cannot launch: " + e.getMessage());
        }
        if (launcherEnvironment == null) {
            outcome = AttemptOutcome.failed(AttemptFailure.LAUNCH_FAILED,
                    "the launcher's environment is incomplete: " + missingEnvironment(), null);
        } else {
            runningReport = new RunningReport(client);
            outcome = runJob(spec, launcherEnvironment, client, runningReport, warm);
        }
        if (outcome == null || terminationRequested()) {
            stopHeartbeat();
            log.info("the cluster is being terminated: no outcome is written or reported");
            return 0;
        }
        new StagingUploads(client, workDirectory, this::driverLine).uploadAll();
        Duration reportDeadline = launcherEnvironment == null
                ? LauncherEnvironment.DEFAULT_REPORT_DEADLINE : launcherEnvironment.reportDeadline();
        try {
            finish(outcome, client, shipper, runningReport, Instant.now().plus(reportDeadline));
        } finally {
            stopHeartbeat();
        }
        return 0;
    }

    /**
     * A warm cluster's first phase: starts its driver from the template in warm.json and waits for a
     * run to take the cluster. The driver, or null when the cluster was terminated first or its driver
     * could not start or exited (what happened is in driver.log and the launcher's log).
     */
    private WarmDriver warmUp() {
        LaunchSpec template;
        try {
            template = WarmDriver.template(workDirectory);
        } catch (IOException | IllegalArgumentException e) {
            out.println("ts=" + Instant.now() + " level=ERROR msg=\"cannot read " + workDirectory.warmSpec() + ": " + e.getMessage() + "\"");
            return null;
        }
        log = new LauncherLog(template.runId(), template.attempt(), out);
        LauncherEnvironment launcherEnvironment;
        try {
            launcherEnvironment = LauncherEnvironment.from(environment, System.getProperty("java.home"));
        } catch (IllegalArgumentException e) {
            log.error("cannot start a warm driver: " + e.getMessage());
            return null;
        }
        try {
            Files.createDirectories(workDirectory.jobDirectory());
            Files.createDirectories(workDirectory.outputsDirectory());
            if (!Files.exists(workDirectory.driverLog())) {
                Files.createFile(workDirectory.driverLog());
            }
            driverLine("warm cluster " + template.runId() + ": starting its driver at " + Instant.now() + ", before any run takes it");
            EventLogDirectory.prepare(SparkSubmitCommand.sparkConf(template, launcherEnvironment, workDirectory));
            if (!template.storageConf().isEmpty()) {
                StorageProperties.write(template, workDirectory);
            }
            try (InputStream configuration = Launcher.class.getResourceAsStream(SparkSubmitCommand.DRIVER_LOG_CONFIGURATION)) {
                Files.copy(java.util.Objects.requireNonNull(configuration, SparkSubmitCommand.DRIVER_LOG_CONFIGURATION),
                        workDirectory.driverLogConfiguration(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            if (launcherEnvironment.sparkMaster().isPresent()) {
                SparkMasterWait wait = new SparkMasterWait(launcherEnvironment.masterWaitTimeout(),
                        SparkMasterWait.PROGRESS_INTERVAL, SparkMasterWait.POLL_INTERVAL, this::driverLine);
                if (!wait.await(launcherEnvironment.sparkMaster().get())) {
                    log.error("the Spark master of the warm cluster did not come up");
                    return null;
                }
            }
            WarmDriver driver;
            synchronized (this) {
                if (shuttingDown.get()) {
                    return null;
                }
                driver = WarmDriver.start(template, launcherEnvironment, workDirectory);
                sparkSubmit = driver.process();
            }
            log.info("warm driver started, pid " + driver.process().pid() + "; waiting for a run");
            if (!driver.awaitRun(workDirectory, this::terminationRequested)) {
                if (!terminationRequested()) {
                    log.error("the warm driver exited before a run took the cluster (" + driver.process().exitValue() + "); see "
                            + workDirectory.driverLog());
                }
                return null;
            }
            driverLine("taken by a run at " + Instant.now());
            return driver;
        } catch (IOException | IllegalArgumentException e) {
            log.error("cannot start a warm driver: " + e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The outcome, or null when the backend terminated the cluster meanwhile. */
    private AttemptOutcome runJob(LaunchSpec spec, LauncherEnvironment launcherEnvironment, EngineApiClient client, RunningReport runningReport,
            WarmDriver warm) {
        StagedInputs inputs;
        long stagingStarted = System.nanoTime();
        try {
            inputs = StagedInputs.stage(spec, workDirectory.inputsDirectory(), new InputDownloads(client, this::driverLine));
            // where a run's start goes, for whoever reads its log (and docs/benchmarks.md's phases)
            driverLine(String.format(java.util.Locale.ROOT, "inputs staged in %.2f s", (System.nanoTime() - stagingStarted) / 1e9));
        } catch (StagedInputs.StagingException e) {
            driverLine("staging failed: " + e.getMessage());
            return AttemptOutcome.failed(AttemptFailure.STAGING_FAILED, ExceptionLineExtractor.trim(e.getMessage()), null);
        }
        try {
            List<String> placed = DriverWorkingDirectory.prepare(inputs.files(), inputs.archives(), workDirectory.jobDirectory());
            if (!placed.isEmpty()) {
                driverLine("in the driver's working directory: " + String.join(", ", placed));
            }
        } catch (IOException e) {
            driverLine("staging failed: cannot place the run's files in the driver's working directory: " + e.getMessage());
            return AttemptOutcome.failed(AttemptFailure.STAGING_FAILED,
                    ExceptionLineExtractor.trim("cannot place the run's files in the driver's working directory: " + e.getMessage()), null);
        }
        try {
            Files.createDirectories(workDirectory.outputsDirectory());
            EventLogDirectory.prepare(SparkSubmitCommand.sparkConf(spec, launcherEnvironment, workDirectory))
                    .ifPresent(directory -> driverLine("Spark event log goes to " + directory));
        } catch (IOException | IllegalArgumentException e) {
            String message = "cannot create the event log directory " + spec.sparkConf().get("spark.eventLog.dir") + ": " + e.getMessage();
            driverLine("staging failed: " + message);
            return AttemptOutcome.failed(AttemptFailure.STAGING_FAILED, ExceptionLineExtractor.trim(message), null);
        }
        runningReport.start();
        // Heartbeats go on until the final report is taken (see run): an engine that is still
        // shipping its log or retrying its report must not look lost to the control plane.
        heartbeat = new Heartbeat(client, launcherEnvironment.heartbeatInterval(), log, attemptCurrent,
                new BacklogFile(workDirectory.backlog(), log));
        heartbeat.start();
        if (warm != null) {
            return runOnWarmDriver(spec, inputs, warm);
        }
        try {
            if (launcherEnvironment.sparkMaster().isPresent()) {
                SparkMasterUrl master = launcherEnvironment.sparkMaster().get();
                SparkMasterWait wait = new SparkMasterWait(launcherEnvironment.masterWaitTimeout(),
                        SparkMasterWait.PROGRESS_INTERVAL, SparkMasterWait.POLL_INTERVAL, this::driverLine);
                if (!wait.await(master)) {
                    if (terminationRequested()) {
                        return null;
                    }
                    return AttemptOutcome.failed(AttemptFailure.LAUNCH_FAILED, "the Spark master at " + master
                            + " did not come up within " + launcherEnvironment.masterWaitTimeout().toSeconds() + " s", null);
                }
            }
            if (!spec.storageConf().isEmpty()) {
                try {
                    StorageProperties.write(spec, workDirectory);
                } catch (IOException e) {
                    return AttemptOutcome.failed(AttemptFailure.LAUNCH_FAILED,
                            ExceptionLineExtractor.trim("cannot write " + workDirectory.storageProperties() + ": " + e.getMessage()), null);
                }
            }
            try (InputStream configuration = Launcher.class.getResourceAsStream(SparkSubmitCommand.DRIVER_LOG_CONFIGURATION)) {
                Files.copy(java.util.Objects.requireNonNull(configuration, SparkSubmitCommand.DRIVER_LOG_CONFIGURATION),
                        workDirectory.driverLogConfiguration(), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                return AttemptOutcome.failed(AttemptFailure.LAUNCH_FAILED,
                        ExceptionLineExtractor.trim("cannot write " + workDirectory.driverLogConfiguration() + ": " + e.getMessage()), null);
            }
            List<String> command = SparkSubmitCommand.command(spec, inputs, launcherEnvironment, workDirectory);
            driverLine("spark-submit command: " + SparkSubmitCommand.shown(command, launcherEnvironment.connectorJars()));
            long logStart = Files.size(workDirectory.driverLog());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDirectory.jobDirectory().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(workDirectory.driverLog().toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().putAll(SparkSubmitCommand.environment(spec, launcherEnvironment, workDirectory));
            Process process;
            synchronized (this) {
                if (shuttingDown.get()) {
                    return null;
                }
                try {
                    process = builder.start();
                } catch (IOException e) {
                    driverLine("cannot start spark-submit: " + e.getMessage());
                    return AttemptOutcome.failed(AttemptFailure.LAUNCH_FAILED,
                            ExceptionLineExtractor.trim("cannot start spark-submit: " + e.getMessage()), null);
                }
                sparkSubmit = process;
            }
            log.info("spark-submit started, pid " + process.pid());
            return outcomeOf(process, logStart, "spark-submit");
        } catch (IOException e) {
            driverLine("cannot run spark-submit: " + e.getMessage());
            return AttemptOutcome.failed(AttemptFailure.LAUNCH_FAILED, ExceptionLineExtractor.trim("cannot run spark-submit: " + e.getMessage()), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Hands the run to the warm driver that runs already (its SparkContext up) and waits for it, as for spark-submit. */
    private AttemptOutcome runOnWarmDriver(LaunchSpec spec, StagedInputs inputs, WarmDriver warm) {
        java.util.Optional<String> misfit = warm.misfit(spec);
        if (misfit.isPresent()) {
            driverLine("the run does not fit this warm cluster: " + misfit.get());
            return AttemptOutcome.failed(AttemptFailure.LAUNCH_FAILED, "the run does not fit its warm cluster: " + misfit.get(), null);
        }
        try {
            long logStart = Files.size(workDirectory.driverLog());
            warm.handOff(spec, inputs, workDirectory);
            driverLine("the warm driver (pid " + warm.process().pid() + ", started before the run) runs " + inputs.entrypoint().getFileName()
                    + (spec.args().isEmpty() ? "" : " with " + spec.args().size() + " arguments"));
            log.info("run handed to the warm driver, pid " + warm.process().pid());
            // not waiting for its JVM to wind down: the run is over, and the cluster's teardown ends what is left
            return outcomeOf(warm.awaitExit(workDirectory), logStart, "the warm driver");
        } catch (IOException e) {
            driverLine("cannot hand the run to the warm driver: " + e.getMessage());
            return AttemptOutcome.failed(AttemptFailure.LAUNCH_FAILED,
                    ExceptionLineExtractor.trim("cannot hand the run to the warm driver: " + e.getMessage()), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The outcome of the driver's process once it exits; null when the cluster is being terminated. */
    private AttemptOutcome outcomeOf(Process process, long logStart, String what) throws IOException, InterruptedException {
        return outcomeOf(process.waitFor(), logStart, what);
    }

    /** The outcome of a driver that exited with {@code exitCode}; null when the cluster is being terminated. */
    private AttemptOutcome outcomeOf(int exitCode, long logStart, String what) throws IOException {
        if (terminationRequested()) {
            return null;
        }
        driverLine(what + " exited with code " + exitCode);
        log.info(what + " exited with code " + exitCode);
        if (exitCode == 0) {
            return AttemptOutcome.succeeded(what + " exited with code 0", 0);
        }
        if (exitCode == SIGKILL_EXIT_CODE) {
            // Sparkplane itself stops a driver with SIGTERM after writing terminate-requested (checked
            // above): a SIGKILL came from elsewhere (the kernel's OOM killer, a lost machine), so the engine
            // was lost under the job rather than the job's code failing
            return AttemptOutcome.failed(AttemptFailure.ENGINE_LOST, "the Spark driver was killed (SIGKILL, exit code 137),"
                    + " not by Sparkplane: for example by the kernel's out-of-memory killer", exitCode);
        }
        String message = ExceptionLineExtractor.extract(tailLines(logStart))
                .orElse(what + " exited with code " + exitCode);
        return AttemptOutcome.failed(AttemptFailure.USER_CODE_ERROR, message, exitCode);
    }

    private void stopHeartbeat() {
        if (heartbeat != null) {
            heartbeat.stop();
        }
    }

    private void finish(AttemptOutcome outcome, EngineApiClient client, LogShipper shipper, RunningReport runningReport, Instant deadline) {
        try {
            AttemptOutcomeCodec.writeAtomically(workDirectory.outcome(), outcome);
        } catch (IOException e) {
            log.error("cannot write " + workDirectory.outcome() + ": " + e.getMessage());
        }
        log.info("attempt " + (outcome.succeeded() ? "succeeded" : "failed with " + outcome.failure()) + ": " + outcome.message());
        if (runningReport != null) {
            runningReport.cancel();
        }
        try {
            if (shipper.flush(deadline)) {
                log.info("driver log shipped: " + shipper.acknowledgedOffset() + " bytes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        Duration backoff = Duration.ofMillis(500);
        boolean failing = false;
        while (attemptCurrent.get()) {
            StateAnswer answer = client.reportFinal(outcome);
            switch (answer.answer()) {
                case ACCEPTED -> {
                    log.info("final state reported (" + answer.detail() + ")");
                    return;
                }
                case CONFLICT -> {
                    log.warn("control plane says the attempt is no longer current (" + answer.detail() + "): final state not taken");
                    return;
                }
                case UNAUTHORIZED -> {
                    log.error("control plane rejected the attempt token (" + answer.detail() + "): final state not reported");
                    return;
                }
                case RETRY -> {
                    if (!failing) {
                        failing = true;
                        log.warn("reporting the final state failed (" + answer.detail() + "), retrying until " + deadline);
                    }
                }
            }
            if (Instant.now().plus(backoff).isAfter(deadline)) {
                log.error("gave up reporting the final state at " + deadline + "; the outcome stays in " + workDirectory.outcome());
                return;
            }
            try {
                Thread.sleep(backoff.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_REPORT_BACKOFF) > 0 ? MAX_REPORT_BACKOFF : backoff.multipliedBy(2);
        }
        log.warn("the attempt is no longer current: final state not reported");
    }

    /** Shutdown hook (SIGTERM): kills spark-submit and everything below it, so nothing outlives the launcher. */
    void shutdown() {
        Process process;
        synchronized (this) {
            shuttingDown.set(true);
            process = sparkSubmit;
        }
        if (process == null || !process.isAlive()) {
            return;
        }
        if (log != null) {
            log.info("shutting down: stopping spark-submit (pid " + process.pid() + ") and its descendants");
        }
        List<ProcessHandle> tree = new java.util.ArrayList<>(process.descendants().toList());
        tree.add(0, process.toHandle());
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (ProcessHandle handle : tree) {
            long remaining = deadline - System.nanoTime();
            if (remaining > 0) {
                try {
                    handle.onExit().get(remaining, TimeUnit.NANOSECONDS);
                } catch (Exception e) {
                    // still alive: killed below
                }
            }
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private boolean terminationRequested() {
        return shuttingDown.get() || Files.exists(workDirectory.terminateRequested());
    }

    private String missingEnvironment() {
        try {
            LauncherEnvironment.from(environment, System.getProperty("java.home"));
            return "unknown";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** Appends one of the launcher's own lines to driver.log (never a secret). */
    private void driverLine(String line) {
        try {
            Files.write(workDirectory.driverLog(), (LOG_PREFIX + line + "\n").getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            log.warn("cannot append to driver.log: " + e.getMessage());
        }
    }

    /** The lines spark-submit wrote (at most the last MiB of them). */
    private List<String> tailLines(long logStart) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(workDirectory.driverLog().toFile(), "r")) {
            long length = file.length();
            long start = Math.max(logStart, length - EXTRACTION_TAIL_BYTES);
            byte[] bytes = new byte[(int) (length - start)];
            file.seek(start);
            file.readFully(bytes);
            List<String> lines = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\r?\n", -1));
            return start > logStart && !lines.isEmpty() ? lines.subList(1, lines.size()) : lines;
        }
    }

    /** Reports RUNNING in the background, retrying, until answered or until the final report takes over. */
    private final class RunningReport {
        private final EngineApiClient client;
        private final Object monitor = new Object();
        private volatile boolean cancelled;
        private Thread thread;

        RunningReport(EngineApiClient client) {
            this.client = client;
        }

        void start() {
            thread = new Thread(this::report, "sparkplane-running-report");
            thread.setDaemon(true);
            thread.start();
        }

        private void report() {
            Duration backoff = Duration.ofMillis(500);
            boolean failing = false;
            while (!cancelled && attemptCurrent.get()) {
                StateAnswer answer = client.reportRunning();
                switch (answer.answer()) {
                    case ACCEPTED -> {
                        log.info("reported RUNNING (" + answer.detail() + ")");
                        return;
                    }
                    case CONFLICT -> {
                        attemptCurrent.set(false);
                        log.warn("control plane says the attempt is no longer current (" + answer.detail() + "): reporting stops");
                        return;
                    }
                    case UNAUTHORIZED -> {
                        log.error("control plane rejected the attempt token (" + answer.detail() + ")");
                        return;
                    }
                    case RETRY -> {
                        if (!failing) {
                            failing = true;
                            log.warn("reporting RUNNING failed (" + answer.detail() + "), will retry");
                        }
                    }
                }
                synchronized (monitor) {
                    if (cancelled) {
                        return;
                    }
                    try {
                        monitor.wait(backoff.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : backoff.multipliedBy(2);
            }
        }

        /** Stops retrying and waits for a request in flight, so RUNNING never arrives after the final state. */
        void cancel() {
            synchronized (monitor) {
                cancelled = true;
                monitor.notifyAll();
            }
            if (thread != null) {
                try {
                    thread.join(Duration.ofSeconds(20).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
