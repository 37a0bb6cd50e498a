package io.sparkplane.backend.hdinsight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.util.Context;
import io.sparkplane.spi.engine.AttemptFailure;
import io.sparkplane.spi.engine.BackendContext;
import io.sparkplane.spi.engine.ClusterRef;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.ClusterStatus;
import io.sparkplane.spi.engine.ClusterTopology;
import io.sparkplane.spi.engine.DriverOutput;
import io.sparkplane.spi.engine.EngineBackend;
import io.sparkplane.spi.engine.EngineBackendException;
import io.sparkplane.spi.settings.SettingException;
import io.sparkplane.testkit.azure.ArmOperation;
import io.sparkplane.testkit.azure.FakeHdInsightArmServer;
import io.sparkplane.testkit.azure.HdInsightCluster;
import io.sparkplane.testkit.azure.LivyOperation;
import io.sparkplane.testkit.azure.LivyState;
import io.sparkplane.testkit.azure.RecordedCall;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ephemeral mode beyond the contract, against the testkit's {@link FakeHdInsightArmServer} through the
 * real azure-resourcemanager-hdinsight client on the backend's pipeline (state only: no Spark runs):
 * the batch submitted once the cluster runs, resize within the run's bounds and the profile's floor,
 * the driver's output kept through a cancel, a cluster that fails to come up, Azure's quota and
 * throttling, a batch Livy refuses, the sweep, and the start-up check.
 */
class EphemeralClusterBackendIT {

    private static final String PROFILE = "ephemeral";
    private static FakeHdInsightArmServer fake;
    @TempDir
    static Path work;

    @BeforeAll
    static void startTheFake() throws Exception {
        fake = FakeHdInsightArmServer.start();
    }

    @AfterAll
    static void stopTheFake() {
        fake.close();
    }

    private static HdInsightConfiguration configuration(Map<String, String> settings) {
        return FakeProfiles.ephemeral(fake, PROFILE, work.resolve("secrets"), settings).configuration();
    }

    private static EngineBackend backend(Map<String, String> settings) {
        return HdInsightBackend.connect(PROFILE, configuration(settings), work, Clock.systemUTC());
    }

    private static String hdInsight(ClusterSpec spec) {
        return ClusterRequests.clusterName(spec.clusterName());
    }

    private static ClusterStatus started(EngineBackend backend, ClusterRef cluster) {
        return Await.until(() -> backend.describe(cluster), status -> status instanceof ClusterStatus.Active active && active.jobStarted());
    }

    @Test
    void theBatchIsSubmittedOnceTheClusterRunsAndFollowedToItsEnd() {
        ClusterSpec spec = TestSpecs.python(UUID.randomUUID().toString(), 1, 4, Map.of("spark.sql.shuffle.partitions", "16"));
        try (EngineBackend backend = backend(Map.of())) {
            ClusterRef cluster = backend.provision(spec);
            HdInsightCluster made = fake.cluster(hdInsight(spec)).orElseThrow();
            assertThat(made.tags()).containsEntry("sparkplane-managed-by", "sparkplane").containsEntry("sparkplane-profile", PROFILE)
                    .containsEntry("sparkplane-cluster", spec.clusterName()).containsEntry("sparkplane-run-id", spec.launch().runId())
                    .containsEntry("sparkplane-attempt", "1").containsEntry("team", "data");
            assertThat(made.gatewayUser()).contains(FakeProfiles.USER);
            assertThat(cluster.attributes().toString()).doesNotContain(FakeProfiles.PASSWORD).doesNotContain(TestSpecs.TOKEN);
            assertThat(backend.describe(cluster)).as("right after the create").isInstanceOf(ClusterStatus.Active.class)
                    .satisfies(status -> assertThat(((ClusterStatus.Active) status).jobStarted()).isFalse());

            assertThat(started(backend, cluster)).isInstanceOf(ClusterStatus.Active.class);
            List<io.sparkplane.testkit.azure.LivyBatch> batches = fake.livy(hdInsight(spec)).batches();
            assertThat(batches).hasSize(1);
            assertThat(batches.get(0).name()).contains("sparkplane/" + PROFILE + "/" + spec.clusterName());
            assertThat(batches.get(0).request().conf()).containsEntry("spark.sql.shuffle.partitions", "16");
            assertThat(backend.describe(cluster)).isInstanceOf(ClusterStatus.Active.class);
            assertThat(fake.livy(hdInsight(spec)).batches()).as("submitted once").hasSize(1);

            fake.livy(hdInsight(spec)).setState(batches.get(0).id(), LivyState.SUCCESS);
            assertThat(backend.describe(cluster)).isInstanceOf(ClusterStatus.Finished.class);
            backend.release(cluster);
            assertThat(Await.until(() -> fake.cluster(hdInsight(spec)), Optional::isEmpty)).as("deleted").isEmpty();
        }
    }

