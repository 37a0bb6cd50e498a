package io.sparkplane.testkit.azure;

import static io.sparkplane.testkit.azure.ArmClients.GATEWAY_PASSWORD;
import static io.sparkplane.testkit.azure.ArmClients.GATEWAY_USER;
import static io.sparkplane.testkit.azure.ArmClients.SUBSCRIPTION;
import static io.sparkplane.testkit.azure.TestHttp.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.management.exception.ManagementException;
import com.azure.resourcemanager.hdinsight.HDInsightManager;
import com.azure.resourcemanager.hdinsight.models.Cluster;
import com.azure.resourcemanager.hdinsight.models.ClusterResizeParameters;
import com.azure.resourcemanager.hdinsight.models.HDInsightClusterProvisioningState;
import com.azure.resourcemanager.hdinsight.models.Role;
import com.azure.resourcemanager.hdinsight.models.RoleName;
import io.sparkplane.testkit.azure.TestHttp.Answer;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ARM fake through the real HDInsight management client (azure-resourcemanager-hdinsight 1.0.0)
 * over its own HTTP pipeline without a bearer-token policy: the long-running operations' headers are
 * what the SDK's poller follows to the end. Each test uses its own cluster names (they are global).
 */
class FakeHdInsightArmServerTest {

    private static final String GROUP = "sparkplane-rg";
    private static final Duration LIMIT = Duration.ofSeconds(30);

    private static FakeHdInsightArmServer fake;
    private static HDInsightManager manager;

    @BeforeAll
    static void start() throws IOException {
        fake = FakeHdInsightArmServer.start();
        manager = ArmClients.manager(fake);
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @BeforeEach
    void forgetCalls() {
        fake.resetCalls();
    }

    @Test
    void aClusterIsCreatedThroughTheLongRunningOperationAndRunsWithoutShowingSecrets() {
        Cluster cluster = ArmClients.sparkCluster(manager, GROUP, "spark-created", 3).create();

        assertThat(cluster.properties().provisioningState()).isEqualTo(HDInsightClusterProvisioningState.SUCCEEDED);
        assertThat(cluster.properties().clusterState()).isEqualTo("Running");
        assertThat(cluster.id()).isEqualTo("/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + GROUP
                + "/providers/Microsoft.HDInsight/clusters/spark-created");
        assertThat(cluster.tags()).containsEntry("sparkplane-run", "run-1").containsEntry("sparkplane-attempt", "1");
        assertThat(cluster.properties().clusterDefinition().kind()).isEqualTo("SPARK");
        assertThat(cluster.properties().computeProfile().roles()).extracting(Role::name, Role::targetInstanceCount)
                .contains(org.assertj.core.groups.Tuple.tuple("workernode", 3));
        assertThat(cluster.properties().connectivityEndpoints()).anySatisfy(endpoint ->
                assertThat(endpoint.location()).isEqualTo("spark-created.azurehdinsight.net"));
        assertThat(fake.cluster("spark-created").orElseThrow().clusterStateHistory())
                .containsExactly("Accepted", "AzureVMConfiguration", "HdInsightConfiguration", "Running");
        // the SDK polled the Azure-AsyncOperation URL, then read the cluster
        assertThat(fake.calls()).extracting(RecordedCall::method, call -> call.path().replaceAll(".*/", ""))
                .startsWith(org.assertj.core.groups.Tuple.tuple("PUT", "spark-created"))
                .contains(org.assertj.core.groups.Tuple.tuple("GET", "spark-created"));
        assertThat(fake.calls()).anySatisfy(call -> assertThat(call.path()).contains("/azureasyncoperations/"));
        assertThat(fake.calls()).extracting(RecordedCall::authorizationScheme).containsOnly("");

        String raw = TestHttp.plain().get(URI.create(fake.endpoint() + cluster.id().substring(1) + "?api-version="
                + FakeHdInsightArmServer.API_VERSION)).body();
        assertThat(raw).contains("spark-created").doesNotContain(GATEWAY_PASSWORD, "Ssh-Secret-1", "Storage-Key-Secret");
    }

    @Test
    void theWorkerRoleIsResizedThroughItsOperation() {
        ArmClients.sparkCluster(manager, GROUP, "spark-resized", 2).create();

        manager.clusters().resize(GROUP, "spark-resized", RoleName.WORKERNODE, new ClusterResizeParameters().withTargetInstanceCount(5));

        assertThat(fake.workerCounts().get("spark-resized")).containsExactly(2, 5);
        Cluster resized = manager.clusters().getByResourceGroup(GROUP, "spark-resized");
        assertThat(resized.properties().computeProfile().roles()).filteredOn(role -> role.name().equals("workernode"))
                .extracting(Role::targetInstanceCount).containsExactly(5);
        assertThat(fake.calls()).anySatisfy(call -> assertThat(call.path()).endsWith("/roles/workernode/resize"));
    }

    @Test
    void aDeletedClusterIsGoneWithItsLivyBatches() {
        ArmClients.sparkCluster(manager, GROUP, "spark-deleted", 2).create();
        FakeLivy livy = fake.livy("spark-deleted");
        TestHttp gateway = TestHttp.gateway(GATEWAY_USER, GATEWAY_PASSWORD);
        assertThat(gateway.post(batches("spark-deleted"), "{\"file\": \"a.py\"}").status()).isEqualTo(201);

        manager.clusters().deleteByResourceGroup(GROUP, "spark-deleted");

        assertThat(fake.deletedClusters()).contains("spark-deleted");
        assertThat(livy.batches()).isEmpty();
        assertThat(gateway.get(batches("spark-deleted")).status()).isEqualTo(404);
        assertThatThrownBy(() -> manager.clusters().getByResourceGroup(GROUP, "spark-deleted"))
                .isInstanceOfSatisfying(ManagementException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(404);
                    assertThat(e.getValue().getCode()).isEqualTo("ResourceNotFound");
                });
        // nothing left to delete: done at once
        manager.clusters().deleteByResourceGroup(GROUP, "spark-deleted");
    }

