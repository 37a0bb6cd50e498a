package io.sparkplane.backend.hdinsight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.spi.engine.AttemptFailure;
import io.sparkplane.spi.engine.BackendContext;
import io.sparkplane.spi.engine.ClusterRef;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.ClusterStatus;
import io.sparkplane.spi.engine.DriverOutput;
import io.sparkplane.spi.engine.EngineBackend;
import io.sparkplane.spi.engine.EngineBackendException;
import io.sparkplane.spi.engine.EngineDistribution;
import io.sparkplane.spi.settings.SecretReference;
import io.sparkplane.spi.settings.SettingException;
import io.sparkplane.testkit.azure.FakeHdInsightArmServer;
import io.sparkplane.testkit.azure.FakeLivy;
import io.sparkplane.testkit.azure.LivyState;
import io.sparkplane.testkit.azure.RecordedCall;
import java.net.http.HttpClient;
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
 * Shared mode beyond the contract, against the testkit's {@link FakeHdInsightArmServer} and the fake
 * Livy of its running cluster (state only): adoption after a lost answer, the driver's output kept
 * through a cancel, a dead batch's failure, the sweep among other profiles' and people's batches, a
 * login Livy refuses, and the start-up check.
 */
class SharedClusterBackendIT {

    private static final String PROFILE = "shared";
    private static final String CLUSTER = "spark-it-" + UUID.randomUUID().toString().substring(0, 8);
    /** A service-hosted backend starts no engine on this machine. */
    static final EngineDistribution NO_ENGINE = new EngineDistribution() {
        @Override
        public List<Path> launcherClasspath() {
            return List.of();
        }

        @Override
        public String launcherMainClass() {
            return "none";
        }

        @Override
        public Optional<Path> listenerJar() {
            return Optional.empty();
        }

        @Override
        public List<Path> connectorJars() {
            return List.of();
        }
    };
    private static FakeHdInsightArmServer fake;
    @TempDir
    static Path work;

    @BeforeAll
    static void startTheFake() throws Exception {
        fake = FakeHdInsightArmServer.start();
        fake.createExistingCluster(FakeProfiles.SUBSCRIPTION, FakeProfiles.RESOURCE_GROUP, CLUSTER, FakeProfiles.USER, FakeProfiles.PASSWORD, 4);
    }

    @AfterAll
    static void stopTheFake() {
        fake.close();
    }

    private static HdInsightConfiguration configuration(Map<String, String> settings) {
        return FakeProfiles.shared(fake, PROFILE, CLUSTER, work.resolve("secrets"), settings).configuration();
    }

    private static EngineBackend backend(Map<String, String> settings) {
        return HdInsightBackend.connect(PROFILE, configuration(settings), work, Clock.systemUTC());
    }

    private static FakeLivy livy() {
        return fake.livy(CLUSTER);
    }

    private static int batchId(ClusterRef cluster) {
        return Integer.parseInt(cluster.attribute(SharedClusterBackend.BATCH_ID));
    }

    @Test
    void aBatchWhoseSubmitsAnswerWasLostIsAdoptedByItsNameNotMadeTwice() {
        ClusterSpec spec = TestSpecs.python(1, 3);
        String batchName = new BatchNames("sparkplane", PROFILE).batchName(spec.clusterName());
        HdInsightConfiguration configuration = configuration(Map.of());
        LivyClient other = new LivyClient(HttpClient.newHttpClient(), configuration.livy(CLUSTER), FakeProfiles.USER, configuration.loginPassword(),
                Duration.ofSeconds(10));
        int made = other.submit(LivyBatchRequest.of(spec, batchName)).id();
        livy().resetCalls();

        try (EngineBackend backend = backend(Map.of())) {
            ClusterRef cluster = backend.provision(spec);

            assertThat(batchId(cluster)).isEqualTo(made);
            assertThat(cluster.attributes()).containsEntry(SharedClusterBackend.BATCH_NAME, batchName)
                    .containsEntry(HdInsightBackend.HDINSIGHT_CLUSTER, CLUSTER).containsEntry(HdInsightBackend.MIN_WORKERS, "1")
                    .containsEntry(HdInsightBackend.MAX_WORKERS, "3");
            assertThat(livy().calls()).extracting(RecordedCall::method).as("listed, never posted").doesNotContain("POST");
            assertThat(livy().batches().stream().filter(batch -> batch.name().equals(Optional.of(batchName)))).hasSize(1);
            backend.terminate(cluster);
        }
    }

