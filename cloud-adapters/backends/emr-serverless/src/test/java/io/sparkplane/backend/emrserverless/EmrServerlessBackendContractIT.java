package io.sparkplane.backend.emrserverless;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.EngineBackend;
import io.sparkplane.testkit.EngineBackendContract;
import io.sparkplane.testkit.aws.MotoHarness;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * The backend contract against moto's EMR Serverless behind the testkit's harness, the most
 * faithful peer here (no AWS account). New job runs start RUNNING and stay so until cancelled, so
 * the engine of every spec "keeps running". What of a cluster exists is its job run while it has
 * not ended; EMR Serverless sizes the job itself, so no workers are counted.
 */
class EmrServerlessBackendContractIT extends EngineBackendContract {

    private static final String PROFILE = "contract";
    private static final StaticCredentialsProvider CREDENTIALS = StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"));
    private static final Set<String> ENDED = Set.of("SUCCESS", "FAILED", "CANCELLED");
    private static MotoHarness moto;
    private EngineBackend backend;

    @BeforeAll
    static void startMoto() throws Exception {
        moto = MotoHarness.start(Path.of("target", "moto-contract.log"));
        moto.jobRunsStartIn("RUNNING");
    }

    @AfterAll
    static void stopMoto() throws Exception {
        moto.close();
    }

    @BeforeEach
    void start() {
        backend = newBackend(PROFILE);
    }

    @AfterEach
    void stop() {
        backend.close();
    }

    private static EngineBackend newBackend(String profile) {
        return EmrServerlessBackendFactory.backend(profile, TestSpecs.configuration(moto.endpoint()), CREDENTIALS, Clock.systemUTC(),
                Duration.ofMillis(100), List.of());
    }

    @Override
    protected EngineBackend backend() {
        return backend;
    }

    @Override
    protected EngineBackend restarted() {
        return newBackend(PROFILE);
    }

    @Override
    protected boolean serviceScalesItself() {
        return true;
    }

    @Override
    protected ClusterSpec runningCluster(int minWorkers, int maxWorkers) {
        return TestSpecs.python(UUID.randomUUID().toString(), minWorkers, maxWorkers, java.util.Map.of());
    }

    private static Stream<JsonNode> going(ClusterSpec spec) {
        return StreamSupport.stream(moto.jobRuns().spliterator(), false)
                .filter(run -> spec.clusterName().equals(run.path("name").asText()))
                .filter(run -> !ENDED.contains(run.path("state").asText()));
    }

    /** The spec's job runs that have not ended, on any application. */
    @Override
    protected Set<String> leftovers(ClusterSpec spec) {
        Set<String> runs = new TreeSet<>();
        going(spec).forEach(run -> runs.add("jobrun/" + run.path("applicationId").asText() + "/" + run.path("id").asText()));
        return runs;
    }

    /** Not asked: EMR Serverless sizes the job itself ({@link #serviceScalesItself()}). */
    @Override
    protected int workers(ClusterSpec spec) {
        throw new UnsupportedOperationException("EMR Serverless does not show a job run's workers");
    }

    /** Cancelled behind the backend's back, as an operator in the console would. */
    @Override
    protected void vanish(ClusterSpec spec) {
        going(spec).toList().forEach(run -> moto.setJobRun(run.path("applicationId").asText(), run.path("id").asText(), "CANCELLED",
                "Job run cancelled by the operator"));
    }

    /**
     * A profile of its own, so the provision first creates its application, then StartJobRun is
     * refused (a ValidationException, which no retry mends).
     */
    @Override
    protected EngineBackend failingHalfway(ClusterSpec spec) {
        moto.failNext("StartJobRun", 1, 400, "ValidationException");
        return newBackend("halfway-" + UUID.randomUUID().toString().substring(0, 8));
    }

    @Override
    protected String halfwayFailure() {
        return "ValidationException: injected by the test harness";
    }
}
