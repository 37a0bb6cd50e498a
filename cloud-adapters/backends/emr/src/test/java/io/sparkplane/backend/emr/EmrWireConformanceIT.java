package io.sparkplane.backend.emr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.spi.engine.AttemptFailure;
import io.sparkplane.spi.engine.ClusterRef;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.ClusterStatus;
import io.sparkplane.spi.engine.EngineBackendException;
import io.sparkplane.testkit.aws.MotoHarness;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * Wire conformance of every call the {@code emr} backend makes (RunJobFlow, ListClusters,
 * DescribeCluster, ListSteps, DescribeStep, ListInstanceGroups, ModifyInstanceGroups, CancelSteps,
 * TerminateJobFlows, ListSupportedInstanceTypes), through the real AWS SDK, against the AWS
 * emulator moto in server mode behind the test harness {@link MotoHarness}, which sets step and
 * cluster states as EMR would and injects faults. moto checks the protocol and keeps what the calls
 * made; it runs no Spark.
 */
class EmrWireConformanceIT {

    private static MotoHarness moto;
    private EmrEngineBackend backend;
    private final List<ClusterRef> made = new ArrayList<>();

    @BeforeAll
    static void startMoto(@TempDir Path directory) throws Exception {
        moto = MotoHarness.start(directory.resolve("moto.log"));
    }

    @AfterAll
    static void stopMoto() throws Exception {
        if (moto != null) {
            moto.close();
        }
    }

