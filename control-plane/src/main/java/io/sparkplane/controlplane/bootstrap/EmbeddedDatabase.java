package io.sparkplane.controlplane.bootstrap;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * A real PostgreSQL from zonky's embedded binaries, with its data kept in a directory across
 * restarts. Used when no external database is configured, and by tests.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
    private static final Duration ORPHAN_STOP_TIMEOUT = Duration.ofSeconds(20);

    private final EmbeddedPostgres postgres;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static EmbeddedDatabase start(Path dataDirectory) throws IOException {
        Files.createDirectories(dataDirectory);
        stopOrphan(dataDirectory);
        long started = System.nanoTime();
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                // its own hook would stop the database as the JVM starts to stop, beside Quarkus's, while loops still query:
                // SparkplaneMain's hook stops it once the application has stopped
                .setRegisterShutdownHook(false)
                .start();
        LOG.infof("embedded PostgreSQL started on 127.0.0.1:%d in %d ms, data in %s", postgres.getPort(),
                (System.nanoTime() - started) / 1_000_000, dataDirectory);
        return new EmbeddedDatabase(postgres);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
    }

    public String user() {
        return "postgres";
    }

    public int port() {
        return postgres.getPort();
    }

    @Override
    public void close() throws IOException {
        if (closed.compareAndSet(false, true)) {
            postgres.close();
        }
    }

    /**
     * A control plane killed with SIGKILL leaves its postmaster running, holding the data directory;
     * stop it (it has no clients left) so this start can take over.
     */
    static void stopOrphan(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        Optional<Long> pid = postmasterPid(pidFile);
        if (pid.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive);
        if (process.isEmpty() || !process.get().info().command().map(command -> command.contains("postgres")).orElse(false)) {
            return;
        }
        LOG.warnf("stopping PostgreSQL (pid %d) left running on %s by an earlier control plane", pid.get(), dataDirectory);
        ProcessHandle postmaster = process.get();
        // SIGINT is PostgreSQL's fast shutdown; ProcessHandle only sends TERM (smart, waits for clients) or KILL.
        new ProcessBuilder("kill", "-INT", Long.toString(pid.get())).inheritIO().start();
        long deadline = System.nanoTime() + ORPHAN_STOP_TIMEOUT.toNanos();
        while (postmaster.isAlive() && System.nanoTime() < deadline) {
            sleep(100);
        }
        if (postmaster.isAlive()) {
            postmaster.destroyForcibly();
            sleep(500);
            Files.deleteIfExists(pidFile);
        }
    }

    private static Optional<Long> postmasterPid(Path pidFile) throws IOException {
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        try {
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
