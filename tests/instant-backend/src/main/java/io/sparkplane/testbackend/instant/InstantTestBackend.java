package io.sparkplane.testbackend.instant;

import io.sparkplane.spi.engine.AttemptOutcome;
import io.sparkplane.spi.engine.ClusterRef;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.ClusterStatus;
import io.sparkplane.spi.engine.ClusterTopology;
import io.sparkplane.spi.engine.EngineBackend;
import io.sparkplane.spi.engine.EngineBackendException;
import io.sparkplane.spi.engine.LaunchSpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A test backend's clusters: nothing runs. A provision answers at once and, as a launcher would,
 * reports RUNNING to the engine API with the attempt's token, then SUCCEEDED after the profile's
 * run time. A provision of a cluster that exists already adopts it and reports nothing again. The
 * clusters are files in a directory every replica's profile names, the peer they share, so one
 * replica describes what another provisioned as it would a real cluster.
 */
final class InstantTestBackend implements EngineBackend {

    private static final ClusterTopology NOTHING = new ClusterTopology(0, 0, 0, Map.of(), List.of());
    private static final String RUNNING = "running";
    private static final String SUCCEEDED = "succeeded";

    private final String profile;
    private final Duration runTime;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService reporters = Executors.newScheduledThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "instant-test-backend");
        thread.setDaemon(true);
        return thread;
    });
    private final Path clusters;

    InstantTestBackend(String profile, Duration runTime, Path clusters) {
        this.profile = profile;
        this.runTime = runTime;
        this.clusters = clusters;
    }

    @Override
    public String name() {
        return profile;
    }

    @Override
    public ClusterRef provision(ClusterSpec spec) {
        Path cluster = clusters.resolve(spec.clusterName());
        try {
            Files.createDirectories(clusters);
            Files.writeString(cluster, RUNNING, StandardOpenOption.CREATE_NEW);
        } catch (FileAlreadyExistsException adopted) {
            return new ClusterRef(profile, spec.clusterName(), Map.of());
        } catch (IOException e) {
            throw new EngineBackendException("cannot record the instant test cluster " + cluster + ": " + e.getMessage(), e);
        }
        LaunchSpec launch = spec.launch();
        reporters.execute(() -> {
            report(launch, "{\"state\": \"RUNNING\"}");
            reporters.schedule(() -> {
                // recorded first, so the outcome can be recovered even if the report is lost
                write(cluster, SUCCEEDED);
                report(launch, "{\"state\": \"SUCCEEDED\", \"exitCode\": 0, \"message\": \"instant test run\"}");
            }, runTime.toMillis(), TimeUnit.MILLISECONDS);
        });
        return new ClusterRef(profile, spec.clusterName(), Map.of());
    }

    private static void write(Path cluster, String state) {
        try {
            if (Files.exists(cluster)) {
                Files.writeString(cluster, state);
            }
        } catch (IOException e) {
            // terminated meanwhile
        }
    }

    private void report(LaunchSpec launch, String body) {
        URI state = URI.create(launch.controlPlaneUrl() + "/internal/v1/runs/" + launch.runId() + "/attempts/" + launch.attempt() + "/state");
        HttpRequest request = HttpRequest.newBuilder(state).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + launch.token())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        try {
            http.send(request, HttpResponse.BodyHandlers.discarding());
        } catch (IOException e) {
            // as a launcher's report that never arrived: the control plane's describe finds the outcome
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public ClusterTopology resize(ClusterRef cluster, int workers) {
        return NOTHING;
    }

    @Override
    public ClusterStatus describe(ClusterRef cluster) {
        Path file = clusters.resolve(cluster.clusterName());
        String state;
        try {
            state = Files.readString(file);
        } catch (NoSuchFileException e) {
            return new ClusterStatus.Gone("no such instant test cluster");
        } catch (IOException e) {
            throw new EngineBackendException("cannot read the instant test cluster " + file + ": " + e.getMessage(), e);
        }
        return state.equals(SUCCEEDED) ? new ClusterStatus.Finished(AttemptOutcome.succeeded("instant test run", 0))
                : new ClusterStatus.Active("instant test run", NOTHING);
    }

    @Override
    public void terminate(ClusterRef cluster) {
        try {
            Files.deleteIfExists(clusters.resolve(cluster.clusterName()));
        } catch (IOException e) {
            throw new EngineBackendException("cannot remove the instant test cluster " + cluster.clusterName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        reporters.shutdownNow();
    }
}