    @Test
    void resizeGrowsTheWorkerRoleWithinTheRunsBoundsFromTheProfilesFloorAndNeverShrinksIt() {
        ClusterSpec spec = TestSpecs.python(UUID.randomUUID().toString(), 0, 6, Map.of());
        try (EngineBackend backend = backend(Map.of("min-worker-count", "2"))) {
            ClusterRef cluster = backend.provision(spec);
            assertThat(fake.cluster(hdInsight(spec)).orElseThrow().workerCount()).as("0 executors, 2 nodes at least").isEqualTo(2);

            ClusterTopology grown = Await.until(() -> backend.resize(cluster, 9), topology -> topology.desiredWorkers() == 6);
            assertThat(grown.desiredWorkers()).isEqualTo(6);
            assertThat(Await.until(() -> fake.cluster(hdInsight(spec)).orElseThrow().workerCount(), count -> count == 6)).isEqualTo(6);

            // never shrunk: HDInsight fails a cluster's running jobs when it removes nodes
            ClusterTopology kept = backend.resize(cluster, 0);
            assertThat(kept.desiredWorkers()).as("what the run wants").isZero();
            assertThat(kept.aliveWorkers()).as("the nodes it keeps").isEqualTo(6);
            assertThat(fake.workerCounts().get(hdInsight(spec))).containsExactly(2, 6);
            assertThat(fake.calls()).filteredOn(call -> call.path().endsWith("/roles/workernode/resize")).hasSize(1);
            backend.terminate(cluster);
        }
    }

    @Test
    void aCancelKeepsTheLogBeforeTheClusterIsDeleted() {
        ClusterSpec spec = TestSpecs.python(1, 2);
        try (EngineBackend backend = backend(Map.of())) {
            ClusterRef cluster = backend.provision(spec);
            started(backend, cluster);
            int id = fake.livy(hdInsight(spec)).batches().get(0).id();
            fake.livy(hdInsight(spec)).appendLog(id, "stage 3 of 7", "still working");
            assertThat(backend.driverOutput(cluster).orElseThrow().text()).as("read live").contains("still working");

            backend.terminate(cluster);

            assertThat(Await.until(() -> fake.cluster(hdInsight(spec)), Optional::isEmpty)).as("deleted, and its Livy with it").isEmpty();
            DriverOutput output = backend.driverOutput(cluster).orElseThrow();
            assertThat(output.text()).contains("stage 3 of 7", "still working");
            assertThat(output.source()).isEqualTo("Livy batch " + id + "'s log on HDInsight cluster " + hdInsight(spec) + " (kept by Sparkplane)");
            assertThat(backend.describe(cluster)).isInstanceOf(ClusterStatus.Gone.class);
        }
    }