    @Test
    void listingFollowsNextLinkPageByPage() {
        fake.listPageSize(1);
        try {
            for (String name : List.of("paged-a", "paged-b", "paged-c")) {
                fake.createExistingCluster(SUBSCRIPTION, "paged-rg", name, GATEWAY_USER, GATEWAY_PASSWORD, 2);
            }

            List<String> names = StreamSupport.stream(manager.clusters().listByResourceGroup("paged-rg").spliterator(), false)
                    .map(Cluster::name).toList();

            assertThat(names).containsExactly("paged-a", "paged-b", "paged-c");
            assertThat(fake.calls()).filteredOn(call -> call.query().contains("$skiptoken")).hasSize(2);
            assertThat(StreamSupport.stream(manager.clusters().list().spliterator(), false).map(Cluster::name))
                    .contains("paged-a", "paged-b", "paged-c");
        } finally {
            fake.listPageSize(50);
        }
    }

    @Test
    void aFailedProvisioningFailsTheCreateWithItsErrorAndLeavesTheClusterInError() {
        fake.failNextProvisioning("InsufficientCoreQuota", "The subscription has not enough cores for Standard_E16_V3.");

        assertThatThrownBy(() -> ArmClients.sparkCluster(manager, GROUP, "spark-failed", 2).create())
                .isInstanceOfSatisfying(ManagementException.class, e -> {
                    assertThat(e.getValue().getCode()).isEqualTo("InsufficientCoreQuota");
                    assertThat(e.getValue().getMessage()).contains("not enough cores");
                });
        Cluster failed = manager.clusters().getByResourceGroup(GROUP, "spark-failed");
        assertThat(failed.properties().provisioningState()).isEqualTo(HDInsightClusterProvisioningState.FAILED);
        assertThat(failed.properties().clusterState()).isEqualTo("Error");
        assertThat(failed.properties().errors()).extracting(error -> error.code()).containsExactly("InsufficientCoreQuota");
    }

    @Test
    void scriptedErrorsReachTheClientAsArmErrorsAndThrottlingIsRetriedAfterItsWait() {
        fake.createExistingCluster(SUBSCRIPTION, GROUP, "spark-faulty", GATEWAY_USER, GATEWAY_PASSWORD, 2);
        fake.failNext(ArmOperation.GET, 403, "AuthorizationFailed", "The client has no authorization to read clusters.");

        assertThatThrownBy(() -> manager.clusters().getByResourceGroup(GROUP, "spark-faulty"))
                .isInstanceOfSatisfying(ManagementException.class, e -> {
                    assertThat(e.getResponse().getStatusCode()).isEqualTo(403);
                    assertThat(e.getValue().getCode()).isEqualTo("AuthorizationFailed");
                });

        fake.resetCalls();
        fake.throttleNext(ArmOperation.GET, 2, Duration.ofSeconds(1));
        assertThat(manager.clusters().getByResourceGroup(GROUP, "spark-faulty").name()).isEqualTo("spark-faulty");
        assertThat(fake.calls()).as("two throttled, then answered").hasSize(3);

        assertThatThrownBy(() -> ArmClients.sparkCluster(manager, GROUP, "spark-faulty", 2).create())
                .isInstanceOfSatisfying(ManagementException.class, e -> assertThat(e.getResponse().getStatusCode()).isEqualTo(409));
        assertThatThrownBy(() -> ArmClients.sparkCluster(manager, "another-rg", "spark-faulty", 2).create())
                .as("cluster names are global").isInstanceOf(ManagementException.class);
    }

