package io.sparkplane.backend.local;

import static java.util.Objects.requireNonNull;

import io.sparkplane.spi.engine.ClusterRef;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.ClusterStatus;
import io.sparkplane.spi.engine.ClusterTopology;
import io.sparkplane.spi.engine.EngineBackend;
import io.sparkplane.spi.engine.EngineBackendException;
import io.sparkplane.spi.engine.EngineResources;
import io.sparkplane.spi.engine.LaunchSpec;
import io.sparkplane.spi.engine.WarmClusterStatus;
import io.sparkplane.spi.launch.AttemptOutcomeCodec;
import io.sparkplane.spi.launch.LaunchSpecCodec;
import io.sparkplane.spi.launch.LauncherVariables;
import io.sparkplane.spi.launch.WorkDirectory;
import java.io.File;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The {@code local} backend: the engine cluster of an attempt is a Spark standalone cluster on this
 * machine ({@link StandaloneCluster}: a master and workers on 127.0.0.1) and a launcher process that
 * submits the job to that master. Each process leads its own process group (setsid) and carries the
 * run's {@code SPARKPLANE_RUN_ID}. All state lives in the attempt's work directory
 * {@code <workRoot>/<runId>/<attempt>} ({@link WorkDirectory}, {@link ClusterDirectory}), so a
 * restarted control plane finds, adopts, resizes and terminates what an earlier one started.
 */
public final class LocalEngineBackend implements EngineBackend {

    static final String PID = "pid";
    static final String STARTED_AT = "startedAt";
    static final String WORK_DIRECTORY = "workDir";
    static final String PROCESS_GROUP = "processGroup";
    static final String RUN_ID = "runId";
    static final String ATTEMPT = "attempt";
    static final String EXECUTOR_CORES = "executorCores";
    static final String EXECUTOR_MEMORY_MIB = "executorMemoryMib";
    static final String MIN_WORKERS = "minWorkers";
    static final String MAX_WORKERS = "maxWorkers";

    private static final System.Logger LOG = System.getLogger(LocalEngineBackend.class.getName());
    private static final Pattern SAFE_RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final String name;
    private final LocalBackendConfiguration configuration;
    private final Optional<Path> setsid;
    private final Clock clock;
    private final Optional<ClassDataArchives> classData;

    /** @param name the engine profile's name, which its cluster references carry */
    public LocalEngineBackend(String name, LocalBackendConfiguration configuration) {
        this(name, configuration, Clock.systemUTC());
    }