    @Test
    void aClusterThatFailsToComeUpFailsTheAttemptWithAzuresWords() {
        ClusterSpec spec = TestSpecs.python(1, 2);
        fake.failNextProvisioning("InvalidNetworkConfigurationErrorCode", "The subnet does not allow outbound traffic to the HDInsight service.");
        try (EngineBackend backend = backend(Map.of())) {
            ClusterRef cluster = backend.provision(spec);

            ClusterStatus status = Await.until(() -> backend.describe(cluster), ClusterStatus.Failed.class::isInstance);

            assertThat(status).isInstanceOf(ClusterStatus.Failed.class);
            assertThat(((ClusterStatus.Failed) status).failure()).isEqualTo(AttemptFailure.PROVISIONING_FAILED);
            assertThat(((ClusterStatus.Failed) status).detail()).isEqualTo("HDInsight cluster " + hdInsight(spec) + " failed: Error (Failed): "
                    + "InvalidNetworkConfigurationErrorCode: The subnet does not allow outbound traffic to the HDInsight service.");
            backend.terminate(cluster);
            assertThat(Await.until(() -> fake.cluster(hdInsight(spec)), Optional::isEmpty)).isEmpty();
        }
    }

    @Test
    void aQuotaRefusalSaysWhatToDoAndAThrottledCreateIsRetriedByTheSdk() {
        ClusterSpec refused = TestSpecs.python(1, 2);
        fake.failNext(ArmOperation.CREATE, 400, "QuotaExceeded", "Operation results in exceeding quota limits of Core. Maximum allowed: 20,"
                + " Current in use: 16, Additional requested: 40.");
        try (EngineBackend backend = backend(Map.of())) {
            assertThatThrownBy(() -> backend.provision(refused)).isInstanceOf(EngineBackendException.class)
                    .hasMessageStartingWith("Azure did not create HDInsight cluster " + hdInsight(refused) + " in resource group "
                            + FakeProfiles.RESOURCE_GROUP + ": 400: QuotaExceeded: Operation results in exceeding quota limits of Core.")
                    .hasMessageContaining("ask Azure for more cores").hasMessageNotContaining(FakeProfiles.PASSWORD);
            assertThat(fake.cluster(hdInsight(refused))).isEmpty();

            ClusterSpec throttled = TestSpecs.python(1, 2);
            fake.resetCalls();
            fake.throttleNext(ArmOperation.CREATE, 1, Duration.ofSeconds(1));
            ClusterRef cluster = backend.provision(throttled);

            assertThat(fake.calls()).filteredOn(call -> call.method().equals("PUT")).as("429, then the SDK's retry").hasSize(2);
            assertThat(fake.cluster(hdInsight(throttled))).isPresent();
            backend.terminate(cluster);
        }
    }

    @Test
    void aBatchLivyRefusesFailsTheLaunch() {
        ClusterSpec spec = TestSpecs.python(1, 2);
        try (EngineBackend backend = backend(Map.of())) {
            ClusterRef cluster = backend.provision(spec);
            Await.until(() -> fake.cluster(hdInsight(spec)).map(HdInsightCluster::clusterState).orElse(""), "Running"::equals);
            fake.livy(hdInsight(spec)).failNext(LivyOperation.CREATE, 400, "Rejected, Reason: requirement failed: Local path is not allowed.");

            ClusterStatus status = backend.describe(cluster);

            assertThat(status).isInstanceOf(ClusterStatus.Failed.class);
            assertThat(((ClusterStatus.Failed) status).failure()).isEqualTo(AttemptFailure.LAUNCH_FAILED);
            assertThat(((ClusterStatus.Failed) status).detail()).contains("400 Rejected, Reason: requirement failed: Local path is not allowed.");
            backend.terminate(cluster);
        }
    }