    @Test
    void theBatchGetsTheRunsRequestAndNoSecret() {
        ClusterSpec spec = TestSpecs.python(UUID.randomUUID().toString(), 2, 5, Map.of("spark.sql.shuffle.partitions", "16"));
        try (EngineBackend backend = backend(Map.of())) {
            ClusterRef cluster = backend.provision(spec);

            io.sparkplane.testkit.azure.LivyBatch batch = livy().batch(batchId(cluster)).orElseThrow();
            assertThat(batch.owner()).contains(FakeProfiles.USER);
            assertThat(batch.request().file()).isEqualTo(TestSpecs.inputs(spec.launch().runId()) + "job.py");
            assertThat(batch.request().conf()).containsEntry("spark.sql.shuffle.partitions", "16")
                    .containsEntry("spark.dynamicAllocation.maxExecutors", "5");
            assertThat(cluster.attributes().toString()).doesNotContain(FakeProfiles.PASSWORD).doesNotContain(TestSpecs.TOKEN);
            backend.terminate(cluster);
        }
    }

    @Test
    void aCancelKeepsTheLogBeforeTheBatchIsDeletedAndTheOutputComesFromIt() throws Exception {
        ClusterSpec spec = TestSpecs.python(1, 2);
        try (EngineBackend backend = backend(Map.of())) {
            ClusterRef cluster = backend.provision(spec);
            int id = batchId(cluster);
            livy().setState(id, LivyState.RUNNING);
            livy().appendLog(id, "rows read: 1200", "writing totals");
            assertThat(Await.until(() -> backend.describe(cluster), status -> status instanceof ClusterStatus.Active active && active.jobStarted()))
                    .isInstanceOf(ClusterStatus.Active.class);

            backend.terminate(cluster);

            assertThat(livy().batch(id)).as("deleted on Livy, log and all").isEmpty();
            assertThat(work.resolve(PROFILE).resolve(spec.clusterName()).resolve("driver-output.txt")).exists();
            DriverOutput output = backend.driverOutput(cluster).orElseThrow();
            assertThat(output.text()).contains("rows read: 1200", "writing totals");
            assertThat(output.source()).isEqualTo("Livy batch " + id + "'s log on HDInsight cluster " + CLUSTER + " (kept by Sparkplane)");
            assertThat(backend.describe(cluster)).isInstanceOf(ClusterStatus.Gone.class);
            backend.terminate(cluster);
        }
        try (EngineBackend restarted = backend(Map.of())) {
            assertThat(restarted.driverOutput(new ClusterRef(PROFILE, spec.clusterName(), Map.of(SharedClusterBackend.BATCH_ID, "0"))))
                    .as("kept on disk, for a restarted control plane too").get().extracting(DriverOutput::text).asString().contains("writing totals");
        }
    }

    @Test
    void aDeadBatchFailsWithTheLogsLastExceptionAndItsOutputIsReadLive() {
        ClusterSpec spec = TestSpecs.python(1, 2);
        try (EngineBackend backend = backend(Map.of())) {
            ClusterRef cluster = backend.provision(spec);
            int id = batchId(cluster);
            livy().setState(id, LivyState.RUNNING);
            livy().appendLog(id, "Traceback (most recent call last):", "  File \"job.py\", line 3, in <module>",
                    "ValueError: no rows for 2026-12-01");
            livy().setState(id, LivyState.DEAD);

            ClusterStatus status = backend.describe(cluster);

            assertThat(status).isInstanceOf(ClusterStatus.Finished.class);
            assertThat(((ClusterStatus.Finished) status).outcome().failure()).isEqualTo(AttemptFailure.USER_CODE_ERROR);
            assertThat(((ClusterStatus.Finished) status).outcome().message()).isEqualTo("the Livy batch is dead: ValueError: no rows for 2026-12-01");
            assertThat(backend.driverOutput(cluster).orElseThrow().text()).contains("ValueError: no rows for 2026-12-01", "stdout: ");
            backend.release(cluster);
            assertThat(livy().batch(id)).isEmpty();
        }
    }

