package io.sparkplane.backend.local;

import static java.util.Objects.requireNonNull;

import io.sparkplane.spi.engine.ClusterTopology;
import io.sparkplane.spi.engine.EngineBackendException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One attempt's Spark standalone cluster on this machine: a master and workers bound to 127.0.0.1,
 * each worker holding one executor. All state is in its {@link ClusterDirectory}, so any call may
 * come from a control plane that restarted since the cluster was created.
 *
 * <p>Scale-down sends SIGPWR to a worker: with {@code spark.decommission.enabled} the worker tells
 * the master, the driver stops giving its executor tasks, the executor finishes what runs and
 * migrates its blocks, then exits. A drained worker is then stopped by a later {@link #resize}; one
 * that is still not drained after {@code decommissionTimeout} is stopped anyway.
 */
final class StandaloneCluster {

    private static final System.Logger LOG = System.getLogger(StandaloneCluster.class.getName());
    private static final String EXECUTOR_CLASS = "org.apache.spark.executor.CoarseGrainedExecutorBackend";
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final ClusterDirectory directory;
    private final LocalBackendConfiguration configuration;
    private final Optional<Path> setsid;
    private final String runId;
    private final int attempt;
    private final Clock clock;
    private final Optional<Path> daemonClassData;

    StandaloneCluster(ClusterDirectory directory, LocalBackendConfiguration configuration, Optional<Path> setsid,
            String runId, int attempt, Clock clock, Optional<Path> daemonClassData) {
        this.directory = requireNonNull(directory, "directory is null");
        this.configuration = requireNonNull(configuration, "configuration is null");
        this.setsid = requireNonNull(setsid, "setsid is null");
        this.runId = requireNonNull(runId, "runId is null");
        this.attempt = attempt;
        this.clock = requireNonNull(clock, "clock is null");
        this.daemonClassData = requireNonNull(daemonClassData, "daemonClassData is null");
    }

    Optional<MasterProcess> master() {
        return MasterProcess.read(directory.master());
    }

    /** The running master, started now if there is none. */
    MasterProcess ensureMaster() {
        Optional<MasterProcess> recorded = master();
        if (recorded.isPresent() && recorded.get().process().alive()) {
            return recorded.get();
        }
        try {
            Files.createDirectories(directory.root());
            int port = ListeningPorts.forDaemon();
            int uiPort = ListeningPorts.forDaemon();
            TrackedProcess process = ProcessStarter.start(
                    SparkDaemonCommands.master(setsid, configuration.sparkHome(), port, uiPort),
                    environment(), directory.root(), directory.masterLog(), setsid.isPresent());
            MasterProcess master = new MasterProcess(port, uiPort, process);
            master.write(directory.master());
            log(Level.INFO, "started Spark master pid " + process.pid() + " at " + master.url());
            return master;
        } catch (IOException e) {
            throw new EngineBackendException("cannot start the Spark master of run " + runId + ": " + e.getMessage(), e);
        }
    }

    /**
     * Makes the cluster have {@code desired} workers that take executors: replaces workers that
     * died, stops drained (or overdue) decommissioning workers, starts missing workers and
     * decommissions surplus ones, newest first.
     */
    ClusterTopology resize(int desired, int executorCores, int executorMemoryMib) {
        List<String> repairs = new ArrayList<>();
        MasterProcess master = master().orElseThrow(
                () -> new EngineBackendException("cluster of run " + runId + " attempt " + attempt + " has no master"));
        try {
            AtomicFiles.write(directory.desiredWorkers(), Integer.toString(desired).getBytes(StandardCharsets.UTF_8));
            List<WorkerProcess> active = new ArrayList<>();
            List<String> lost = new ArrayList<>();
            for (WorkerProcess worker : workers()) {
                if (worker.decommissioning()) {
                    finishDecommissioning(worker);
                } else if (!worker.process().alive()) {
                    log(Level.WARNING, "worker " + worker.index() + " (pid " + worker.process().pid() + ") exited; it will be replaced");
                    lost.add("worker " + worker.index() + " (pid " + worker.process().pid() + ") exited");
                    Files.deleteIfExists(directory.worker(worker.index()));
                } else {
                    active.add(worker);
                }
            }
            List<Integer> started = new ArrayList<>();
            for (int i = active.size(); i < desired; i++) {
                WorkerProcess worker = startWorker(master, executorCores, executorMemoryMib);
                active.add(worker);
                started.add(worker.index());
            }
            if (!lost.isEmpty()) {
                repairs.add(String.join(", ", lost) + "; started " + (started.isEmpty() ? "no replacement (fewer workers wanted now)"
                        : "worker " + started.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", "))));
            }
            active.sort(Comparator.comparingInt(WorkerProcess::index));
            while (active.size() > desired) {
                decommission(active.remove(active.size() - 1));
            }
        } catch (IOException e) {
            throw new EngineBackendException("cannot resize the cluster of run " + runId + ": " + e.getMessage(), e);
        }
        return topology(repairs);
    }

    /** What the cluster looks like now, without changing it. */
    ClusterTopology topology() {
        return topology(List.of());
    }

    private ClusterTopology topology(List<String> repairs) {
        int alive = 0;
        int decommissioning = 0;
        for (WorkerProcess worker : workers()) {
            if (!worker.process().alive()) {
                continue;
            }
            if (worker.decommissioning()) {
                decommissioning++;
            } else {
                alive++;
            }
        }
        Map<String, String> endpoints = new LinkedHashMap<>();
        master().filter(master -> master.process().alive()).ifPresent(master -> {
            endpoints.put("master", master.url());
            endpoints.put("masterUi", master.uiUrl());
        });
        return new ClusterTopology(desiredWorkers(), alive, decommissioning, endpoints, repairs);
    }

    /** Every process the cluster recorded: master and workers. */
    List<TrackedProcess> processes() {
        List<TrackedProcess> processes = new ArrayList<>();
        master().ifPresent(master -> processes.add(master.process()));
        workers().forEach(worker -> processes.add(worker.process()));
        return processes;
    }

    List<WorkerProcess> workers() {
        List<WorkerProcess> workers = new ArrayList<>();
        if (!Files.isDirectory(directory.workers())) {
            return workers;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory.workers(), "*.json")) {
            for (Path file : files) {
                WorkerProcess.read(file).ifPresent(workers::add);
            }
        } catch (IOException e) {
            throw new EngineBackendException("cannot list the workers in " + directory.workers() + ": " + e.getMessage(), e);
        }
        workers.sort(Comparator.comparingInt(WorkerProcess::index));
        return workers;
    }

    private int desiredWorkers() {
        try {
            return Integer.parseInt(Files.readString(directory.desiredWorkers(), StandardCharsets.UTF_8).trim());
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private WorkerProcess startWorker(MasterProcess master, int executorCores, int executorMemoryMib) throws IOException {
        int index = nextWorkerIndex();
        int port = ListeningPorts.forDaemon();
        TrackedProcess process = ProcessStarter.start(
                SparkDaemonCommands.worker(setsid, configuration.sparkHome(), port, executorCores, executorMemoryMib,
                        directory.workerWorkDirectory(index), master.url()),
                environment(), directory.root(), directory.workerLog(index), setsid.isPresent());
        WorkerProcess worker = new WorkerProcess(index, port, process, null);
        worker.write(directory.worker(index));
        log(Level.INFO, "started worker " + index + " pid " + process.pid() + " (" + executorCores + " cores, " + executorMemoryMib + " MiB)");
        return worker;
    }

    private void decommission(WorkerProcess worker) throws IOException {
        // recorded first: if the signal is lost with a crash, the next resize still treats it as leaving
        worker.decommissionedAt(clock.instant()).write(directory.worker(worker.index()));
        Signals.send("PWR", worker.process().pid());
        log(Level.INFO, "decommissioning worker " + worker.index() + " (pid " + worker.process().pid() + ")");
    }

    private void finishDecommissioning(WorkerProcess worker) throws IOException {
        Optional<ProcessHandle> handle = worker.process().handle();
        if (handle.isEmpty()) {
            Files.deleteIfExists(directory.worker(worker.index()));
            return;
        }
        boolean drained = handle.get().descendants().noneMatch(StandaloneCluster::isExecutor);
        boolean overdue = Duration.between(worker.decommissioningSince(), clock.instant()).compareTo(configuration.decommissionTimeout()) > 0;
        if (!drained && !overdue) {
            return;
        }
        log(Level.INFO, "stopping worker " + worker.index() + (drained ? ": drained" : ": not drained after "
                + configuration.decommissionTimeout().toSeconds() + " s"));
        Signals.stopTree(worker.process(), STOP_WAIT);
        Files.deleteIfExists(directory.worker(worker.index()));
    }

    private int nextWorkerIndex() throws IOException {
        int next = 1;
        try {
            next = Integer.parseInt(Files.readString(directory.nextWorkerIndex(), StandardCharsets.UTF_8).trim());
        } catch (IOException | NumberFormatException e) {
            for (WorkerProcess worker : workers()) {
                next = Math.max(next, worker.index() + 1);
            }
        }
        AtomicFiles.write(directory.nextWorkerIndex(), Integer.toString(next + 1).getBytes(StandardCharsets.UTF_8));
        return next;
    }

    private Map<String, String> environment() {
        return SparkDaemonCommands.environment(configuration, runId, attempt, directory.confDirectory(), daemonClassData, System.getenv());
    }

    private static boolean isExecutor(ProcessHandle handle) {
        return ProcessTable.commandLine(handle.pid()).contains(EXECUTOR_CLASS);
    }

    private void log(Level level, String message) {
        LOG.log(level, "run " + runId + " attempt " + attempt + ": " + message);
    }
}
