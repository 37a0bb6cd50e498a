package io.sparkplane.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectInfo;
import io.sparkplane.spi.storage.ObjectStore;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Staging in an object store, end to end, the same for every store: a control plane whose staging
 * location is in the store's real local peer runs a PySpark job whose script is an uploaded
 * artifact and whose input CSV sits in the store; the engine fetches both through the control
 * plane, and the job's result, its driver log and its Spark event log land under the run's prefix
 * in the store. A missing object or container fails the run early, naming the URI. And a job reads
 * and writes the store itself through the engine's Hadoop connector, with the endpoint and the
 * credentials the control plane injected, none of which shows in what the API, the logs or the
 * Spark event log keep.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StagingEndToEndContract {

    static final Path JOBS = Path.of("src/test/resources/jobs").toAbsolutePath();
    static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

    /** Made in {@link #start()}: an instance {@code @TempDir} is not there yet in a per-class {@code @BeforeAll}. */
    private Path home;

    private ControlPlaneProcess controlPlane;
    private SparkplaneClient client;

    /** Starts the store's peer with a staging and a data container, in {@code directory} where it keeps files. */
    abstract void startPeer(Path directory) throws Exception;

    abstract void stopPeer() throws Exception;

    /** A store client of the test's own, to put inputs and check what runs left. */
    abstract ObjectStore store();

    /** The control plane's staging location, a prefix ending in {@code /}. */
    abstract String stagingUri();

    /** The URI of {@code key} in the data container. */
    abstract String dataUri(String key);

    /** An object in a container that does not exist. */
    abstract String missingContainerUri();

    /** The control plane's settings to reach the peer ({@code sparkplane.store.*}). */
    abstract Map<String, String> storeProperties();

    /** {@code key} in the data container as a job names it to its Hadoop connector ({@code s3a://}, {@code gs://}, ...). */
    abstract String jobUri(String key);

    /** The secrets in {@link #storeProperties()}, which must reach the job and show nowhere else. */
    abstract List<String> secrets();

    /** Anything else the store's peer needs of the control plane's process. */
    void configure(ControlPlaneProcess controlPlane) throws Exception {}

    /** Spark conf a job that reaches the peer itself needs besides what the control plane injects. */
    Map<String, String> jobSparkConf() {
        return Map.of();
    }

    @BeforeAll
    void start() throws Exception {
        home = Files.createTempDirectory("sparkplane-staging-e2e-");
        startPeer(Files.createDirectories(home.resolve("peer")));
        controlPlane = new ControlPlaneProcess(Files.createDirectories(home.resolve("control-plane")))
                .withProperty("sparkplane.staging.location", stagingUri());
        storeProperties().forEach(controlPlane::withProperty);
        configure(controlPlane);
        controlPlane.start();
        client = controlPlane.client();
    }

    @AfterAll
    void stop() throws Exception {
        try {
            if (controlPlane != null) {
                controlPlane.close();
            }
        } finally {
            stopPeer();
            TemporaryDirectories.delete(home);
        }
    }

    SparkplaneClient client() {
        return client;
    }

    ControlPlaneProcess controlPlane() {
        return controlPlane;
    }

    private String read(Location location) throws Exception {
        try (InputStream in = store().open(location)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static Map<String, String> expectedRevenue(Path csv) throws Exception {
        Map<String, Double> totals = new TreeMap<>();
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(0).split(","));
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",");
            totals.merge(fields[header.indexOf("region")],
                    Integer.parseInt(fields[header.indexOf("quantity")]) * Double.parseDouble(fields[header.indexOf("unit_price")]), Double::sum);
        }
        Map<String, String> formatted = new TreeMap<>();
        totals.forEach((region, total) -> formatted.put(region, String.format(java.util.Locale.ROOT, "%.2f", total)));
        return formatted;
    }

    @Test
    void aJobRunsFromAnArtifactAndAStoreInputAndLeavesEverythingInStaging() throws Exception {
        Path csv = ControlPlaneProcess.ROOT.resolve("examples/data/sales.csv");
        store().put(Location.parse(dataUri("input/sales.csv")), csv);
        // bytes no other test uploaded, so the first upload stores them
        Path script = Files.writeString(home.resolve("staged_sales.py"),
                Files.readString(JOBS.resolve("staged_sales.py")) + "# " + java.util.UUID.randomUUID() + "\n");
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(script)));

        HttpResponse<String> uploaded = client.uploadArtifact(script, "staged_sales.py");
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        JsonNode artifact = SparkplaneClient.json(uploaded.body());
        assertThat(artifact.get("sha256").asText()).isEqualTo(sha256);
        assertThat(artifact.get("uri").asText()).isEqualTo(stagingUri() + "artifacts/sha256/" + sha256);
        assertThat(store().stat(Location.parse(stagingUri() + "artifacts/sha256/" + sha256))).get()
                .extracting(ObjectInfo::size).isEqualTo(Files.size(script));

        String id = client.submit("""
                {"name": "staged sales", "entrypoint": {"pythonFile": "%s"}, "args": ["sales.csv"],
                 "files": ["%s"]}
                """.formatted(artifact.get("ref").asText(), dataUri("input/sales.csv"))).get("id").asText();
        JsonNode run = client.awaitEnd(id, RUN_TIMEOUT);
        String log = client.logs(id);
        assertThat(run.get("state").asText()).as(run + "\n" + log).isEqualTo("SUCCEEDED");
        assertThat(log).contains("[sparkplane] fetched " + artifact.get("ref").asText())
                .contains("[sparkplane] fetched " + dataUri("input/sales.csv"));

        String prefix = stagingUri() + "runs/" + id + "/1/";
        Map<String, String> result = new TreeMap<>();
        read(Location.parse(prefix + "outputs/revenue_by_region.csv")).lines().skip(1)
                .forEach(line -> result.put(line.split(",")[0], line.split(",")[1]));
        assertThat(result).isEqualTo(expectedRevenue(csv));

        String driverLog = read(Location.parse(prefix + "driver.log"));
        assertThat(driverLog).contains("[sparkplane] spark-submit exited with code 0").contains("RESULT region=");
        List<String> eventLog = store().list(Location.parse(prefix + "eventlog/")).stream()
                .map(info -> info.location().key().substring(info.location().key().indexOf("/eventlog/") + "/eventlog/".length()))
                .toList();
        assertThat(eventLog).anyMatch(name -> name.matches("eventlog_v2_app-[^/]+/events_1_app-.*"))
                .anyMatch(name -> name.matches("eventlog_v2_app-[^/]+/appstatus_app-[^/.]+"))
                .noneMatch(name -> name.endsWith(".inprogress"));
        // and again in the one directory a History Server reads
        String application = eventLog.stream().filter(name -> name.startsWith("eventlog_v2_")).findFirst().orElseThrow().split("/")[0];
        String historyName = "eventlog_v2_" + id + "-1-" + application.substring("eventlog_v2_".length());
        assertThat(store().list(Location.parse(stagingUri() + "history/" + historyName + "/")))
                .anyMatch(info -> info.location().name().startsWith("events_1_app-"));
        assertThat(EngineProcesses.awaitNone(id, Duration.ofSeconds(20))).isEmpty();

        // the same bytes again: found by their hash, nothing stored
        HttpResponse<String> again = client.uploadArtifact(script, "staged_sales.py");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(SparkplaneClient.json(again.body()).get("storedBytes").asLong()).isZero();
        assertThat(client.artifact(sha256).statusCode()).isEqualTo(200);
    }

    @Test
    void aMissingInputFailsTheRunEarlyNamingItsUri() throws Exception {
        HttpResponse<String> uploaded = client.uploadArtifact(JOBS.resolve("staged_sales.py"), "staged_sales.py");
        String ref = SparkplaneClient.json(uploaded.body()).get("ref").asText();

        String id = client.submit("""
                {"entrypoint": {"pythonFile": "%s"}, "args": ["sales.csv"], "files": ["%s"]}
                """.formatted(ref, dataUri("input/no-such.csv"))).get("id").asText();
        JsonNode run = client.awaitEnd(id, RUN_TIMEOUT);

        assertThat(run.get("state").asText()).isEqualTo("FAILED");
        assertThat(run.get("reason").asText()).isEqualTo("STAGING_FAILED");
        assertThat(run.get("message").asText()).contains(dataUri("input/no-such.csv")).doesNotContain("Exception");
        String log = client.logs(id);
        assertThat(log).doesNotContain("spark-submit command");

        String missingBucket = client.submit("""
                {"entrypoint": {"pythonFile": "%s"}, "args": ["sales.csv"], "files": ["%s"]}
                """.formatted(ref, missingContainerUri())).get("id").asText();
        JsonNode failed = client.awaitEnd(missingBucket, RUN_TIMEOUT);
        assertThat(failed.get("reason").asText()).isEqualTo("STAGING_FAILED");
        assertThat(failed.get("message").asText()).contains(missingContainerUri());
    }

    @Test
    void aJobReadsAndWritesTheStoreItselfThroughItsHadoopConnector() throws Exception {
        Path csv = ControlPlaneProcess.ROOT.resolve("examples/data/sales.csv");
        store().put(Location.parse(dataUri("direct/sales.csv")), csv);
        String ref = SparkplaneClient.json(client.uploadArtifact(JOBS.resolve("object_store_sales.py"), "object_store_sales.py").body())
                .get("ref").asText();

        // an uncompressed event log (a run that sets spark.eventLog.* sets it all), to read what Spark recorded of the job's conf
        Map<String, String> sparkConf = new TreeMap<>(jobSparkConf());
        sparkConf.put("spark.eventLog.enabled", "true");
        sparkConf.put("spark.eventLog.compress", "false");
        ObjectNode request = SparkplaneClient.JSON.createObjectNode();
        request.putObject("entrypoint").put("pythonFile", ref);
        request.putArray("args").add(jobUri("direct/sales.csv")).add(jobUri("direct/revenue"));
        sparkConf.forEach(request.putObject("sparkConf")::put);
        String id = client.submit(request.toString()).get("id").asText();
        JsonNode run = client.awaitEnd(id, RUN_TIMEOUT);
        String log = client.logs(id);
        assertThat(run.get("state").asText()).as(run + "\n" + log).isEqualTo("SUCCEEDED");

        List<ObjectInfo> parts = store().list(Location.parse(dataUri("direct/revenue/"))).stream()
                .filter(info -> info.location().name().startsWith("part-"))
                .toList();
        assertThat(parts).hasSize(1);
        Map<String, String> written = new TreeMap<>();
        read(parts.get(0).location()).lines().skip(1)
                .forEach(line -> written.put(line.split(",")[0], String.format(java.util.Locale.ROOT, "%.2f", Double.parseDouble(line.split(",")[1]))));
        assertThat(written).isEqualTo(expectedRevenue(csv));

        String eventLog = store().list(Location.parse(stagingUri() + "runs/" + id + "/1/eventlog/")).stream()
                .filter(info -> info.location().name().startsWith("events_"))
                .map(info -> {
                    try {
                        return read(info.location());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .reduce("", String::concat);
        assertThat(eventLog).contains("SparkListenerEnvironmentUpdate");
        if (!secrets().isEmpty()) {
            assertThat(eventLog).as("Spark redacted the injected credentials").contains("*********(redacted)");
        }
        for (String secret : secrets()) {
            assertThat(log).doesNotContain(secret);
            assertThat(client.run(id).toString()).doesNotContain(secret);
            assertThat(client.events(id).toString()).doesNotContain(secret);
            assertThat(Files.readString(controlPlane.log())).doesNotContain(secret);
            assertThat(eventLog).as("the Spark event log in staging").doesNotContain(secret);
        }
    }
}