    @Test
    void aClusterWhoseCreatesAnswerWasLostIsAdoptedAndOneOfTheNameNotOursIsLeftAlone() {
        ClusterSpec spec = TestSpecs.python(1, 2);
        HdInsightConfiguration configuration = configuration(Map.of());
        ArmClients.manager(configuration).serviceClient().getClusters().beginCreate(FakeProfiles.RESOURCE_GROUP, hdInsight(spec),
                ClusterRequests.create(configuration, PROFILE, spec, FakeProfiles.PASSWORD, Optional.of("a2V5")), Context.NONE);
        fake.resetCalls();
        try (EngineBackend backend = backend(Map.of())) {
            ClusterRef cluster = backend.provision(spec);

            assertThat(fake.calls()).extracting(RecordedCall::method).as("looked up, never created again").containsExactly("GET");
            assertThat(cluster.attribute(HdInsightBackend.HDINSIGHT_CLUSTER)).isEqualTo(hdInsight(spec));

            ClusterSpec stranger = TestSpecs.python(1, 2);
            fake.createExistingCluster(FakeProfiles.SUBSCRIPTION, FakeProfiles.RESOURCE_GROUP, hdInsight(stranger), "admin", "Someone-Else-1", 2);
            assertThatThrownBy(() -> backend.provision(stranger)).isInstanceOf(EngineBackendException.class)
                    .hasMessageContaining("exists without profile " + PROFILE + "'s tags").hasMessageContaining("leaves it alone");
            assertThat(fake.cluster(hdInsight(stranger))).as("not deleted").isPresent();
            backend.terminate(cluster);
        }
    }

    @Test
    void theSweepSeesThisProfilesClustersOnly() {
        ClusterSpec ours = TestSpecs.python(1, 2);
        ClusterSpec anotherProfiles = TestSpecs.python(1, 2);
        fake.createExistingCluster(FakeProfiles.SUBSCRIPTION, FakeProfiles.RESOURCE_GROUP, "hand-made-" + UUID.randomUUID().toString().substring(0, 8),
                "admin", "Someone-Else-1", 2);
        try (EngineBackend backend = backend(Map.of()); EngineBackend other = HdInsightBackend.connect("other",
                FakeProfiles.ephemeral(fake, "other", work.resolve("secrets-other"), Map.of()).configuration(), work, Clock.systemUTC())) {
            backend.provision(ours);
            other.provision(anotherProfiles);

            List<ClusterRef> live = backend.liveClusters();

            assertThat(live).extracting(ClusterRef::clusterName).contains(ours.clusterName()).doesNotContain(anotherProfiles.clusterName());
            assertThat(live).allSatisfy(cluster -> assertThat(cluster.backend()).isEqualTo(PROFILE));
            assertThat(live).extracting(ClusterRef::clusterName).allMatch(name -> name.startsWith("sp-"));
            for (ClusterRef cluster : live) {
                backend.terminate(cluster);
            }
            assertThat(Await.until(backend::liveClusters, List::isEmpty)).as("being deleted: swept already").isEmpty();
            assertThat(other.liveClusters()).extracting(ClusterRef::clusterName).containsExactly(anotherProfiles.clusterName());
            other.liveClusters().forEach(other::terminate);
        }
    }

    @Test
    void theStartUpCheckTakesAGoodProfileAndRefusesAPasswordHdInsightWouldNot() throws Exception {
        HdInsightBackendFactory factory = new HdInsightBackendFactory();
        BackendContext context = new BackendContext(PROFILE, work, SharedClusterBackendIT.NO_ENGINE, Clock.systemUTC());
        try (EngineBackend backend = factory.create(FakeProfiles.ephemeral(fake, PROFILE, work.resolve("secrets"), Map.of()), context)) {
            assertThat(backend.name()).isEqualTo(PROFILE);
        }

        Path weak = Files.writeString(work.resolve("weak-password"), "password");
        assertThatThrownBy(() -> factory.create(FakeProfiles.ephemeral(fake, PROFILE, work.resolve("secrets"),
                Map.of("login-password", "file:" + weak)), context))
                .isInstanceOf(SettingException.class).hasMessageStartingWith("sparkplane.backends.ephemeral.login-password: HDInsight takes")
                .hasMessageContaining("file:" + weak).hasMessageNotContaining("(was");
        assertThat(StartupCheck.acceptable("Gateway-Secret-1")).isTrue();
        assertThat(StartupCheck.acceptable("gateway-secret-1")).isFalse();
        assertThat(StartupCheck.acceptable("Gateway-Secret")).isFalse();
        assertThat(StartupCheck.acceptable("GatewaySecret1")).isFalse();
        assertThat(StartupCheck.acceptable("Gw-Secr1")).isFalse();
    }
}