    static EmrEngineBackend backend(URI endpoint, String profile) {
        return EmrEngineBackend.connect(profile, EmrTestClusters.configuration(Optional.of(endpoint)), Clock.systemUTC(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")));
    }

    @BeforeEach
    void connect() {
        backend = backend(moto.endpoint(), "aws");
        moto.resetCalls();
    }

    @AfterEach
    void terminate() {
        made.forEach(backend::terminate);
        backend.close();
    }

    private ClusterRef provision(ClusterSpec spec) {
        ClusterRef cluster = backend.provision(spec);
        made.add(cluster);
        return cluster;
    }

    private static JsonNode cluster(String clusterId) {
        return StreamSupport.stream(moto.emrClusters().spliterator(), false)
                .filter(each -> each.get("id").asText().equals(clusterId)).findFirst().orElseThrow();
    }

    @Test
    void runJobFlowCarriesTheAttemptsClusterStepLogsAndTags() {
        ClusterSpec spec = EmrTestClusters.spec(1, 3);
        ClusterRef ref = provision(spec);

        JsonNode cluster = cluster(ref.attribute(EmrEngineBackend.CLUSTER_ID));
        assertThat(cluster.get("name").asText()).isEqualTo(spec.clusterName());
        assertThat(cluster.get("logUri").asText()).isEqualTo(spec.staged().orElseThrow().logs());
        assertThat(cluster.get("tags").get("sparkplane:cluster").asText()).isEqualTo(spec.clusterName());
        assertThat(cluster.get("tags").get("sparkplane:run-id").asText()).isEqualTo(spec.launch().runId());
        assertThat(cluster.get("tags").get("team").asText()).isEqualTo("data");
        assertThat(cluster.get("steps")).hasSize(1);
        assertThat(cluster.get("steps").get(0).get("id").asText()).isEqualTo(ref.attribute(EmrEngineBackend.STEP_ID));
        assertThat(cluster.get("steps").get(0).get("jar").asText()).isEqualTo("command-runner.jar");
        assertThat(cluster.get("steps").get(0).get("args").get(0).asText()).isEqualTo("spark-submit");
        assertThat(cluster.get("instanceGroups").findValuesAsText("role")).containsExactlyInAnyOrder("MASTER", "CORE", "TASK");
        assertThat(moto.calls()).containsEntry("RunJobFlow", 1).containsKey("ListClusters").containsKey("ListSteps");
        assertThat(ref.attributes().values()).noneMatch(value -> value.contains(EmrTestClusters.TOKEN));
    }

    @Test
    void aSecondProvisionAdoptsTheTaggedClusterAndMakesNoOther() {
        ClusterSpec spec = EmrTestClusters.spec(1, 2);
        ClusterRef first = provision(spec);
        try (EmrEngineBackend restarted = backend(moto.endpoint(), "aws")) {
            assertThat(restarted.provision(spec)).isEqualTo(first);
        }
        assertThat(moto.calls()).containsEntry("RunJobFlow", 1);
        try (EmrEngineBackend otherProfile = backend(moto.endpoint(), "other")) {
            ClusterRef other = otherProfile.provision(spec);
            made.add(other);
            assertThat(other.attribute(EmrEngineBackend.CLUSTER_ID)).as("another profile's cluster of the same name is not adopted")
                    .isNotEqualTo(first.attribute(EmrEngineBackend.CLUSTER_ID));
        }
    }

    @Test
    void anAttemptsFirstProvisionListsNoClusters() {
        ClusterRef ref = provision(EmrTestClusters.spec(1, 2).withMayExist(false));

        assertThat(ref.attribute(EmrEngineBackend.CLUSTER_ID)).startsWith("j-");
        assertThat(moto.calls()).containsOnlyKeys("RunJobFlow", "ListSteps");
    }

    @Test
    void describeReadsTheClusterItsStepAndItsTaskGroup() {
        ClusterRef ref = provision(EmrTestClusters.spec(2, 4));
        moto.resetCalls();

        ClusterStatus status = backend.describe(ref);

        assertThat(status).isInstanceOfSatisfying(ClusterStatus.Active.class, active -> {
            assertThat(active.jobStarted()).as("moto's first step runs at once").isTrue();
            assertThat(active.topology().desiredWorkers()).isEqualTo(2);
        });
        assertThat(moto.calls()).containsOnlyKeys("DescribeCluster", "DescribeStep", "ListInstanceGroups");
    }

    @Test
    void resizeModifiesTheTaskGroupWithinTheRunsBounds() {
        ClusterRef ref = provision(EmrTestClusters.spec(1, 3));
        String taskGroup = taskGroup(ref);

        assertThat(backend.resize(ref, 10).desiredWorkers()).isEqualTo(3);
        assertThat(requested(ref, taskGroup)).isEqualTo(3);
        assertThat(backend.resize(ref, 0).desiredWorkers()).isEqualTo(1);
        assertThat(requested(ref, taskGroup)).isEqualTo(1);
        moto.resetCalls();
        backend.resize(ref, 1);
        assertThat(moto.calls()).as("no change asked when the count is already right").doesNotContainKey("ModifyInstanceGroups");
    }

    @Test
    void aFailedStepWithEmrsFailureDetailsIsTheJobsFailure() {
        ClusterRef ref = provision(EmrTestClusters.spec(1, 2));
        String clusterId = ref.attribute(EmrEngineBackend.CLUSTER_ID);
        moto.setEmrStep(clusterId, "FAILED", "Unknown Error.", "Command exited with status 3");
        moto.setEmrCluster(clusterId, "TERMINATED_WITH_ERRORS", "STEP_FAILURE", "Steps completed with errors");

        assertThat(backend.describe(ref)).isInstanceOfSatisfying(ClusterStatus.Finished.class, finished -> {
            assertThat(finished.outcome().failure()).isEqualTo(AttemptFailure.USER_CODE_ERROR);
            assertThat(finished.outcome().message()).contains("Command exited with status 3");
            assertThat(finished.outcome().exitCode()).isEqualTo(3);
        });
    }

    @Test
    void aClusterThatCouldNotBootstrapFailsProvisioningWithEmrsReason() {
        ClusterRef ref = provision(EmrTestClusters.spec(1, 2));
        String clusterId = ref.attribute(EmrEngineBackend.CLUSTER_ID);
        moto.setEmrStep(clusterId, "CANCELLED", null, null);
        moto.setEmrCluster(clusterId, "TERMINATED_WITH_ERRORS", "BOOTSTRAP_FAILURE", "On the master instance, bootstrap action 1 failed");

        assertThat(backend.describe(ref)).isInstanceOfSatisfying(ClusterStatus.Failed.class, failed -> {
            assertThat(failed.failure()).isEqualTo(AttemptFailure.PROVISIONING_FAILED);
            assertThat(failed.detail()).contains("BOOTSTRAP_FAILURE").contains("bootstrap action 1 failed");
        });
    }

    @Test
    void terminateCancelsTheStepThenTerminatesTheCluster() {
        ClusterRef ref = provision(EmrTestClusters.spec(1, 2));
        moto.resetCalls();

        backend.terminate(ref);

        JsonNode cluster = cluster(ref.attribute(EmrEngineBackend.CLUSTER_ID));
        assertThat(cluster.get("state").asText()).isEqualTo("TERMINATED");
        assertThat(cluster.get("steps").get(0).get("state").asText()).isEqualTo("CANCELLED");
        assertThat(moto.calls()).containsEntry("CancelSteps", 1).containsEntry("TerminateJobFlows", 1);
        moto.resetCalls();
        backend.terminate(ref);
        assertThat(moto.calls()).as("terminating an ended cluster again").doesNotContainKeys("CancelSteps", "TerminateJobFlows");
        assertThat(backend.describe(ref)).isInstanceOf(ClusterStatus.Gone.class);
    }

    @Test
    void liveClustersAreThisProfilesTaggedClusters() {
        ClusterRef ref = provision(EmrTestClusters.spec(1, 2));
        try (EmrEngineBackend otherProfile = backend(moto.endpoint(), "other")) {
            made.add(otherProfile.provision(EmrTestClusters.spec(1, 1)));
        }

        List<ClusterRef> live = backend.liveClusters();

        assertThat(live).extracting(ClusterRef::clusterName).contains(ref.clusterName());
        assertThat(live).allSatisfy(cluster -> assertThat(cluster.backend()).isEqualTo("aws"));
        assertThat(live).filteredOn(cluster -> cluster.clusterName().equals(ref.clusterName())).singleElement()
                .satisfies(cluster -> assertThat(cluster.attribute(EmrEngineBackend.CLUSTER_ID)).isEqualTo(ref.attribute(EmrEngineBackend.CLUSTER_ID)));
    }

    @Test
    void throttlingIsRetriedByTheSdksRetryStrategy() {
        moto.failNext("RunJobFlow", 2, 400, "ThrottlingException");

        ClusterRef ref = provision(EmrTestClusters.spec(1, 2));

        assertThat(ref.attribute(EmrEngineBackend.CLUSTER_ID)).startsWith("j-");
        assertThat(moto.calls()).containsEntry("RunJobFlow", 3);
    }

    @Test
    void aFaultHalfwayThroughProvisioningLeavesNoClusterRunning() {
        ClusterSpec spec = EmrTestClusters.spec(1, 2);
        moto.failNext("ListSteps", 1, 400, "InvalidRequestException");

        assertThatThrownBy(() -> backend.provision(spec)).isInstanceOf(EngineBackendException.class)
                .hasMessageContaining(spec.clusterName()).hasMessageContaining("InvalidRequestException");

        JsonNode clusters = moto.emrClusters();
        assertThat(StreamSupport.stream(clusters.spliterator(), false)
                .filter(cluster -> cluster.get("name").asText().equals(spec.clusterName()))
                .map(cluster -> cluster.get("state").asText())).containsOnly("TERMINATED");
    }

    @Test
    void anInstanceTypeTheReleaseDoesNotTakeStopsTheProfile() {
        EmrBackendConfiguration wrong = new EmrBackendConfiguration("us-east-1", "emr-7.9.0", "m5.xlarge", "m5.xlarge", 1, "x9.huge",
                Optional.empty(), "EMR_DefaultRole_V2", "EMR_EC2_DefaultRole", Optional.empty(), Map.of(), Optional.empty(),
                Optional.of(moto.endpoint()), java.time.Duration.ZERO);

        assertThatThrownBy(() -> EmrEngineBackend.connect("aws", wrong, Clock.systemUTC(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"))))
                .isInstanceOf(io.sparkplane.spi.settings.SettingException.class)
                .hasMessageContaining("x9.huge").hasMessageContaining("emr-7.9.0").hasMessageNotContaining("m5.xlarge");
    }

    @Test
    void aReleaseEmrCannotAnswerForLeavesTheCheckToRunJobFlow() {
        // moto answers 500 for a release it has no data of; AWS would refuse one it does not know (400)
        EmrBackendConfiguration unknown = new EmrBackendConfiguration("us-east-1", "emr-9.9.9", "m5.xlarge", "m5.xlarge", 1, "x9.huge",
                Optional.empty(), "EMR_DefaultRole_V2", "EMR_EC2_DefaultRole", Optional.empty(), Map.of(), Optional.empty(),
                Optional.of(moto.endpoint()), java.time.Duration.ZERO);

        try (EmrEngineBackend started = EmrEngineBackend.connect("aws", unknown, Clock.systemUTC(),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))) {
            assertThat(started.name()).isEqualTo("aws");
        }
    }

    private String taskGroup(ClusterRef ref) {
        return StreamSupport.stream(cluster(ref.attribute(EmrEngineBackend.CLUSTER_ID)).get("instanceGroups").spliterator(), false)
                .filter(group -> group.get("role").asText().equals("TASK")).findFirst().orElseThrow().get("id").asText();
    }

    private int requested(ClusterRef ref, String group) {
        return StreamSupport.stream(cluster(ref.attribute(EmrEngineBackend.CLUSTER_ID)).get("instanceGroups").spliterator(), false)
                .filter(each -> each.get("id").asText().equals(group)).findFirst().orElseThrow().get("requested").asInt();
    }
}