    @Test
    void aSucceededBatchIsLeftToLivyWhenEndedBatchesAreNotDeleted() {
        ClusterSpec spec = TestSpecs.python(1, 2);
        try (EngineBackend backend = backend(Map.of("delete-ended-batches", "false"))) {
            ClusterRef cluster = backend.provision(spec);
            int id = batchId(cluster);
            livy().setState(id, LivyState.RUNNING);
            livy().appendLog(id, "done");
            livy().setState(id, LivyState.SUCCESS);

            assertThat(backend.describe(cluster)).isInstanceOf(ClusterStatus.Finished.class)
                    .satisfies(status -> assertThat(((ClusterStatus.Finished) status).outcome().succeeded()).isTrue());
            backend.release(cluster);

            assertThat(livy().batch(id)).as("left to Livy's retention").isPresent();
            assertThat(backend.driverOutput(cluster).orElseThrow().source()).endsWith("(kept by Sparkplane)");
            assertThat(backend.liveClusters()).extracting(ClusterRef::clusterName).doesNotContain(spec.clusterName());
        }
    }

    @Test
    void theSweepSeesThisProfilesBatchesOnlyAndEndsThem() {
        HdInsightConfiguration configuration = configuration(Map.of());
        LivyClient other = new LivyClient(HttpClient.newHttpClient(), configuration.livy(CLUSTER), FakeProfiles.USER, configuration.loginPassword(),
                Duration.ofSeconds(10));
        ClusterSpec ours = TestSpecs.python(1, 2);
        ClusterSpec anotherProfiles = TestSpecs.python(1, 2);
        ClusterSpec anotherInstallations = TestSpecs.python(1, 2);
        int ourId = other.submit(LivyBatchRequest.of(ours, new BatchNames("sparkplane", PROFILE).batchName(ours.clusterName()))).id();
        int theirs = other.submit(LivyBatchRequest.of(anotherProfiles, new BatchNames("sparkplane", "other").batchName(anotherProfiles.clusterName())))
                .id();
        int installation = other.submit(LivyBatchRequest.of(anotherInstallations,
                new BatchNames("staging", PROFILE).batchName(anotherInstallations.clusterName()))).id();
        int persons = other.submit(LivyBatchRequest.of(TestSpecs.python(1, 2), "nightly etl")).id();

        try (EngineBackend backend = backend(Map.of())) {
            List<ClusterRef> live = backend.liveClusters();

            assertThat(live).extracting(ClusterRef::clusterName).contains(ours.clusterName())
                    .doesNotContain(anotherProfiles.clusterName(), anotherInstallations.clusterName());
            ClusterRef swept = live.stream().filter(cluster -> cluster.clusterName().equals(ours.clusterName())).findFirst().orElseThrow();
            assertThat(batchId(swept)).isEqualTo(ourId);
            backend.terminate(swept);

            assertThat(livy().batch(ourId)).isEmpty();
            assertThat(livy().batch(theirs)).isPresent();
            assertThat(livy().batch(installation)).isPresent();
            assertThat(livy().batch(persons)).isPresent();
        }
        List.of(theirs, installation, persons).forEach(other::delete);
    }

    @Test
    void aBatchIdLivyGaveAgainToAnotherBatchIsNotTheAttempts() {
        ClusterSpec spec = TestSpecs.python(1, 2);
        HdInsightConfiguration configuration = configuration(Map.of());
        LivyClient other = new LivyClient(HttpClient.newHttpClient(), configuration.livy(CLUSTER), FakeProfiles.USER, configuration.loginPassword(),
                Duration.ofSeconds(10));
        int someoneElses = other.submit(LivyBatchRequest.of(TestSpecs.python(1, 2), "adhoc " + UUID.randomUUID())).id();
        ClusterRef stale = new ClusterRef(PROFILE, spec.clusterName(), Map.of(HdInsightBackend.MODE, SharedClusterBackend.SHARED,
                HdInsightBackend.HDINSIGHT_CLUSTER, CLUSTER, SharedClusterBackend.BATCH_NAME, "sparkplane/shared/" + spec.clusterName(),
                SharedClusterBackend.BATCH_ID, Integer.toString(someoneElses)));

        try (EngineBackend backend = backend(Map.of())) {
            assertThat(backend.describe(stale)).isInstanceOf(ClusterStatus.Gone.class);
            backend.terminate(stale);
        }

        assertThat(livy().batch(someoneElses)).as("never deleted").isPresent();
        other.delete(someoneElses);
    }