    @Test
    void requestsAreCheckedForTheirApiVersionAndABearerTokenIsRecordedNeverChecked() {
        String clusters = fake.endpoint() + "subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + GROUP + "/providers/Microsoft.HDInsight/clusters";

        Answer missing = TestHttp.plain().get(URI.create(clusters));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().path("error").path("code").asText()).isEqualTo("MissingApiVersionParameter");
        Answer wrong = TestHttp.plain().get(URI.create(clusters + "?api-version=2015-03-01-preview"));
        assertThat(wrong.json().path("error").path("code").asText()).isEqualTo("NoRegisteredProviderFound");

        Answer withToken = TestHttp.plain().header("Authorization", "Bearer not-a-real-token")
                .get(URI.create(clusters + "?api-version=" + FakeHdInsightArmServer.API_VERSION));
        assertThat(withToken.status()).isEqualTo(200);
        assertThat(fake.calls()).last().extracting(RecordedCall::authorizationScheme).isEqualTo("Bearer");
        assertThat(fake.calls().toString()).doesNotContain("not-a-real-token");
    }

    @Test
    void anExistingClustersLivyServesBehindTheGatewayLoginOnlyWhileItRuns() {
        fake.createExistingCluster(SUBSCRIPTION, GROUP, "spark-shared", GATEWAY_USER, GATEWAY_PASSWORD, 4);
        TestHttp gateway = TestHttp.gateway(GATEWAY_USER, GATEWAY_PASSWORD);
        assertThat(fake.livyEndpoint("spark-shared").toString()).isEqualTo("http://127.0.0.1:" + fake.port() + "/spark-shared/livy");

        assertThat(TestHttp.plain().get(batches("spark-shared")).status()).isEqualTo(401);
        assertThat(TestHttp.plain().basicAuth(GATEWAY_USER, GATEWAY_PASSWORD).post(batches("spark-shared"), "{\"file\": \"a.py\"}").status())
                .as("CSRF protection is on").isEqualTo(400);
        Answer created = gateway.post(batches("spark-shared"), "{\"file\": \"a.py\", \"name\": \"shared-1\"}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("owner").asText()).isEqualTo(GATEWAY_USER);
        await("the batch running", LIMIT, () -> fake.livy("spark-shared").batch(0).orElseThrow().state() == LivyState.RUNNING);
        fake.livy("spark-shared").setState(0, LivyState.SUCCESS);
        assertThat(gateway.get(URI.create(batches("spark-shared") + "/0/state")).json().path("state").asText()).isEqualTo("success");

        fake.setClusterState("spark-shared", "Error");
        assertThat(gateway.get(batches("spark-shared")).status()).isEqualTo(503);
        fake.setClusterState("spark-shared", "Running");
        assertThat(gateway.get(batches("spark-shared")).json().path("total").asInt()).isEqualTo(1);

        fake.deleteClusterBehindTheBacksOfClients("spark-shared");
        assertThat(gateway.get(batches("spark-shared")).status()).isEqualTo(404);
        assertThatThrownBy(() -> manager.clusters().getByResourceGroup(GROUP, "spark-shared")).isInstanceOf(ManagementException.class);
        assertThat(fake.workerCounts().get("spark-shared")).containsExactly(4);
    }

    @Test
    void aClusterThatDoesNotRunCannotBeResized() {
        fake.createExistingCluster(SUBSCRIPTION, GROUP, "spark-stopped", GATEWAY_USER, GATEWAY_PASSWORD, 2);
        fake.setClusterState("spark-stopped", "Error");

        assertThatThrownBy(() -> manager.clusters().resize(GROUP, "spark-stopped", RoleName.WORKERNODE,
                new ClusterResizeParameters().withTargetInstanceCount(3)))
                .isInstanceOfSatisfying(ManagementException.class, e -> assertThat(e.getValue().getCode()).isEqualTo("Conflict"));
        assertThat(fake.workerCounts().get("spark-stopped")).containsExactly(2);
    }

    private static URI batches(String clusterName) {
        return URI.create(fake.livyEndpoint(clusterName) + "/batches");
    }
}
