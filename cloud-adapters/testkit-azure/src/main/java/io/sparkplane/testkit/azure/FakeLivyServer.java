package io.sparkplane.testkit.azure;

import static java.util.Objects.requireNonNull;

import io.sparkplane.testkit.localspark.FakeLog;
import io.sparkplane.testkit.localspark.LocalSparkRunner;
import io.sparkplane.testkit.localspark.ObjectTransfer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A fake, named so, of an Apache Livy 0.8 server's batch REST API (https://livy.apache.org/docs/latest/rest-api.html)
 * on a loopback port, at the root as Livy serves it: POST/GET /batches, GET/DELETE /batches/{id},
 * GET /batches/{id}/state and /log. What it follows and leaves out: {@link FakeLivy}.
 *
 * <p>Two modes. State only ({@link Builder#start()} without {@link Builder#runMode}): a batch is
 * starting, running after a moment, and stays so until a test sets its state; fast, for backends'
 * tests. Run mode: each batch is a spark-submit of the local Spark in local mode (the shared
 * {@link LocalSparkRunner}), its abfss:// or wasbs:// inputs copied out of the store first, its event
 * log put back where spark.eventLog.dir says, its driver's output its log.
 *
 * <pre>{@code
 * try (FakeLivyServer livy = FakeLivyServer.builder().basicAuth("admin", "secret").csrfProtection(true).start()) {
 *     // a Livy client at livy.endpoint()
 * }
 * }</pre>
 */
public final class FakeLivyServer implements AutoCloseable {

    private final LoopbackHttpServer server;
    private final FakeLivy livy;
    private final ScheduledExecutorService scheduler;
    private final Optional<LocalSparkRunner> runner;
    private final FakeLog log;
    private final Thread killer;

    private FakeLivyServer(LoopbackHttpServer server, FakeLivy livy, ScheduledExecutorService scheduler,
            Optional<LocalSparkRunner> runner, FakeLog log) {
        this.server = server;
        this.livy = livy;
        this.scheduler = scheduler;
        this.runner = runner;
        this.log = log;
        // a test JVM that ends without close() still takes its spark-submits with it
        this.killer = new Thread(this::stop, "fake-livy-killer");
        Runtime.getRuntime().addShutdownHook(killer);
    }

    /** State only, no authentication, no CSRF protection: Livy's defaults. */
    public static FakeLivyServer start() throws IOException {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** How a test wants its Livy: authentication, CSRF protection, run mode. */
    public static final class Builder {

        private Optional<BasicLogin> login = Optional.empty();
        private boolean csrfProtection;
        private Path logFile;
        private Path sparkSubmit;
        private Path python;
        private ObjectTransfer store;

        private Builder() {}

        /** Every request needs HTTP Basic authentication as this user (401 without): as HDInsight's gateway in front of Livy. */
        public Builder basicAuth(String user, String password) {
            this.login = Optional.of(new BasicLogin(user, password));
            return this;
        }

        /** POST and DELETE need an X-Requested-By header (400 without), as livy.server.csrf-protection.enabled=true. */
        public Builder csrfProtection(boolean enabled) {
            this.csrfProtection = enabled;
            return this;
        }

        /**
         * Runs every batch with this spark-submit in local mode, its inputs read from and its event
         * log written to {@code store} ({@link AzureBlobTransfer} for abfss:// and wasbs://); the
         * fake's own log goes to logFile.
         *
         * @param sparkSubmit the spark-submit of the pyspark that {@code python} imports
         * @param python the interpreter of PySpark's driver and workers (PYSPARK_PYTHON)
         */
        public Builder runMode(Path logFile, Path sparkSubmit, Path python, ObjectTransfer store) {
            this.logFile = requireNonNull(logFile, "logFile is null");
            this.sparkSubmit = requireNonNull(sparkSubmit, "sparkSubmit is null");
            this.python = requireNonNull(python, "python is null");
            this.store = requireNonNull(store, "store is null");
            if (!Files.isExecutable(sparkSubmit)) {
                throw new IllegalArgumentException("no spark-submit at " + sparkSubmit);
            }
            return this;
        }

        public FakeLivyServer start() throws IOException {
            FakeLog log = logFile == null ? FakeLog.none() : FakeLog.toFile(logFile);
            Optional<LocalSparkRunner> runner = logFile == null ? Optional.empty()
                    : Optional.of(new LocalSparkRunner(sparkSubmit, python, store, log));
            ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "fake-livy-transitions");
                thread.setDaemon(true);
                return thread;
            });
            FakeLivy livy = new FakeLivy("livy", login, csrfProtection, runner, log, scheduler);
            LoopbackHttpServer server;
            try {
                server = LoopbackHttpServer.start("fake-livy", request -> livy.serve(request, request.path()));
            } catch (IOException | RuntimeException e) {
                livy.close();
                scheduler.shutdownNow();
                runner.ifPresent(LocalSparkRunner::close);
                log.close();
                throw e;
            }
            log.log("fake Livy serves on 127.0.0.1:" + server.port() + (runner.isPresent() ? ", running batches locally" : ", state only")
                    + (login.isPresent() ? ", Basic auth" : "") + (csrfProtection ? ", CSRF protection" : ""));
            return new FakeLivyServer(server, livy, scheduler, runner, log);
        }
    }

    /** Livy's base URL, {@code http://127.0.0.1:<port>}: a client appends /batches. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    public int port() {
        return server.port();
    }

    /** The batches and the test controls: everything below delegates to it. */
    public FakeLivy livy() {
        return livy;
    }

    /** @see FakeLivy#setState */
    public void setState(int id, LivyState state) {
        livy.setState(id, state);
    }

    /** @see FakeLivy#appendLog */
    public void appendLog(int id, String... lines) {
        livy.appendLog(id, lines);
    }

    /** @see FakeLivy#failNext */
    public void failNext(LivyOperation operation, int status, String message) {
        livy.failNext(operation, status, message);
    }

    /** @see FakeLivy#stateRetention */
    public void stateRetention(Duration retention) {
        livy.stateRetention(retention);
    }

    /** @see FakeLivy#startDelay */
    public void startDelay(Duration delay) {
        livy.startDelay(delay);
    }

    /** @see FakeLivy#logLines */
    public void logLines(int lines) {
        livy.logLines(lines);
    }

    public Optional<LivyBatch> batch(int id) {
        return livy.batch(id);
    }

    public List<LivyBatch> batches() {
        return livy.batches();
    }

    public List<RecordedCall> calls() {
        return livy.calls();
    }

    public void resetCalls() {
        livy.resetCalls();
    }

    public Map<Integer, String> localRuns() {
        return livy.localRuns();
    }

    /** Stops serving, kills every batch's local run (its process tree) and waits for them to end. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(killer);
        } catch (IllegalStateException e) {
            // the JVM is shutting down and runs the hook itself
        }
    }

    private void stop() {
        server.close();
        livy.close();
        scheduler.shutdownNow();
        runner.ifPresent(LocalSparkRunner::close);
        log.close();
    }
}