    @Test
    void aLoginLivyRefusesFailsTheAttemptSayingSo() throws Exception {
        ClusterSpec spec = TestSpecs.python(1, 2);
        ClusterRef cluster;
        try (EngineBackend backend = backend(Map.of())) {
            cluster = backend.provision(spec);
        }
        Path wrong = Files.writeString(work.resolve("wrong-password"), "Not-The-Password-1");
        MovableClock clock = new MovableClock();
        try (EngineBackend refused = HdInsightBackend.connect(PROFILE, configuration(Map.of("login-password", "file:" + wrong)), work, clock)) {
            // a password being rotated: asked again for a while, not given up at once
            assertThatThrownBy(() -> refused.describe(cluster)).isInstanceOf(EngineBackendException.class)
                    .hasMessageContaining("refuses the login of admin").hasMessageContaining("asked again until")
                    .hasMessageNotContaining("Not-The-Password-1");
            clock.advance(HdInsightBackend.LOGIN_GRACE.plusSeconds(1));

            ClusterStatus status = refused.describe(cluster);

            assertThat(status).isInstanceOf(ClusterStatus.Failed.class);
            assertThat(((ClusterStatus.Failed) status).detail()).contains("refuses the login of admin", "401").doesNotContain("Not-The-Password-1");
        }
        try (EngineBackend backend = backend(Map.of())) {
            backend.terminate(cluster);
        }
    }

    @Test
    void theStartUpCheckNamesTheSettingAzureOrLivyRefuses() throws Exception {
        HdInsightBackendFactory factory = new HdInsightBackendFactory();
        BackendContext context = new BackendContext(PROFILE, work, NO_ENGINE, Clock.systemUTC());

        try (EngineBackend backend = factory.create(FakeProfiles.shared(fake, PROFILE, CLUSTER, work.resolve("secrets"), Map.of()), context)) {
            assertThat(backend.name()).isEqualTo(PROFILE);
        }

        assertThatThrownBy(() -> factory.create(FakeProfiles.shared(fake, PROFILE, "no-such-cluster", work.resolve("secrets"), Map.of()), context))
                .isInstanceOf(SettingException.class).hasMessageStartingWith("sparkplane.backends.shared.cluster-name: Azure has no HDInsight cluster")
                .hasMessageContaining("404: ResourceNotFound");
        Path wrong = Files.writeString(work.resolve("wrong-login"), "Wrong-Password-2");
        assertThatThrownBy(() -> factory.create(FakeProfiles.shared(fake, PROFILE, CLUSTER, work.resolve("secrets"),
                Map.of("login-password", "file:" + wrong)), context))
                .isInstanceOf(SettingException.class).hasMessageStartingWith("sparkplane.backends.shared.login-password: Livy at ")
                .hasMessageContaining("refuses the login of admin").hasMessageNotContaining("Wrong-Password-2");
        assertThatThrownBy(() -> factory.create(FakeProfiles.shared(fake, PROFILE, CLUSTER, work.resolve("secrets"),
                Map.of("login-password", "env:HDI_PASSWORD_THAT_IS_NOT_SET")), context))
                .isInstanceOf(SettingException.class).hasMessageStartingWith("sparkplane.backends.shared.login-password: ")
                .hasMessageContaining("not set");
        assertThat(SecretReference.parse("env:HDI_PASSWORD_THAT_IS_NOT_SET").toString()).isEqualTo("env:HDI_PASSWORD_THAT_IS_NOT_SET");
    }
}