    LocalEngineBackend(String name, LocalBackendConfiguration configuration, Clock clock) {
        this.name = requireNonNull(name, "name is null");
        this.configuration = requireNonNull(configuration, "configuration is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.setsid = executable("setsid");
        this.classData = Optional.ofNullable(configuration.classDataDirectory())
                .map(directory -> new ClassDataArchives(directory, configuration));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized ClusterRef provision(ClusterSpec spec) {
        requireNonNull(spec, "spec is null");
        LaunchSpec launch = spec.launch();
        WorkDirectory workDirectory = workDirectory(launch.runId(), launch.attempt());
        Optional<TrackedProcess> recorded = TrackedProcess.read(workDirectory.launcherPid());
        if (recorded.isPresent() && recorded.get().alive()) {
            log(Level.INFO, launch, "adopting running launcher pid " + recorded.get().pid());
            return reference(spec, workDirectory, recorded.get());
        }
        if (recorded.isPresent() && Files.exists(workDirectory.outcome())) {
            log(Level.INFO, launch, "launcher pid " + recorded.get().pid() + " already finished, its outcome is in " + workDirectory.outcome());
            return reference(spec, workDirectory, recorded.get());
        }
        Optional<TrackedProcess> unrecorded = findLauncher(launch, workDirectory);
        if (unrecorded.isPresent()) {
            log(Level.INFO, launch, "adopting running launcher pid " + unrecorded.get().pid() + " that has no pid file");
            writePidFile(workDirectory, unrecorded.get());
            return reference(spec, workDirectory, unrecorded.get());
        }
        checkSparkVersion(spec.sparkVersion());
        prepare(launch, workDirectory);
        return reference(spec, workDirectory, startCluster(spec, workDirectory));
    }

    /**
     * Starts the master, the workers and the launcher of a cluster whose work directory is prepared.
     * On a failure stops what it started: the attempt (or warm cluster) then has no cluster recorded,
     * and nothing else would stop it.
     */
    private TrackedProcess startCluster(ClusterSpec spec, WorkDirectory workDirectory) {
        LaunchSpec launch = spec.launch();
        StandaloneCluster cluster = cluster(workDirectory, launch.runId(), launch.attempt());
        classData.ifPresent(ClassDataArchives::prepare);
        try {
            MasterProcess master = cluster.ensureMaster();
            EngineResources resources = spec.resources();
            cluster.resize(spec.initialWorkers(), resources.executorCores(), resources.executorMemoryMib());
            return start(launch, workDirectory, master);
        } catch (RuntimeException e) {
            log(Level.WARNING, launch, "starting cluster " + spec.clusterName() + " failed, stopping what it started: " + e.getMessage());
            try {
                stop(spec.clusterName(), workDirectory, launch.runId(), launch.attempt(), Optional.empty());
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    @Override
    public boolean warmable() {
        return true;
    }

    /**
     * A warm cluster is an attempt's cluster started before its run: its master and workers, and a
     * launcher that starts the driver from {@code warm.json} and waits for {@code launch.json}, all in
     * the work directory {@code <workRoot>/<warm cluster id>/1} and carrying the warm cluster's id as
     * their run id, so {@link #terminate} and a restarted control plane find them as any attempt's.
     */
    @Override
    public synchronized ClusterRef prewarm(ClusterSpec spec) {
        requireNonNull(spec, "spec is null");
        LaunchSpec template = spec.launch();
        WorkDirectory workDirectory = workDirectory(template.runId(), template.attempt());
        Optional<TrackedProcess> recorded = TrackedProcess.read(workDirectory.launcherPid());
        if (recorded.isPresent() && recorded.get().alive()) {
            log(Level.INFO, template, "adopting the running launcher of warm cluster " + spec.clusterName() + ", pid " + recorded.get().pid());
            return reference(spec, workDirectory, recorded.get());
        }
        checkSparkVersion(spec.sparkVersion());
        try {
            createPrivateDirectories(workDirectory.root());
            writePrivately(workDirectory.warmSpec(), LaunchSpecCodec.encode(template));
            Files.deleteIfExists(workDirectory.terminateRequested());
        } catch (IOException e) {
            throw new EngineBackendException("cannot prepare the work directory " + workDirectory.root() + ": " + e.getMessage(), e);
        }
        return reference(spec, workDirectory, startCluster(spec, workDirectory));
    }

    @Override
    public synchronized ClusterRef provisionOnWarm(ClusterRef warm, ClusterSpec spec) {
        requireNonNull(warm, "warm is null");
        requireNonNull(spec, "spec is null");
        WorkDirectory workDirectory = new WorkDirectory(Path.of(warm.attribute(WORK_DIRECTORY)));
        LaunchSpec launch = spec.launch();
        if (Files.exists(workDirectory.launchSpec())) {
            try {
                LaunchSpec taken = LaunchSpecCodec.decode(Files.readAllBytes(workDirectory.launchSpec()));
                if (taken.runId().equals(launch.runId()) && taken.attempt() == launch.attempt()) {
                    return onWarm(warm, spec);
                }
            } catch (IOException | IllegalArgumentException e) {
                throw new EngineBackendException("warm cluster " + warm.clusterName() + " holds an unreadable " + workDirectory.launchSpec(), e);
            }
            throw new EngineBackendException("warm cluster " + warm.clusterName() + " was taken by another run");
        }
        WarmClusterStatus status = describeWarm(warm);
        if (status.phase() != WarmClusterStatus.Phase.READY) {
            throw new EngineBackendException("warm cluster " + warm.clusterName() + " is not ready: " + status.detail());
        }
        try {
            writePrivately(workDirectory.launchSpec(), LaunchSpecCodec.encode(launch));
        } catch (IOException e) {
            throw new EngineBackendException("cannot write " + workDirectory.launchSpec() + ": " + e.getMessage(), e);
        }
        log(Level.INFO, launch, "handed to warm cluster " + warm.clusterName());
        return onWarm(warm, spec);
    }

    @Override
    public WarmClusterStatus describeWarm(ClusterRef warm) {
        requireNonNull(warm, "warm is null");
        WorkDirectory workDirectory = new WorkDirectory(Path.of(warm.attribute(WORK_DIRECTORY)));
        Optional<TrackedProcess> launcher = launcherOf(warm);
        if (launcher.isEmpty() || !launcher.get().alive()) {
            List<String> tail = tail(workDirectory.launcherLog(), 3);
            return new WarmClusterStatus(WarmClusterStatus.Phase.GONE, "its launcher exited"
                    + (tail.isEmpty() ? "" : "; last lines of " + workDirectory.launcherLog() + ": " + String.join(" | ", tail)));
        }
        Optional<MasterProcess> master = cluster(warm).master();
        if (master.isPresent() && !master.get().process().alive()) {
            return new WarmClusterStatus(WarmClusterStatus.Phase.GONE, "its Spark master exited");
        }
        if (Files.exists(workDirectory.launchSpec())) {
            return new WarmClusterStatus(WarmClusterStatus.Phase.GONE, "a run took it");
        }
        if (Files.exists(workDirectory.warmReady())) {
            return new WarmClusterStatus(WarmClusterStatus.Phase.READY, "its driver is up with its executors");
        }
        return new WarmClusterStatus(WarmClusterStatus.Phase.STARTING, "its driver is starting");
    }

    /** The warm cluster as the attempt's cluster: its processes, the run's executor bounds. */
    private static ClusterRef onWarm(ClusterRef warm, ClusterSpec spec) {
        Map<String, String> attributes = new HashMap<>(warm.attributes());
        EngineResources resources = spec.resources();
        attributes.put(MIN_WORKERS, Integer.toString(resources.minExecutors()));
        attributes.put(MAX_WORKERS, Integer.toString(resources.maxExecutors()));
        return new ClusterRef(warm.backend(), warm.clusterName(), attributes);
    }

    @Override
    public synchronized ClusterTopology resize(ClusterRef cluster, int workers) {
        requireNonNull(cluster, "cluster is null");
        Map<String, String> attributes = cluster.attributes();
        if (!attributes.containsKey(MAX_WORKERS)) {
            throw new EngineBackendException("cluster " + cluster.clusterName() + " was created without workers and cannot be resized");
        }
        int bounded = Math.max(Integer.parseInt(attributes.get(MIN_WORKERS)), Math.min(Integer.parseInt(attributes.get(MAX_WORKERS)), workers));
        return cluster(cluster).resize(bounded,
                Integer.parseInt(attributes.get(EXECUTOR_CORES)), Integer.parseInt(attributes.get(EXECUTOR_MEMORY_MIB)));
    }

    @Override
    public ClusterStatus describe(ClusterRef cluster) {
        requireNonNull(cluster, "cluster is null");
        WorkDirectory workDirectory = new WorkDirectory(Path.of(cluster.attribute(WORK_DIRECTORY)));
        Optional<TrackedProcess> launcher = launcherOf(cluster);
        // The outcome first: a launcher still alive after writing it (shipping its log, retrying its
        // report) has finished the job, and that outcome must not be lost to a liveness check.
        if (Files.exists(workDirectory.outcome())) {
            try {
                return new ClusterStatus.Finished(AttemptOutcomeCodec.read(workDirectory.outcome()));
            } catch (IOException | IllegalArgumentException e) {
                if (launcher.isEmpty() || !launcher.get().alive()) {
                    return new ClusterStatus.Gone("the launcher left an unreadable outcome " + workDirectory.outcome() + ": " + e.getMessage());
                }
            }
        }
        if (launcher.isPresent() && launcher.get().alive()) {
            StandaloneCluster standalone = cluster(cluster);
            Optional<MasterProcess> master = standalone.master();
            if (master.isPresent() && !master.get().process().alive()) {
                return new ClusterStatus.Gone("the Spark master (pid " + master.get().process().pid() + ") of cluster "
                        + cluster.clusterName() + " exited while the job ran");
            }
            return new ClusterStatus.Active("launcher process " + launcher.get().pid() + " is running", standalone.topology());
        }
        String pid = launcher.map(process -> Long.toString(process.pid())).orElse(cluster.attributes().getOrDefault(PID, "?"));
        StringBuilder detail = new StringBuilder("launcher process " + pid + " exited without reporting an outcome");
        List<String> tail = tail(workDirectory.launcherLog(), 5);
        if (!tail.isEmpty()) {
            detail.append("; last lines of ").append(workDirectory.launcherLog()).append(": ").append(String.join(" | ", tail));
        }
        return new ClusterStatus.Gone(detail.toString());
    }

    @Override
    public void terminate(ClusterRef cluster) {
        requireNonNull(cluster, "cluster is null");
        stop(cluster.clusterName(), new WorkDirectory(Path.of(cluster.attribute(WORK_DIRECTORY))), cluster.attribute(RUN_ID),
                Integer.parseInt(cluster.attribute(ATTEMPT)), launcherOf(cluster));
    }

    /** Stops the launcher, the master, the workers and anything else carrying the attempt's environment, and waits until they are gone. */
    private void stop(String clusterName, WorkDirectory workDirectory, String runId, int attempt, Optional<TrackedProcess> launcher) {
        List<String> runEnvironment = List.of(LauncherVariables.RUN_ID + "=" + runId, LauncherVariables.ATTEMPT + "=" + attempt);
        if (Files.isDirectory(workDirectory.root())) {
            try {
                // before any signal: the launcher then reports nothing, whatever spark-submit's exit
                Files.write(workDirectory.terminateRequested(), Instant.now().toString().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                LOG.log(Level.WARNING, "cluster " + clusterName + ": cannot write " + workDirectory.terminateRequested() + ": " + e.getMessage());
            }
        }
        List<TrackedProcess> processes = new ArrayList<>();
        launcher.ifPresent(processes::add);
        processes.addAll(cluster(workDirectory, runId, attempt).processes());
        Set<ProcessHandle> tree = new LinkedHashSet<>();
        Set<Long> processGroups = new LinkedHashSet<>();
        for (TrackedProcess process : processes) {
            process.handle().ifPresent(handle -> {
                tree.add(handle);
                handle.descendants().forEach(tree::add);
            });
            processGroups.add(process.processGroup());
        }
        if (survivors(tree, processGroups, runEnvironment).isEmpty()) {
            return;
        }
        LOG.log(Level.INFO, "cluster " + clusterName + ": terminating the launcher, the Spark master and workers");
        signal("TERM", tree, processGroups, runEnvironment);
        if (!awaitGone(tree, processGroups, runEnvironment, configuration.terminateGracePeriod())) {
            LOG.log(Level.INFO, "cluster " + clusterName + ": processes left after "
                    + configuration.terminateGracePeriod().toMillis() + " ms, killing them");
            signal("KILL", tree, processGroups, runEnvironment);
            if (!awaitGone(tree, processGroups, runEnvironment, KILL_WAIT)) {
                throw new EngineBackendException("processes of cluster " + clusterName + " survived SIGKILL: "
                        + survivors(tree, processGroups, runEnvironment));
            }
        }
    }

    /** {@code <workRoot>/<runId>/<attempt>}. */
    WorkDirectory workDirectory(String runId, int attempt) {
        if (!SAFE_RUN_ID.matcher(runId).matches()) {
            throw new EngineBackendException("run id " + runId + " cannot name a directory");
        }
        return new WorkDirectory(configuration.workRoot().resolve(runId).resolve(Integer.toString(attempt)).toAbsolutePath());
    }

    private static void prepare(LaunchSpec launch, WorkDirectory workDirectory) {
        try {
            createPrivateDirectories(workDirectory.root());
            writePrivately(workDirectory.launchSpec(), LaunchSpecCodec.encode(launch));
            Files.deleteIfExists(workDirectory.terminateRequested());
        } catch (IOException e) {
            throw new EngineBackendException("cannot prepare the work directory " + workDirectory.root() + ": " + e.getMessage(), e);
        }
    }

    private TrackedProcess start(LaunchSpec launch, WorkDirectory workDirectory, MasterProcess master) {
        List<String> command = launcherCommand(workDirectory);
        Map<String, String> environment = launcherEnvironment(launch, System.getenv());
        environment.put(LauncherVariables.SPARK_MASTER, master.url());
        TrackedProcess launcher;
        try {
            launcher = ProcessStarter.start(command, environment, workDirectory.root(), workDirectory.launcherLog(), setsid.isPresent());
        } catch (IOException e) {
            throw new EngineBackendException("cannot start the engine launcher (" + command.get(0) + "): " + e.getMessage(), e);
        }
        writePidFile(workDirectory, launcher);
        log(Level.INFO, launch, "started launcher pid " + launcher.pid() + " in " + workDirectory.root());
        return launcher;
    }

    private void checkSparkVersion(String wanted) {
        if (wanted.isEmpty()) {
            return;
        }
        String provided = SparkDistribution.version(configuration.sparkHome());
        if (!(provided.equals(wanted) || provided.startsWith(wanted + "."))) {
            throw new EngineBackendException("the local backend runs Spark " + provided + " (from " + configuration.sparkHome()
                    + "); the run asks for Spark " + wanted);
        }
    }

    private StandaloneCluster cluster(ClusterRef cluster) {
        return cluster(new WorkDirectory(Path.of(cluster.attribute(WORK_DIRECTORY))), cluster.attribute(RUN_ID),
                Integer.parseInt(cluster.attribute(ATTEMPT)));
    }

    private StandaloneCluster cluster(WorkDirectory workDirectory, String runId, int attempt) {
        return new StandaloneCluster(ClusterDirectory.of(workDirectory.root()), configuration, setsid, runId, attempt, clock,
                classData.flatMap(archives -> archives.ready(ClassDataArchives.Kind.DAEMONS)));
    }

    List<String> launcherCommand(WorkDirectory workDirectory) {
        List<String> command = new ArrayList<>();
        setsid.ifPresent(path -> command.add(path.toString()));
        command.add(configuration.javaHome().resolve("bin").resolve("java").toString());
        command.add("-Xmx128m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(configuration.launcherClasspath().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        command.add(configuration.launcherMainClass());
        command.add(workDirectory.root().toString());
        return command;
    }

    Map<String, String> launcherEnvironment(LaunchSpec launch, Map<String, String> ownEnvironment) {
        Map<String, String> environment = EngineEnvironment.of(configuration, launch.runId(), launch.attempt(), ownEnvironment);
        if (configuration.heartbeatInterval() != null) {
            environment.put(LauncherVariables.HEARTBEAT_MILLIS, Long.toString(configuration.heartbeatInterval().toMillis()));
        }
        if (configuration.reportDeadline() != null) {
            environment.put(LauncherVariables.REPORT_DEADLINE_MILLIS, Long.toString(configuration.reportDeadline().toMillis()));
        }
        if (configuration.listenerJar() != null) {
            environment.put(LauncherVariables.LISTENER_JAR, configuration.listenerJar().toString());
        }
        if (!configuration.connectorJars().isEmpty()) {
            environment.put(LauncherVariables.CONNECTOR_JARS,
                    String.join(",", configuration.connectorJars().stream().map(Path::toString).toList()));
        }
        classData.flatMap(archives -> archives.ready(ClassDataArchives.Kind.DRIVERS))
                .ifPresent(archive -> environment.put(LauncherVariables.DRIVER_CLASS_DATA, archive.toString()));
        classData.flatMap(archives -> archives.ready(ClassDataArchives.Kind.EXECUTORS))
                .ifPresent(archive -> environment.put(LauncherVariables.EXECUTOR_CLASS_DATA, archive.toString()));
        return environment;
    }

    /** A launcher of this attempt that runs but was never recorded (a crash between start and pid file). */
    private Optional<TrackedProcess> findLauncher(LaunchSpec launch, WorkDirectory workDirectory) {
        List<String> entries = List.of(
                LauncherVariables.RUN_ID + "=" + launch.runId(), LauncherVariables.ATTEMPT + "=" + launch.attempt());
        for (long pid : ProcessTable.withEnvironment(entries)) {
            List<String> commandLine = ProcessTable.commandLine(pid);
            if (commandLine.contains(configuration.launcherMainClass()) && commandLine.contains(workDirectory.root().toString())) {
                Optional<ProcessHandle> handle = ProcessHandle.of(pid);
                long processGroup = ProcessTable.stat(pid).map(ProcessTable.Stat::processGroup).filter(group -> group == pid).orElse(-1L);
                if (handle.isPresent() && handle.get().info().startInstant().isPresent()) {
                    return Optional.of(TrackedProcess.of(handle.get(), processGroup));
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<TrackedProcess> launcherOf(ClusterRef cluster) {
        Map<String, String> attributes = cluster.attributes();
        if (!attributes.containsKey(PID) || !attributes.containsKey(STARTED_AT)) {
            return Optional.empty();
        }
        return TrackedProcess.parse(attributes.get(PID), attributes.get(STARTED_AT), attributes.getOrDefault(PROCESS_GROUP, "-1"));
    }

    private ClusterRef reference(ClusterSpec spec, WorkDirectory workDirectory, TrackedProcess launcher) {
        EngineResources resources = spec.resources();
        Map<String, String> attributes = new HashMap<>();
        attributes.put(PID, Long.toString(launcher.pid()));
        attributes.put(STARTED_AT, launcher.startedAt().toString());
        attributes.put(WORK_DIRECTORY, workDirectory.root().toString());
        attributes.put(PROCESS_GROUP, Long.toString(launcher.processGroup()));
        attributes.put(RUN_ID, spec.launch().runId());
        attributes.put(ATTEMPT, Integer.toString(spec.launch().attempt()));
        attributes.put(EXECUTOR_CORES, Integer.toString(resources.executorCores()));
        attributes.put(EXECUTOR_MEMORY_MIB, Integer.toString(resources.executorMemoryMib()));
        attributes.put(MIN_WORKERS, Integer.toString(resources.minExecutors()));
        attributes.put(MAX_WORKERS, Integer.toString(resources.maxExecutors()));
        return new ClusterRef(name, spec.clusterName(), attributes);
    }

    /** The processes of the cluster still running: the launcher's tree, its process group, and anything carrying the run's environment. */
    private static Set<Long> survivors(Set<ProcessHandle> tree, Set<Long> processGroups, List<String> runEnvironment) {
        Set<Long> survivors = new LinkedHashSet<>();
        tree.stream().filter(handle -> ProcessTable.running(handle.pid())).forEach(handle -> survivors.add(handle.pid()));
        survivors.addAll(ProcessTable.withEnvironment(runEnvironment));
        for (long processGroup : processGroups) {
            if (ownedGroup(processGroup, runEnvironment)) {
                survivors.addAll(ProcessTable.inProcessGroup(processGroup));
            }
        }
        return survivors;
    }

    /**
     * Whether a process group is still the cluster's: a group id is a pid, so once its leader and
     * members are gone it may name someone else's group. Only signal a group that still holds a
     * process with the run's environment, and never this JVM's own group.
     */
    private static boolean ownedGroup(long processGroup, List<String> runEnvironment) {
        if (processGroup <= 1) {
            return false;
        }
        long ownGroup = ProcessTable.stat(ProcessHandle.current().pid()).map(ProcessTable.Stat::processGroup).orElse(-1L);
        if (processGroup == ownGroup) {
            return false;
        }
        return ProcessTable.inProcessGroup(processGroup).stream()
                .anyMatch(pid -> ProcessTable.environment(pid).containsAll(runEnvironment));
    }

    private static void signal(String signal, Set<ProcessHandle> tree, Set<Long> processGroups, List<String> runEnvironment) {
        for (long processGroup : processGroups) {
            if (ownedGroup(processGroup, runEnvironment)) {
                Signals.sendToGroup(signal, processGroup);
            }
        }
        List<ProcessHandle> targets = new ArrayList<>(tree);
        for (long pid : ProcessTable.withEnvironment(runEnvironment)) {
            ProcessHandle.of(pid).ifPresent(targets::add);
        }
        for (ProcessHandle target : targets) {
            if (target.isAlive()) {
                if (signal.equals("KILL")) {
                    target.destroyForcibly();
                } else {
                    target.destroy();
                }
            }
        }
    }

    private static boolean awaitGone(Set<ProcessHandle> tree, Set<Long> processGroups, List<String> runEnvironment, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (survivors(tree, processGroups, runEnvironment).isEmpty()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return survivors(tree, processGroups, runEnvironment).isEmpty();
            }
        }
    }

    private static void writePidFile(WorkDirectory workDirectory, TrackedProcess launcher) {
        try {
            launcher.write(workDirectory.launcherPid());
        } catch (IOException e) {
            throw new EngineBackendException("cannot write " + workDirectory.launcherPid() + ": " + e.getMessage(), e);
        }
    }

    private static void createPrivateDirectories(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
    }

    /** Writes a file only its owner can read (it holds the attempt's token), atomically. */
    private static void writePrivately(Path file, byte[] content) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(temporary, content);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static List<String> tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }

    private static Optional<Path> executable(String name) {
        for (String directory : List.of("/usr/bin", "/bin", "/usr/local/bin")) {
            Path candidate = Path.of(directory, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static void log(Level level, LaunchSpec launch, String message) {
        LOG.log(level, "run " + launch.runId() + " attempt " + launch.attempt() + ": " + message);
    }
}
