package io.sparkplane.backend.local;

import static java.util.Objects.requireNonNull;

import io.sparkplane.spi.launch.ClassDataOptions;
import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Class-data archives (the JDK's dynamic AppCDS) for the JVMs of local clusters: a JVM started from
 * one maps the classes it would otherwise read, verify and link from Spark's jars. A Spark master
 * spent about half its start-up CPU with one, a PySpark driver about 40 % less (docs/benchmarks.md).
 *
 * <p>A JVM can use an archive only if its class path starts with the class path the archive was
 * written with, entry by entry, jars unchanged and still at those paths, and holds no directory that
 * exists: so there is one archive per {@link Kind}, whose class paths differ, and each is written by a
 * JVM launched as that kind is, through Spark's own launcher script. Each archive's name carries a
 * digest of the Java, the jars (their paths, sizes and times) and the kind, so a changed jar means a
 * new archive, not an unusable one. A JVM given an archive that does not fit starts as it would
 * without, silently.
 *
 * <p>Missing archives are written in the background, one at a time (a minute or more of CPU each),
 * by a small PySpark job in {@code local[1]} that exits by itself ({@link #WARM_UP}): the first runs
 * start without, the later ones with. Two control planes sharing the directory write each archive
 * once: a {@code .writing} marker with the writer's process id claims it, and a marker whose process
 * is gone is taken over. A write outlives a control plane that stops meanwhile. A write that fails
 * leaves a {@code .failed} file with the reason and is not tried again for a day.
 */
final class ClassDataArchives {

    /** The archive writer's JVM options besides the archive's. */
    static final String WRITER_JVM_OPTIONS = "-XX:TieredStopAtLevel=1";

    /** The JVMs of a local cluster, by class path. */
    enum Kind {
        // in the order they are written: a run's driver saves the most CPU, then each executor, then each daemon
        /** Drivers: the listener, the connector jars, then Spark's jars. */
        DRIVERS,
        /** Executors: the connector jars, then Spark's jars. */
        EXECUTORS,
        /** Masters and workers: Spark's jars. */
        DAEMONS;

        String fileName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static final String WARM_UP = "class-data-warm-up.py";
    /** The warm-up job ($4...), then its archive ($1) moved into place ($2) if it wrote one, and the marker ($3) removed. */
    private static final String MOVE_INTO_PLACE = "partial=$1 archive=$2 marker=$3; shift 3; \"$@\"; code=$?; "
            + "if [ $code -eq 0 ] && [ -s \"$partial\" ]; then mv -f \"$partial\" \"$archive\"; fi; rm -f \"$partial\" \"$marker\"; exit $code";
    private static final Duration WRITE_TIMEOUT = Duration.ofMinutes(10);
    private static final Duration RETRY_AFTER = Duration.ofDays(1);
    private static final System.Logger LOG = System.getLogger(ClassDataArchives.class.getName());

    private final Path directory;
    private final LocalBackendConfiguration configuration;
    /** Kinds queued for the writer or being written by it: each run's start queues the others again. */
    private final Set<Kind> pending = EnumSet.noneOf(Kind.class);
    private final Map<Kind, Path> archives = new java.util.EnumMap<>(Kind.class);
    private final ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "local-class-data-writer");
        thread.setDaemon(true);
        return thread;
    });

    ClassDataArchives(Path directory, LocalBackendConfiguration configuration) {
        this.directory = requireNonNull(directory, "directory is null");
        this.configuration = requireNonNull(configuration, "configuration is null");
    }

    /** The kind's archive if it has been written; never starts writing one. */
    Optional<Path> ready(Kind kind) {
        Path archive = archive(kind);
        return Files.isRegularFile(archive) ? Optional.of(archive) : Optional.empty();
    }

    /**
     * Starts writing, in the background, each archive that is missing and not queued here; one that
     * another control plane is writing, or that failed lately, is skipped until the next call.
     */
    synchronized void prepare() {
        for (Kind kind : Kind.values()) {
            if (!pending.contains(kind) && ready(kind).isEmpty()) {
                pending.add(kind);
                writer.execute(() -> {
                    try {
                        write(kind);
                    } finally {
                        done(kind);
                    }
                });
            }
        }
    }

    private synchronized void done(Kind kind) {
        pending.remove(kind);
    }

    /** Whether archives are queued for the writer or being written by it. */
    synchronized boolean writing() {
        return !pending.isEmpty();
    }

    /** The class path the kind's JVMs start with before Spark's own entries (empty for daemons). */
    List<Path> classPathPrefix(Kind kind) {
        List<Path> prefix = new ArrayList<>();
        if (kind == Kind.DRIVERS && configuration.listenerJar() != null) {
            prefix.add(configuration.listenerJar());
        }
        if (kind != Kind.DAEMONS) {
            prefix.addAll(configuration.connectorJars());
        }
        return prefix;
    }

    /**
     * The kind's archive file. Its digest reads every jar's size and time, and describe and resize
     * ask for the daemons' archive every few seconds per run: it is worked out once (a new pyspark
     * or control plane means a restart anyway).
     */
    synchronized Path archive(Kind kind) {
        return archives.computeIfAbsent(kind, missing -> directory.resolve(missing.fileName() + "-" + digest(missing) + ".jsa"));
    }

    /** The Java, then each jar of the kind's class path: its path, size and modification time. */
    private String digest(Kind kind) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            List<Path> entries = new ArrayList<>(classPathPrefix(kind));
            entries.add(configuration.javaHome().resolve("lib").resolve("modules"));
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(configuration.sparkHome().resolve("jars"), "*.jar")) {
                List<Path> sorted = new ArrayList<>();
                jars.forEach(sorted::add);
                sorted.sort(null);
                entries.addAll(sorted);
            }
            digest.update(kind.name().getBytes(StandardCharsets.UTF_8));
            for (Path entry : entries) {
                digest.update(describe(entry).getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 8);
        } catch (IOException e) {
            // an unreadable Spark home fails the run elsewhere, with a better message
            return "unreadable";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The path as the JVM is given it (which it checks at start), the file's size and time (which it checks too). */
    private static String describe(Path entry) {
        try {
            return entry + "|" + Files.size(entry) + "|" + Files.getLastModifiedTime(entry).toMillis() + "\n";
        } catch (IOException e) {
            return entry + "|missing\n";
        }
    }

    private void write(Kind kind) {
        Path archive = archive(kind);
        Path marker = archive.resolveSibling(archive.getFileName() + ".writing");
        Path failed = archive.resolveSibling(archive.getFileName() + ".failed");
        try {
            Files.createDirectories(directory);
            if (Files.exists(archive) || recentlyFailed(failed) || !claim(marker)) {
                return;
            }
            Path partial = archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid() + ".partial");
            try {
                Instant started = Instant.now();
                LOG.log(Level.INFO, "writing the class-data archive for local " + kind.fileName() + " in the background: " + archive);
                Optional<Problem> problem = run(kind, partial, archive, marker);
                if (problem.isPresent() && problem.get().lasting()) {
                    Files.writeString(failed, problem.get().reason() + "\n");
                    LOG.log(Level.WARNING, "no class-data archive for local " + kind.fileName() + " (their JVMs start without one): "
                            + problem.get().reason() + "; tried again after " + RETRY_AFTER.toHours() + " h, or when " + failed + " is deleted");
                    return;
                }
                if (problem.isPresent()) {
                    LOG.log(Level.WARNING, "no class-data archive for local " + kind.fileName() + " yet (their JVMs start without one): "
                            + problem.get().reason() + "; tried again when the control plane starts again");
                    return;
                }
                Files.deleteIfExists(failed);
                LOG.log(Level.INFO, "class-data archive for local " + kind.fileName() + " written in "
                        + Duration.between(started, Instant.now()).toSeconds() + " s (" + Files.size(archive) / (1024 * 1024) + " MiB): " + archive);
            } finally {
                Files.deleteIfExists(partial);
                Files.deleteIfExists(marker);
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "no class-data archive for local " + kind.fileName() + " (their JVMs start without one): " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Claims the write: a marker names the writing process, first this control plane, then the warm-up
     * job's. One whose process is gone, or older than the write timeout, is taken over.
     */
    private static boolean claim(Path marker) throws IOException {
        String self = Long.toString(ProcessHandle.current().pid());
        try {
            Files.writeString(marker, self, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return true;
        } catch (FileAlreadyExistsException e) {
            Optional<ProcessHandle> writer;
            try {
                writer = ProcessHandle.of(Long.parseLong(Files.readString(marker).strip()));
            } catch (NumberFormatException unreadable) {
                writer = Optional.empty();
            }
            boolean abandoned = writer.isEmpty() || !writer.get().isAlive()
                    || Files.getLastModifiedTime(marker).toInstant().isBefore(Instant.now().minus(WRITE_TIMEOUT));
            if (abandoned) {
                Files.writeString(marker, self);
            }
            return abandoned;
        }
    }

    private static boolean recentlyFailed(Path failed) throws IOException {
        return Files.exists(failed) && Files.getLastModifiedTime(failed).toInstant().isAfter(Instant.now().minus(RETRY_AFTER));
    }

    /** Why an archive was not written, and whether trying again soon would be in vain. */
    private record Problem(String reason, boolean lasting) {}

    /**
     * Runs the warm-up job, with the archive written at its exit and moved into place. A shell around
     * it does the move and removes the marker, so a write outlives a control plane that stops (or
     * restarts) meanwhile, and the next one does not begin it again. Empty when the archive is in
     * place, else what went wrong.
     */
    private Optional<Problem> run(Kind kind, Path partial, Path archive, Path marker) throws IOException, InterruptedException {
        Path log = archive.resolveSibling(archive.getFileName() + ".log");
        Path warmUp = directory.resolve(WARM_UP);
        try (InputStream in = requireNonNull(ClassDataArchives.class.getResourceAsStream(WARM_UP), WARM_UP)) {
            Path temporary = Files.createTempFile(directory, WARM_UP, ".part");
            Files.copy(in, temporary, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temporary, warmUp, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", MOVE_INTO_PLACE, "sh", partial.toString(), archive.toString(),
                marker.toString()));
        command.addAll(command(kind, warmUp));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment(kind, partial));
        Process process = builder.start();
        Files.writeString(marker, Long.toString(process.pid()));
        if (!process.waitFor(WRITE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            // a machine busy with other work, most likely
            return Optional.of(new Problem("the warm-up job took longer than " + WRITE_TIMEOUT.toMinutes() + " min (its log: " + log + ")", false));
        }
        if (process.exitValue() != 0) {
            return Optional.of(new Problem("the warm-up job exited with " + process.exitValue() + " (its log: " + log + ")", true));
        }
        if (!Files.isRegularFile(archive)) {
            return Optional.of(new Problem("the JVM wrote no archive; its class path may hold a directory, such as a Spark conf"
                    + " directory that exists (its log: " + log + ")", true));
        }
        return Optional.empty();
    }

    List<String> command(Kind kind, Path warmUp) {
        List<String> command = new ArrayList<>();
        command.add(configuration.sparkHome().resolve("bin").resolve("spark-submit").toString());
        command.addAll(List.of("--master", "local[1]", "--name", "sparkplane-class-data-" + kind.fileName()));
        List<Path> prefix = classPathPrefix(kind);
        if (!prefix.isEmpty()) {
            // as the launcher puts them: spark.driver.extraClassPath, whose entries come first on the JVM's class path
            command.addAll(List.of("--conf", "spark.driver.extraClassPath="
                    + prefix.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator))));
        }
        command.add(warmUp.toString());
        return command;
    }

    /**
     * The engine's environment, with the archive written at exit. Daemons and executors run with the
     * cluster's conf directory, which does not exist, in their class path's place: so does this job.
     * Drivers run with the Spark home's, as the launcher starts them.
     */
    Map<String, String> environment(Kind kind, Path partial) {
        Map<String, String> environment = EngineEnvironment.base(configuration, System.getenv());
        environment.put("SPARK_LOCAL_IP", "127.0.0.1");
        environment.put("PYSPARK_DRIVER_PYTHON", configuration.pythonExecutable().toString());
        // C1 only: the warm-up job lives for a minute, and an archive holds classes, not compiled code. The collector stays
        // G1, the JVMs' default: an archive written with another one leaves G1 JVMs without the JDK's archived module graph.
        environment.put("SPARK_SUBMIT_OPTS", ClassDataOptions.writeAtExit(partial) + " " + WRITER_JVM_OPTIONS);
        if (kind != Kind.DRIVERS) {
            environment.put("SPARK_CONF_DIR", directory.resolve("no-conf").toString());
        }
        return environment;
    }

}
