package io.sparkplane.testkit.aws;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkplane.testkit.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The AWS emulator moto ({@code moto[server]} from PyPI, installed into the project's {@code .venv}
 * by {@code ./sparkplane test}) served by a test harness, {@code moto_harness.py}: moto answers every
 * AWS call as itself, and the harness adds what moto lacks for a test to play the cloud's part (the
 * states of EMR steps, clusters and EMR Serverless job runs with their failure details, faults in
 * the next calls of an operation, calls counted per operation). It is a harness, not Sparkplane: it
 * never answers an AWS call in moto's place unless a test injected a fault.
 *
 * <p>moto takes any credentials and does not check signatures; it tells services apart by the
 * signing name of each request's SigV4 scope, so every client points at {@link #endpoint()}.
 *
 * <p>Started with a {@code spark-submit} ({@link #start(Path, Path, Path)}), the harness also plays
 * the cloud's compute, for end-to-end tests: it runs each EMR cluster's first step and each EMR
 * Serverless job run with the local Spark in local mode (their {@code s3://} inputs copied out of
 * moto's S3), puts their driver logs and event logs into moto's S3 where the service would, and sets
 * their states through moto as the service would: an EMR step COMPLETED or FAILED ("Command exited
 * with status n") with its cluster TERMINATED, a job run SUBMITTED, SCHEDULED, RUNNING, then SUCCESS
 * or FAILED ("ExitCode: n"). A cluster terminated, a step or a job run cancelled while its job runs
 * has the job's process tree killed. {@link #jobs()} lists what it ran; {@link #emrResizes()} the
 * TASK group resizes each cluster got.
 */
public final class MotoHarness implements AutoCloseable {

    /** The project's python with moto installed; the build passes {@code .venv/bin/python}. */
    public static final String PYTHON_PROPERTY = "sparkplane.python";
    /** The region clients use against it. */
    public static final String REGION = "us-east-1";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process process;
    private final URI endpoint;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private MotoHarness(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /** Starts the harness on a free port, its output in {@code logFile}; it is up when this returns. */
    public static MotoHarness start(Path logFile) throws IOException, InterruptedException {
        return start(logFile, List.of());
    }

    /**
     * Starts the harness in its "run the jobs" mode: EMR steps and EMR Serverless job runs run with
     * {@code sparkSubmit} (in local mode), PySpark's python {@code python}. New job runs start in
     * {@code SUBMITTED}. Closing the harness kills the jobs still running.
     *
     * @param sparkSubmit for instance {@link #sparkSubmitOf(Path)} of the project's python
     */
    public static MotoHarness start(Path logFile, Path sparkSubmit, Path python) throws IOException, InterruptedException {
        requireNonNull(sparkSubmit, "sparkSubmit is null");
        requireNonNull(python, "python is null");
        return start(logFile, List.of("--spark-submit", sparkSubmit.toAbsolutePath().toString(), "--python", python.toAbsolutePath().toString()));
    }

    /** The {@code spark-submit} of the pyspark package that {@code python} imports. */
    public static Path sparkSubmitOf(Path python) throws IOException, InterruptedException {
        Process find = new ProcessBuilder(python.toString(), "-c",
                "import os, pyspark; print(os.path.join(os.path.dirname(pyspark.__file__), 'bin', 'spark-submit'))")
                .redirectErrorStream(true).start();
        String output = new String(find.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (find.waitFor() != 0) {
            throw new IllegalStateException(python + " has no pyspark (./sparkplane test creates .venv with it, or pip install -r"
                    + " requirements-engine.txt): " + output);
        }
        // its last line: a python may warn on the lines before
        return Path.of(output.lines().reduce((first, second) -> second).orElse(output));
    }

    private static MotoHarness start(Path logFile, List<String> options) throws IOException, InterruptedException {
        requireNonNull(logFile, "logFile is null");
        String python = System.getProperty(PYTHON_PROPERTY, "python3");
        Path script = Files.createTempFile("moto_harness", ".py");
        try (InputStream source = MotoHarness.class.getResourceAsStream("moto_harness.py")) {
            Files.copy(requireNonNull(source, "moto_harness.py"), script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        script.toFile().deleteOnExit();
        int port = FreePorts.free();
        List<String> command = new ArrayList<>(List.of(python, script.toString(), "--port", Integer.toString(port)));
        command.addAll(options);
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        MotoHarness harness = new MotoHarness(process, URI.create("http://127.0.0.1:" + port));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!harness.answers()) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                harness.close();
                throw new IllegalStateException("the moto harness did not start with " + python + " (install the test peers:"
                        + " ./sparkplane test, or pip install -r cloud-adapters/stores/s3/requirements-test.txt); its output:\n"
                        + Files.readString(logFile, StandardCharsets.UTF_8));
            }
            Thread.sleep(100);
        }
        return harness;
    }

    /** Where every AWS client of a test points. */
    public URI endpoint() {
        return endpoint;
    }

    public void createBucket(String name) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint.resolve("/" + name))
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=testing/20260101/" + REGION + "/s3/aws4_request")
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("moto did not create bucket " + name + ": HTTP " + response.statusCode() + " " + response.body());
        }
    }

    /** Fails the next {@code times} calls of {@code operation} ({@code RunJobFlow}, {@code StartJobRun}) with that error. */
    public void failNext(String operation, int times, int httpStatus, String errorCode) {
        control("faults", Map.of("operation", operation, "times", times, "status", httpStatus, "code", errorCode));
    }

    /** The calls each operation got since the start or the last {@link #resetCalls()}. */
    public Map<String, Integer> calls() {
        Map<String, Integer> calls = new TreeMap<>();
        control("calls", Map.of()).fields().forEachRemaining(entry -> calls.put(entry.getKey(), entry.getValue().asInt()));
        return calls;
    }

    public void resetCalls() {
        control("reset-calls", Map.of());
    }

    /** Every EMR cluster moto keeps: id, name, state, tags, logUri, steps (id, name, state, args), instanceGroups (id, role, requested). */
    public JsonNode emrClusters() {
        return control("emr/clusters", Map.of());
    }

    /**
     * Sets the state of a cluster's first step, as EMR would.
     *
     * @param failureReason with {@code failureMessage}, the step's {@code FailureDetails}; null for none
     */
    public void setEmrStep(String clusterId, String state, String failureReason, String failureMessage) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("clusterId", clusterId);
        body.put("state", state);
        if (failureReason != null) {
            body.put("failureReason", failureReason);
        }
        if (failureMessage != null) {
            body.put("failureMessage", failureMessage);
        }
        control("emr/step", body);
    }

    /** Sets a cluster's state with its state-change reason code and message, as EMR would. */
    public void setEmrCluster(String clusterId, String state, String code, String message) {
        control("emr/cluster", Map.of("clusterId", clusterId, "state", state, "code", code, "message", message));
    }

    /** The state new EMR Serverless job runs start in; moto's own is SUCCESS. */
    public void jobRunsStartIn(String state) {
        control("emr-serverless/defaults", Map.of("jobRunState", state));
    }

    /** Every EMR Serverless job run moto keeps: applicationId, id, name, state, clientToken, jobDriver, tags. */
    public JsonNode jobRuns() {
        return control("emr-serverless/job-runs", Map.of());
    }

    public void setJobRun(String applicationId, String jobRunId, String state, String stateDetails) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("applicationId", applicationId);
        body.put("jobRunId", jobRunId);
        body.put("state", state);
        if (stateDetails != null) {
            body.put("stateDetails", stateDetails);
        }
        control("emr-serverless/job-run", body);
    }

    /**
     * Each EMR cluster's TASK group requested counts, by cluster id: the count it was created with,
     * then one per {@code ModifyInstanceGroups} request (the autoscaler's resizes), in order.
     */
    public Map<String, List<Integer>> emrResizes() {
        Map<String, List<Integer>> resizes = new TreeMap<>();
        control("emr/resizes", Map.of()).fields().forEachRemaining(entry -> {
            List<Integer> counts = new ArrayList<>();
            entry.getValue().forEach(count -> counts.add(count.asInt()));
            resizes.put(entry.getKey(), List.copyOf(counts));
        });
        return resizes;
    }

    /**
     * The jobs the harness ran ("run the jobs" mode; none otherwise), for a test's checks and
     * diagnostics: {@code kind} ({@code emr}: {@code clusterId}, {@code stepId}; {@code emr-serverless}:
     * {@code applicationId}, {@code jobRunId}), {@code phase} ({@code staging}, {@code running}, {@code
     * exited}, {@code killed}, {@code not-run}, {@code harness-error}), {@code states} (the step's or job
     * run's, as the harness saw or set them), {@code exitCode} (the local spark-submit's), {@code
     * lastException} (its stderr's last exception line), {@code pid}, {@code pids} (with every
     * descendant seen), {@code alivePids} (those still alive), {@code command}, {@code detail}.
     */
    public JsonNode jobs() {
        return control("jobs", Map.of());
    }

    private JsonNode control(String command, Map<String, ?> body) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoint.resolve("/_harness/" + command))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("moto harness " + command + ": HTTP " + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("moto harness " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private boolean answers() {
        try {
            http.send(HttpRequest.newBuilder(endpoint.resolve("/_harness/calls")).timeout(Duration.ofSeconds(2))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Stops the harness with SIGTERM; in the "run the jobs" mode it kills the jobs still running first. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
