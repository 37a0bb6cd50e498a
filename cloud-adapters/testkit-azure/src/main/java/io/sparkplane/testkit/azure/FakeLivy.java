package io.sparkplane.testkit.azure;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.testkit.localspark.FakeLog;
import io.sparkplane.testkit.localspark.LocalRun;
import io.sparkplane.testkit.localspark.LocalSparkRunner;
import io.sparkplane.testkit.localspark.RunHooks;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One Livy server's batches: Apache Livy 0.8's batch REST API (https://livy.apache.org/docs/latest/rest-api.html,
 * its SessionServlet and BatchSessionServlet), served under whatever base path its owner routes to
 * it: the root for {@link FakeLivyServer}, {@code /{clusterName}/livy} for each of
 * {@link FakeHdInsightArmServer}'s clusters. Everything behind one lock (this object's monitor).
 *
 * <p>As Livy: ids from 0; a batch is {@code starting}, {@code running} once its application runs,
 * then {@code success}, {@code dead} or {@code killed}; a finished batch is kept for the state
 * retention (livy.server.session.state-retain.sec, 600 s) and then gone; DELETE kills it and it is
 * gone at once, log and all; a name stays taken while its batch is kept; errors are {@code
 * {"msg": ...}}; the log has YARN mode's sections ("stdout: ", "\nstderr: ", "\nYARN Diagnostics: "),
 * the last 200 lines of output (livy.cache-log.size) in the first, since a batch's spark-submit
 * merges stderr into stdout. Optional Basic authentication (as HDInsight's gateway) and CSRF
 * protection (livy.server.csrf-protection.enabled: POST and DELETE need an X-Requested-By header).
 *
 * <p>Left out: interactive sessions (/sessions), /version, impersonation checks (proxyUser and doAs
 * are echoed, never refused), access control between users, resolving scheme-less paths against
 * the cluster's default file system, the local-path whitelist, recovery, the limit on sessions
 * being created. The output in the log is the driver's own (the run is client mode here), where a
 * real YARN-mode batch shows spark-submit's client output and keeps the driver's in YARN.
 */
public final class FakeLivy {

    /** Livy's livy.server.session.state-retain.sec default. */
    public static final Duration DEFAULT_STATE_RETENTION = Duration.ofSeconds(600);
    /** Livy's livy.cache-log.size default: lines of output kept per stream. */
    public static final int DEFAULT_LOG_LINES = 200;
    /** How long a state-only batch stays starting before it runs. */
    public static final Duration DEFAULT_START_DELAY = Duration.ofMillis(200);

    static final String CSRF_HEADER = "X-Requested-By";
    /** How many log lines a batch's own view carries (BatchSessionServlet's size). */
    private static final int VIEW_LOG_LINES = 10;
    /** The host of the YARN URLs in appInfo: a reserved name, so nobody mistakes them for served ones. */
    private static final String YARN_HOST = "fake-yarn.invalid";
    private static final Duration SWEEP = Duration.ofMillis(100);
    private static final ObjectMapper BINDER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private record Fault(int status, String message) {}

    /** One batch, mutable under the lock. */
    private static final class Batch {
        final int id;
        final Optional<String> name;
        final Optional<String> owner;
        final Optional<String> proxyUser;
        final LivyBatchRequest request;
        LivyState state = LivyState.STARTING;
        Optional<String> appId = Optional.empty();
        final List<String> output = new ArrayList<>();
        final List<String> diagnostics = new ArrayList<>();
        LocalRun run;
        long finishedAt;

        Batch(int id, Optional<String> owner, Optional<String> proxyUser, LivyBatchRequest request) {
            this.id = id;
            this.name = request.name();
            this.owner = owner;
            this.proxyUser = proxyUser;
            this.request = request;
        }
    }

    private final String name;
    private final Optional<BasicLogin> login;
    private final boolean csrfProtection;
    private final Optional<LocalSparkRunner> runner;
    private final FakeLog log;
    private final ScheduledExecutorService scheduler;
    /** YARN's cluster timestamp, the middle of its application ids. */
    private final long clusterTimestamp = System.currentTimeMillis();
    private final ScheduledFuture<?> sweep;

    private int nextId;
    private final Map<Integer, Batch> batches = new LinkedHashMap<>();
    private final Map<String, Integer> idsByName = new HashMap<>();
    private final Map<Integer, String> localRuns = new LinkedHashMap<>();
    private final List<RecordedCall> calls = new ArrayList<>();
    private final Map<LivyOperation, Deque<Fault>> faults = new EnumMap<>(LivyOperation.class);
    private Duration stateRetention = DEFAULT_STATE_RETENTION;
    private Duration startDelay = DEFAULT_START_DELAY;
    private int logLines = DEFAULT_LOG_LINES;
    private boolean closed;

    /**
     * @param name for the log and the local runs' ids: "livy", or the cluster's name
     * @param runner empty: state only, batches run until a test sets their state
     */
    FakeLivy(String name, Optional<BasicLogin> login, boolean csrfProtection, Optional<LocalSparkRunner> runner, FakeLog log,
            ScheduledExecutorService scheduler) {
        this.name = requireNonNull(name, "name is null");
        this.login = requireNonNull(login, "login is null");
        this.csrfProtection = csrfProtection;
        this.runner = requireNonNull(runner, "runner is null");
        this.log = requireNonNull(log, "log is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.sweep = scheduler.scheduleWithFixedDelay(this::removeExpired, SWEEP.toMillis(), SWEEP.toMillis(), TimeUnit.MILLISECONDS);
    }

    // --- what tests do

    /**
     * Moves a batch to {@code state}, as its application would: running gives it an application id;
     * a finished state starts its retention and kills its local run (if any).
     */
    public synchronized void setState(int id, LivyState state) {
        requireNonNull(state, "state is null");
        Batch batch = existing(id);
        if (state.isFinished()) {
            finish(batch, state, List.of(state == LivyState.KILLED ? "Application " + batch.appId.orElse("") + " was killed by the test."
                    : state == LivyState.DEAD ? "The test ended the application as failed." : ""));
        } else if (state == LivyState.RUNNING) {
            toRunning(batch);
        } else {
            move(batch, state);
        }
    }

    /** Adds lines to a batch's output (its log's stdout section), as a state-only batch's driver would print them. */
    public synchronized void appendLog(int id, String... lines) {
        Batch batch = existing(id);
        if (batch.run != null) {
            throw new IllegalStateException("batch " + id + " runs on the local Spark: its log is its driver's output");
        }
        batch.output.addAll(List.of(lines));
    }

    /** The next call of {@code operation} answers {@code status} with Livy's {@code {"msg": message}} and does nothing; queued, one per call. */
    public synchronized void failNext(LivyOperation operation, int status, String message) {
        requireNonNull(operation, "operation is null");
        requireNonNull(message, "message is null");
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a fault is an HTTP error status, not " + status);
        }
        faults.computeIfAbsent(operation, key -> new ArrayDeque<>()).add(new Fault(status, message));
    }

    /** How long a finished batch is kept (Livy's livy.server.session.state-retain.sec; default 600 s). */
    public synchronized void stateRetention(Duration retention) {
        this.stateRetention = checkDelay(retention);
    }

    /** How long a state-only batch stays starting (default 200 ms); run mode starts when spark-submit does. */
    public synchronized void startDelay(Duration delay) {
        this.startDelay = checkDelay(delay);
    }

    /** How many lines of output the log keeps (Livy's livy.cache-log.size; default 200). */
    public synchronized void logLines(int lines) {
        if (lines < 1) {
            throw new IllegalArgumentException("the log keeps at least one line, not " + lines);
        }
        this.logLines = lines;
    }

    public synchronized Optional<LivyBatch> batch(int id) {
        return Optional.ofNullable(batches.get(id)).map(this::snapshot);
    }

    /** Every batch kept now, by id. */
    public synchronized List<LivyBatch> batches() {
        return batches.values().stream().map(this::snapshot).toList();
    }

    /** Every request received since the start or {@link #resetCalls()}, in order. */
    public synchronized List<RecordedCall> calls() {
        return List.copyOf(calls);
    }

    public synchronized void resetCalls() {
        calls.clear();
    }

    /** Batch id -> where its local run is ("staging", "running", "exit 0", "killed", "not run: ..."), run mode only. */
    public synchronized Map<Integer, String> localRuns() {
        return Map.copyOf(localRuns);
    }

    // --- the API

    /** Answers one request; {@code relativePath} is its path under this Livy's base ("/batches/3/log"). */
    HttpAnswer serve(Request request, String relativePath) {
        Optional<LivyOperation> operation = operation(request.method(), relativePath);
        synchronized (this) {
            calls.add(RecordedCall.of(request));
            if (operation.isPresent()) {
                Fault fault = Optional.ofNullable(faults.get(operation.get())).map(Deque::poll).orElse(null);
                if (fault != null) {
                    log.log(name + ": " + request.method() + " " + request.path() + ": scripted fault " + fault.status());
                    return message(fault.status(), fault.message());
                }
            }
        }
        Optional<String> user = Optional.empty();
        if (login.isPresent()) {
            user = login.get().authenticate(request.header("Authorization"));
            if (user.isEmpty()) {
                return HttpAnswer.text(401, "text/plain; charset=utf-8", "Unauthorized")
                        .withHeader("WWW-Authenticate", "Basic realm=\"Livy\"");
            }
        }
        if (csrfProtection && !List.of("GET", "HEAD", "OPTIONS").contains(request.method())
                && request.header(CSRF_HEADER).isEmpty()) {
            return jettyError(400, "Missing Required Header for CSRF protection.", request.path());
        }
        if (operation.isEmpty()) {
            return knownPath(relativePath)
                    ? HttpAnswer.text(405, "text/plain; charset=utf-8", "Method " + request.method() + " is not allowed on " + request.path())
                    : HttpAnswer.text(404, "text/plain; charset=utf-8", "Requesting \"" + request.method() + " " + relativePath
                            + "\" on the fake Livy, which serves the batch API only");
        }
        try {
            return switch (operation.get()) {
                case LIST -> list(request.query());
                case CREATE -> create(request, user);
                case GET -> withBatch(relativePath, batch -> HttpAnswer.json(200, view(batch)));
                case STATE -> withBatch(relativePath, batch -> HttpAnswer.json(200, stateView(batch)));
                case LOG -> withBatch(relativePath, batch -> HttpAnswer.json(200, logView(batch, request.query())));
                case DELETE -> withBatch(relativePath, this::delete);
            };
        } catch (NumberFormatException e) {
            // Livy's params("from").toInt: an IllegalArgumentException, answered 400 with its message
            return message(400, e.getMessage());
        }
    }

    /** Which call a method and path are, or empty for a path or method the batch API has not. */
    static Optional<LivyOperation> operation(String method, String relativePath) {
        String[] segments = relativePath.replaceAll("^/+|/+$", "").split("/");
        if (segments.length == 0 || !segments[0].equals("batches")) {
            return Optional.empty();
        }
        if (segments.length == 1) {
            return method.equals("GET") ? Optional.of(LivyOperation.LIST)
                    : method.equals("POST") ? Optional.of(LivyOperation.CREATE) : Optional.empty();
        }
        if (segments.length == 2) {
            return method.equals("GET") ? Optional.of(LivyOperation.GET)
                    : method.equals("DELETE") ? Optional.of(LivyOperation.DELETE) : Optional.empty();
        }
        if (segments.length == 3 && method.equals("GET")) {
            return segments[2].equals("state") ? Optional.of(LivyOperation.STATE)
                    : segments[2].equals("log") ? Optional.of(LivyOperation.LOG) : Optional.empty();
        }
        return Optional.empty();
    }

    private static boolean knownPath(String relativePath) {
        return operation("GET", relativePath).isPresent() || operation("POST", relativePath).isPresent()
                || operation("DELETE", relativePath).isPresent();
    }

    private synchronized HttpAnswer list(Map<String, String> query) {
        int from = Integer.parseInt(query.getOrDefault("from", "0"));
        int size = Integer.parseInt(query.getOrDefault("size", "100"));
        List<Batch> all = List.copyOf(batches.values());
        int start = Math.max(0, Math.min(from, all.size()));
        int end = Math.max(start, Math.min(all.size(), start + Math.max(0, size)));
        ObjectNode answer = HttpAnswer.JSON.createObjectNode();
        answer.put("from", from);
        answer.put("total", all.size());
        ArrayNode sessions = answer.putArray("sessions");
        all.subList(start, end).forEach(batch -> sessions.add(view(batch)));
        return HttpAnswer.json(200, answer);
    }

    private synchronized HttpAnswer create(Request request, Optional<String> user) {
        CreateBatchRequest body;
        try {
            body = BINDER.readValue(request.body(), CreateBatchRequest.class);
        } catch (JsonProcessingException e) {
            // Livy's JsonServlet answers Jackson's parse and binding errors 400 with their message
            return message(400, e.getMessage());
        } catch (IOException e) {
            return message(400, e.getMessage());
        }
        if (body == null) {
            return message(400, "No content to map due to end-of-input");
        }
        int id = nextId++;
        if (body.name != null && idsByName.containsKey(body.name)) {
            return message(400, "Rejected, Reason: Duplicate session name: Some(" + body.name + ") for session " + id);
        }
        if (body.file == null) {
            return message(400, "Rejected, Reason: requirement failed: File is required.");
        }
        LivyBatchRequest batchRequest = LivyBatchRequest.of(body);
        Optional<String> proxyUser = Optional.ofNullable(request.query().get("doAs")).or(batchRequest::proxyUser);
        Batch batch = new Batch(id, user, proxyUser, batchRequest);
        batches.put(id, batch);
        batch.name.ifPresent(taken -> idsByName.put(taken, id));
        log.log(name + ": batch " + id + " created: " + batchRequest.file() + (runner.isPresent() ? ", running it locally" : ""));
        if (runner.isPresent()) {
            run(batch, runner.get());
        } else {
            later(startDelay, () -> {
                if (batches.get(id) == batch && batch.state == LivyState.STARTING) {
                    toRunning(batch);
                }
            });
        }
        return HttpAnswer.json(201, view(batch)).withHeader("Location", "/batches/" + id);
    }

    private HttpAnswer delete(Batch batch) {
        remove(batch, "deleted");
        return message(200, "deleted");
    }

    private synchronized HttpAnswer withBatch(String relativePath, java.util.function.Function<Batch, HttpAnswer> action) {
        String idOrName = relativePath.replaceAll("^/+|/+$", "").split("/")[1];
        Batch batch;
        if (idOrName.chars().allMatch(Character::isDigit)) {
            batch = batches.get(Integer.parseInt(idOrName));
        } else {
            Integer id = idsByName.get(idOrName);
            batch = id == null ? null : batches.get(id);
        }
        if (batch == null) {
            return message(404, "Session '" + idOrName + "' not found.");
        }
        return action.apply(batch);
    }

    // --- the run mode

    private void run(Batch batch, LocalSparkRunner localRunner) {
        int id = batch.id;
        batch.run = localRunner.start(LivyWork.of(name + "-batch-" + id, batch.request), new RunHooks() {
            @Override
            public boolean begin() {
                synchronized (FakeLivy.this) {
                    if (batches.get(id) != batch || batch.state != LivyState.STARTING) {
                        return false;
                    }
                    toRunning(batch);
                    return true;
                }
            }

            @Override
            public void exited(int exitCode, String lastException) {
                synchronized (FakeLivy.this) {
                    if (batches.get(id) != batch || batch.state != LivyState.RUNNING) {
                        log.log(name + ": batch " + id + ": its driver exited with " + exitCode + " after it left running: left as it is");
                    } else if (exitCode == 0) {
                        finish(batch, LivyState.SUCCESS, List.of());
                    } else {
                        // what YARN's diagnostics say of a failed application in cluster mode
                        finish(batch, LivyState.DEAD, List.of("User application exited with status " + exitCode));
                    }
                }
            }

            @Override
            public void couldNotStart(String problem) {
                synchronized (FakeLivy.this) {
                    if (batches.get(id) == batch && !batch.state.isFinished()) {
                        // Livy's words when spark-submit never got an application to YARN
                        finish(batch, LivyState.DEAD, List.of("No YARN application is found with tag livy-batch-" + id
                                + ". This may be because 1) spark-submit fail to submit application to YARN; or 2) YARN cluster"
                                + " doesn't have enough resources to start the application in time. Please check Livy log and"
                                + " YARN log to know the details.", problem));
                    }
                }
            }

            @Override
            public void outcome(String outcome) {
                synchronized (FakeLivy.this) {
                    localRuns.put(id, outcome);
                }
            }
        });
    }

    // --- transitions, under the lock

    private void move(Batch batch, LivyState state) {
        log.log(name + ": batch " + batch.id + ": " + batch.state.wire() + " -> " + state.wire());
        batch.state = state;
    }

    private void toRunning(Batch batch) {
        if (batch.appId.isEmpty()) {
            batch.appId = Optional.of(String.format("application_%d_%04d", clusterTimestamp, batch.id + 1));
        }
        move(batch, LivyState.RUNNING);
    }

    private void finish(Batch batch, LivyState state, List<String> diagnostics) {
        move(batch, state);
        batch.finishedAt = System.nanoTime();
        diagnostics.stream().filter(line -> !line.isEmpty()).forEach(batch.diagnostics::add);
        if (batch.run != null && !batch.run.ended().isDone()) {
            batch.run.requestKill();
        }
    }

    /** Gone, log and all, its run killed: as DELETE and the end of the state retention leave it. */
    private synchronized void remove(Batch batch, String why) {
        batches.remove(batch.id);
        batch.name.ifPresent(idsByName::remove);
        if (batch.run != null && !batch.run.ended().isDone()) {
            batch.run.requestKill();
        }
        log.log(name + ": batch " + batch.id + " " + why + " (it was " + batch.state.wire() + ")");
    }

    private synchronized void removeExpired() {
        try {
            if (closed) {
                return;
            }
            long now = System.nanoTime();
            for (Batch batch : List.copyOf(batches.values())) {
                if (batch.state.isFinished() && now - batch.finishedAt >= stateRetention.toNanos()) {
                    remove(batch, "removed after the state retention of " + stateRetention);
                }
            }
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again: log it and go on
            log.log(name + ": the retention sweep failed: " + e);
        }
    }

    private void later(Duration delay, Runnable action) {
        if (closed) {
            return;
        }
        scheduler.schedule(() -> {
            synchronized (this) {
                if (closed) {
                    return;
                }
                try {
                    action.run();
                } catch (RuntimeException e) {
                    log.log(name + ": a timed transition failed: " + e);
                }
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops its clock, kills its runs and forgets its batches: a deleted cluster's Livy, or a closed fake's. */
    synchronized void close() {
        closed = true;
        sweep.cancel(false);
        for (Batch batch : List.copyOf(batches.values())) {
            if (batch.run != null && !batch.run.ended().isDone()) {
                batch.run.requestKill();
            }
        }
        batches.clear();
        idsByName.clear();
    }

    // --- views, under the lock

    private ObjectNode view(Batch batch) {
        ObjectNode view = HttpAnswer.JSON.createObjectNode();
        view.put("id", batch.id);
        view.put("name", batch.name.orElse(null));
        view.put("owner", batch.owner.orElse(null));
        view.put("proxyUser", batch.proxyUser.orElse(null));
        view.put("state", batch.state.wire());
        view.put("appId", batch.appId.orElse(null));
        ObjectNode appInfo = view.putObject("appInfo");
        appInfo.put("driverLogUrl", batch.appId.map(appId -> "http://" + YARN_HOST + ":8042/node/containerlogs/container_"
                + appId.substring("application_".length()) + "_01_000001/" + batch.owner.orElse("livy")).orElse(null));
        appInfo.put("sparkUiUrl", batch.appId.map(appId -> "http://" + YARN_HOST + ":8088/proxy/" + appId + "/").orElse(null));
        List<String> lines = logOf(batch);
        ArrayNode log = view.putArray("log");
        lines.subList(Math.max(0, lines.size() - VIEW_LOG_LINES), lines.size()).forEach(log::add);
        return view;
    }

    private ObjectNode stateView(Batch batch) {
        ObjectNode view = HttpAnswer.JSON.createObjectNode();
        view.put("id", batch.id);
        view.put("state", batch.state.wire());
        return view;
    }

    /** SessionServlet.serializeLogs: size 100 by default, all when negative; from the last {@code size} lines by default. */
    private ObjectNode logView(Batch batch, Map<String, String> query) {
        List<String> lines = logOf(batch);
        int size = Integer.parseInt(query.getOrDefault("size", "100"));
        int from = Integer.parseInt(query.getOrDefault("from", "-1"));
        if (size < 0) {
            size = lines.size();
        }
        if (from < 0) {
            from = Math.max(0, lines.size() - size);
        }
        int start = Math.min(from, lines.size());
        int end = Math.max(start, Math.min(lines.size(), from + size));
        ObjectNode view = HttpAnswer.JSON.createObjectNode();
        view.put("id", batch.id);
        view.put("from", from);
        view.put("total", lines.size());
        ArrayNode log = view.putArray("log");
        lines.subList(start, end).forEach(log::add);
        return view;
    }

    /** SparkYarnApp.log(): "stdout: " and its lines, "\nstderr: " (empty: a batch merges it into stdout), "\nYARN Diagnostics: " and its lines. */
    private List<String> logOf(Batch batch) {
        List<String> output = batch.run != null ? lines(batch.run.driverOutput()) : batch.output;
        List<String> lines = new ArrayList<>();
        lines.add("stdout: ");
        lines.addAll(output.subList(Math.max(0, output.size() - logLines), output.size()));
        lines.add("\nstderr: ");
        lines.add("\nYARN Diagnostics: ");
        lines.addAll(batch.diagnostics);
        return lines;
    }

    private LivyBatch snapshot(Batch batch) {
        return new LivyBatch(batch.id, batch.name, batch.owner, batch.proxyUser, batch.state, batch.appId, batch.request, logOf(batch));
    }

    private Batch existing(int id) {
        Batch batch = batches.get(id);
        if (batch == null) {
            throw new IllegalArgumentException("no batch " + id + " in " + name + " (it has " + batches.keySet() + ")");
        }
        return batch;
    }

    private static List<String> lines(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
        if (lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        return lines;
    }

    /** Livy's ResponseMessage: {@code {"msg": ...}}. */
    static HttpAnswer message(int status, String message) {
        ObjectNode body = HttpAnswer.JSON.createObjectNode();
        body.put("msg", message);
        return HttpAnswer.json(status, body);
    }

    /** What Livy's Jetty answers to a filter's sendError: its HTML error page. */
    private static HttpAnswer jettyError(int status, String reason, String path) {
        return HttpAnswer.text(status, "text/html;charset=iso-8859-1", "<html>\n<head>\n"
                + "<meta http-equiv=\"Content-Type\" content=\"text/html;charset=ISO-8859-1\"/>\n"
                + "<title>Error " + status + " " + reason + "</title>\n</head>\n<body><h2>HTTP ERROR " + status + "</h2>\n"
                + "<p>Problem accessing " + path + ". Reason:\n<pre>    " + reason + "</pre></p><hr>"
                + "<i><small>Powered by Jetty://</small></i><hr/>\n</body>\n</html>\n");
    }

    private static Duration checkDelay(Duration delay) {
        requireNonNull(delay, "delay is null");
        if (delay.isNegative()) {
            throw new IllegalArgumentException("a duration must not be negative, not " + delay);
        }
        return delay;
    }
}
