package io.sparkplane.backend.databricks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.databricks.sdk.service.compute.DataSecurityMode;
import io.sparkplane.spi.engine.BackendContext;
import io.sparkplane.spi.engine.BackendLimits;
import io.sparkplane.spi.engine.ClusterSpec;
import io.sparkplane.spi.engine.EngineBackend;
import io.sparkplane.spi.engine.EngineBackendException;
import io.sparkplane.spi.engine.EngineBackendFactory;
import io.sparkplane.spi.engine.EngineDistribution;
import io.sparkplane.spi.engine.JobHosting;
import io.sparkplane.spi.settings.SecretReference;
import io.sparkplane.spi.settings.SettingException;
import io.sparkplane.testkit.FactorySettings;
import io.sparkplane.testkit.SettingsDocumentation;
import io.sparkplane.testkit.databricks.FakeDatabricksServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabricksBackendFactoryTest {

    private static final String PREFIX = "sparkplane.backends.dbx.";
    private static final DatabricksBackendFactory FACTORY = new DatabricksBackendFactory();
    private static final String HOST = "https://adb-1234567890123456.7.azuredatabricks.net";

    /** A service-hosted backend starts no engine on this machine. */
    private static final EngineDistribution NO_ENGINE = new EngineDistribution() {
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

    @TempDir
    Path secrets;

    private static Map<String, String> minimal() {
        Map<String, String> properties = new HashMap<>();
        properties.put(PREFIX + "type", "databricks");
        properties.put(PREFIX + "host", HOST);
        properties.put(PREFIX + "token", "env:DATABRICKS_TOKEN");
        properties.put(PREFIX + "spark-version", "15.4.x-scala2.12");
        properties.put(PREFIX + "node-type", "Standard_DS3_v2");
        return properties;
    }

    private static DatabricksBackendFactory.Profile configure(Map<String, String> properties) {
        return FactorySettings.backend(FACTORY, "dbx", properties);
    }

    private static Map<String, String> with(String key, String value) {
        Map<String, String> properties = minimal();
        properties.put(PREFIX + key, value);
        return properties;
    }

    private static Map<String, String> without(String key) {
        Map<String, String> properties = minimal();
        properties.remove(PREFIX + key);
        return properties;
    }

    private static BackendContext context() {
        return new BackendContext("dbx", Path.of("target", "work"), NO_ENGINE, Clock.systemUTC());
    }

    @Test
    void theTypeIsAServiceStagedWhereTheWorkspacesCloudReadsAndTheControlPlaneFindsIt() {
        assertThat(FACTORY.type()).isEqualTo("databricks");
        assertThat(FACTORY.hosting()).isEqualTo(JobHosting.SERVICE);
        assertThat(FACTORY.stagingSchemes()).isEqualTo(Set.of("s3", "gs", "abfss", "wasbs"));
        assertThat(ServiceLoader.load(EngineBackendFactory.class).stream().map(provider -> provider.type().getName()))
                .contains(DatabricksBackendFactory.class.getName());
    }

    @Test
    void theDefaultsAutoscaleEachJobClusterAndReadARunEveryTenSeconds() {
        DatabricksBackendFactory.Profile profile = configure(minimal());

        assertThat(profile.configuration()).isEqualTo(new DatabricksConfiguration(URI.create(HOST),
                new Authentication.PersonalAccessToken(SecretReference.parse("env:DATABRICKS_TOKEN")), "15.4.x-scala2.12", Optional.of("Standard_DS3_v2"),
                Optional.empty(), Optional.empty(), Optional.empty(), true, new TreeMap<>(), new TreeMap<>(), Optional.empty(), Optional.empty(),
                Duration.ofSeconds(10)));
        assertThat(profile.configuration().workspaceUrl()).isEqualTo(HOST);
        assertThat(profile.settingsPrefix()).isEqualTo(PREFIX);
        assertThat(profile.limits()).isEqualTo(new BackendLimits(10, 50));
        assertThat(FACTORY.limits(profile)).isEqualTo(profile.limits());
        assertThat(FACTORY.provisioningTimeout(profile)).contains(Duration.ofMinutes(20));
    }

    @Test
    void everySettingReachesTheConfiguration() {
        Map<String, String> properties = without("token");
        properties.put(PREFIX + "host", "https://dbc-a1b2c3d4-e5f6.cloud.databricks.com/");
        properties.put(PREFIX + "client-id", "6a1b2c3d-0000-4000-8000-000000000001");
        properties.put(PREFIX + "client-secret", "file:/run/secrets/databricks-oauth");
        properties.put(PREFIX + "spark-version", "16.4.x-photon-scala2.13");
        properties.put(PREFIX + "node-type", "i3.xlarge");
        properties.put(PREFIX + "driver-node-type", "r5.2xlarge");
        properties.put(PREFIX + "instance-pool-id", "0101-120000-brick1-pool-ABCD1234");
        properties.put(PREFIX + "policy-id", "9C6308F703005DF2");
        properties.put(PREFIX + "autoscale", "false");
        properties.put(PREFIX + "spark-env.TZ", "UTC");
        properties.put(PREFIX + "custom-tags.cost-center", " c42 ");
        properties.put(PREFIX + "custom-tags.\"team.name\"", "data");
        properties.put(PREFIX + "data-security-mode", "single-user");
        properties.put(PREFIX + "single-user-name", "jobs@example.com");
        properties.put(PREFIX + "status-poll-interval", "PT30S");
        properties.put(PREFIX + "provisioning-timeout", "PT45M");
        properties.put(PREFIX + "max-concurrent-runs", "40");
        properties.put(PREFIX + "max-executors-per-run", "200");

        DatabricksBackendFactory.Profile profile = configure(properties);

        assertThat(profile.configuration()).isEqualTo(new DatabricksConfiguration(URI.create("https://dbc-a1b2c3d4-e5f6.cloud.databricks.com/"),
                new Authentication.OAuthMachineToMachine("6a1b2c3d-0000-4000-8000-000000000001", SecretReference.parse("file:/run/secrets/databricks-oauth")),
                "16.4.x-photon-scala2.13", Optional.of("i3.xlarge"), Optional.of("r5.2xlarge"), Optional.of("0101-120000-brick1-pool-ABCD1234"),
                Optional.of("9C6308F703005DF2"), false, new TreeMap<>(Map.of("TZ", "UTC")), new TreeMap<>(Map.of("cost-center", "c42", "team.name", "data")),
                Optional.of(DataSecurityMode.SINGLE_USER), Optional.of("jobs@example.com"), Duration.ofSeconds(30)));
        assertThat(profile.configuration().workspaceUrl()).isEqualTo("https://dbc-a1b2c3d4-e5f6.cloud.databricks.com");
        assertThat(profile.limits()).isEqualTo(new BackendLimits(40, 200));
        assertThat(FACTORY.provisioningTimeout(profile)).contains(Duration.ofMinutes(45));
    }

    @Test
    void aProfileAuthenticatesOneWayAndNeverEchoesACredential() {
        String pasted = "dapi0123456789abcdef0123456789abcdef";
        assertThatThrownBy(() -> configure(with("token", pasted))).isInstanceOf(SettingException.class).hasMessageContaining(PREFIX + "token")
                .hasMessageContaining("env:<VARIABLE> or file:<absolute path>").hasMessageNotContaining(pasted);
        Map<String, String> both = with("client-id", "6a1b2c3d");
        both.put(PREFIX + "client-secret", "env:DATABRICKS_CLIENT_SECRET");
        assertThatThrownBy(() -> configure(both)).isInstanceOf(SettingException.class).hasMessageContaining(PREFIX + "token")
                .hasMessageContaining(PREFIX + "client-id").hasMessageContaining("not both");
        Map<String, String> idAlone = without("token");
        idAlone.put(PREFIX + "client-id", "6a1b2c3d");
        assertThatThrownBy(() -> configure(idAlone)).hasMessageContaining(PREFIX + "client-secret is required with " + PREFIX + "client-id");
        Map<String, String> secretAlone = without("token");
        secretAlone.put(PREFIX + "client-secret", "env:SECRET");
        assertThatThrownBy(() -> configure(secretAlone)).hasMessageContaining(PREFIX + "client-id is required with " + PREFIX + "client-secret");
        Map<String, String> secretPasted = without("token");
        secretPasted.put(PREFIX + "client-id", "6a1b2c3d");
        secretPasted.put(PREFIX + "client-secret", "dose0123456789secret");
        assertThatThrownBy(() -> configure(secretPasted)).hasMessageContaining(PREFIX + "client-secret").hasMessageNotContaining("dose0123456789secret");

        assertThat(configure(without("token")).configuration().authentication()).isEqualTo(new Authentication.DefaultChain());
        assertThat(configure(minimal()).toString()).doesNotContain("DATABRICKS_TOKEN=");
    }

    @Test
    void theHostIsTheWorkspacesHttpsUrlAndPlainHttpOnlyOnThisMachine() {
        assertThatThrownBy(() -> configure(without("host"))).isInstanceOf(SettingException.class).hasMessageContaining(PREFIX + "host is required");
        assertThatThrownBy(() -> configure(with("host", "http://adb-1.azuredatabricks.net"))).isInstanceOf(SettingException.class)
                .hasMessageContaining(PREFIX + "host").hasMessageContaining("must be https://");
        assertThatThrownBy(() -> configure(with("host", HOST + "/api/2.2"))).hasMessageContaining(PREFIX + "host").hasMessageContaining("nothing more");
        assertThatThrownBy(() -> configure(with("host", "adb-1.azuredatabricks.net"))).hasMessageContaining(PREFIX + "host");
        for (String local : List.of("http://127.0.0.1:8080", "http://localhost:8080", "http://[::1]:8080")) {
            assertThat(configure(with("host", local)).configuration().workspaceUrl()).isEqualTo(local);
        }
    }

    @Test
    void aJobClusterNeedsItsNodesFromANodeTypeAPoolOrAPolicy() {
        assertThatThrownBy(() -> configure(without("node-type"))).isInstanceOf(SettingException.class)
                .hasMessageContaining(PREFIX + "node-type is required unless " + PREFIX + "instance-pool-id or " + PREFIX + "policy-id");
        Map<String, String> pool = without("node-type");
        pool.put(PREFIX + "instance-pool-id", "0101-120000-brick1-pool-ABCD1234");
        assertThat(configure(pool).configuration().nodeType()).isEmpty();
        Map<String, String> policy = without("node-type");
        policy.put(PREFIX + "policy-id", "9C6308F703005DF2");
        assertThat(configure(policy).configuration().policyId()).contains("9C6308F703005DF2");
        assertThatThrownBy(() -> configure(with("node-type", "Standard DS3"))).hasMessageContaining(PREFIX + "node-type");
        assertThatThrownBy(() -> configure(with("policy-id", "not-a-policy!"))).hasMessageContaining(PREFIX + "policy-id");
        assertThatThrownBy(() -> configure(without("spark-version"))).hasMessageContaining(PREFIX + "spark-version is required");
        assertThatThrownBy(() -> configure(with("spark-version", "15.4 LTS"))).hasMessageContaining(PREFIX + "spark-version");
    }

    @Test
    void tagsAndEnvironmentKeepToDatabricksRulesAndLeaveSparkplanesOwnAlone() {
        assertThatThrownBy(() -> configure(with("custom-tags.sparkplane-profile", "other"))).isInstanceOf(SettingException.class)
                .hasMessageContaining(PREFIX + "custom-tags.sparkplane-profile").hasMessageContaining("Sparkplane's own");
        assertThatThrownBy(() -> configure(with("custom-tags.Sparkplane-Run-Id", "x"))).hasMessageContaining("Sparkplane's own");
        assertThatThrownBy(() -> configure(with("custom-tags.team", "a<b"))).hasMessageContaining(PREFIX + "custom-tags.team");
        assertThatThrownBy(() -> configure(with("spark-env.1TZ", "UTC"))).hasMessageContaining(PREFIX + "spark-env.1TZ");
        Map<String, String> many = minimal();
        for (int i = 0; i < 42; i++) {
            many.put(PREFIX + "custom-tags.t" + i, "v");
        }
        assertThatThrownBy(() -> configure(many)).hasMessageContaining(PREFIX + "custom-tags").hasMessageContaining("41");
    }

    @Test
    void otherMistakesNameTheirKeys() {
        assertThatThrownBy(() -> configure(with("autoscale", "sometimes"))).hasMessageContaining(PREFIX + "autoscale");
        assertThatThrownBy(() -> configure(with("data-security-mode", "shared"))).hasMessageContaining(PREFIX + "data-security-mode")
                .hasMessageContaining("single-user");
        assertThatThrownBy(() -> configure(with("single-user-name", "jobs@example.com"))).hasMessageContaining(PREFIX + "single-user-name")
                .hasMessageContaining(PREFIX + "data-security-mode");
        assertThatThrownBy(() -> configure(with("provisioning-timeout", "PT30S"))).hasMessageContaining(PREFIX + "provisioning-timeout");
        assertThatThrownBy(() -> configure(with("status-poll-interval", "often"))).hasMessageContaining(PREFIX + "status-poll-interval");
        assertThatThrownBy(() -> configure(with("max-concurrent-runs", "0"))).hasMessageContaining(PREFIX + "max-concurrent-runs");
        assertThatThrownBy(() -> configure(with("cluster-id", "0101-abc"))).hasMessageContaining(PREFIX + "cluster-id is not a known setting")
                .hasMessageContaining("node-type");
    }

    private Map<String, String> against(FakeDatabricksServer fake, String token) throws Exception {
        Path file = Files.writeString(secrets.resolve("token-" + UUID.randomUUID()), token);
        Map<String, String> properties = with("host", fake.host());
        properties.put(PREFIX + "token", "file:" + file);
        return properties;
    }

    @Test
    void aBackendStartsAgainstTheWorkspaceWithOneCallAndLearnsItsRuntimesSpark() throws Exception {
        try (FakeDatabricksServer fake = FakeDatabricksServer.start()) {
            String token = "dapi-" + UUID.randomUUID();
            fake.acceptToken(token);
            fake.clusterStartDelay(Duration.ZERO);

            try (EngineBackend backend = FACTORY.create(configure(against(fake, token)), context())) {
                assertThat(backend.name()).isEqualTo("dbx");
                assertThat(backend.hosting()).isEqualTo(JobHosting.SERVICE);
                assertThat(fake.calls("GET " + FakeDatabricksServer.SPARK_VERSIONS)).isEqualTo(1);

                ClusterSpec python = TestSpecs.python(1, 2);
                ClusterSpec sparkFour = new ClusterSpec(python.clusterName(), python.resources(), 1, python.idleTimeout(), "4.0", python.launch(),
                        "default", python.staged());
                assertThatThrownBy(() -> backend.provision(sparkFour)).isInstanceOf(EngineBackendException.class)
                        .hasMessageContaining("Apache Spark 3.5.0").hasMessageContaining("asks for Spark 4.0");
                ClusterSpec sparkThree = new ClusterSpec(python.clusterName(), python.resources(), 1, python.idleTimeout(), "3.5", python.launch(),
                        "default", python.staged());
                assertThat(backend.provision(sparkThree).clusterName()).isEqualTo(python.clusterName());
            }
        }
    }

    @Test
    void whatTheWorkspaceRefusesAtStartStopsTheProfileNamingTheKey() throws Exception {
        try (FakeDatabricksServer fake = FakeDatabricksServer.start()) {
            String refused = "dapi-refused-" + UUID.randomUUID();
            assertThatThrownBy(() -> FACTORY.create(configure(against(fake, refused)), context())).isInstanceOf(SettingException.class)
                    .hasMessageStartingWith(PREFIX + "token: the workspace at " + fake.host() + " does not take these credentials")
                    .hasMessageContaining("401").hasMessageNotContaining(refused);

            String token = "dapi-" + UUID.randomUUID();
            fake.acceptToken(token);
            Map<String, String> unknownRuntime = against(fake, token);
            unknownRuntime.put(PREFIX + "spark-version", "9.1.x-scala2.12");
            assertThatThrownBy(() -> FACTORY.create(configure(unknownRuntime), context())).isInstanceOf(SettingException.class)
                    .hasMessageStartingWith(PREFIX + "spark-version is not a Databricks Runtime the workspace at " + fake.host() + " offers")
                    .hasMessageContaining("17.3.x-scala2.13, 16.4.x-scala2.13, 15.4.x-scala2.12");

            fake.failNext(FakeDatabricksServer.SPARK_VERSIONS, 1, 403, "PERMISSION_DENIED", "User is not allowed to use clusters");
            assertThatThrownBy(() -> FACTORY.create(configure(against(fake, token)), context())).isInstanceOf(SettingException.class)
                    .hasMessageStartingWith(PREFIX + "token: ").hasMessageContaining("403 PERMISSION_DENIED: User is not allowed to use clusters");

            fake.failNext(FakeDatabricksServer.SPARK_VERSIONS, 1, 404, "ENDPOINT_NOT_FOUND", "No API found");
            assertThatThrownBy(() -> FACTORY.create(configure(against(fake, token)), context())).isInstanceOf(SettingException.class)
                    .hasMessageStartingWith(PREFIX + "host: " + fake.host() + " has no Databricks workspace API");

            Map<String, String> missingVariable = with("host", fake.host());
            missingVariable.put(PREFIX + "token", "env:SPARKPLANE_TEST_NO_SUCH_VARIABLE_" + UUID.randomUUID().toString().replace('-', '_'));
            assertThatThrownBy(() -> FACTORY.create(configure(missingVariable), context())).isInstanceOf(SettingException.class)
                    .hasMessageStartingWith(PREFIX + "token: ").hasMessageContaining("not set");
        }
    }

    @Test
    void aServicePrincipalTheWorkspaceDoesNotKnowStopsTheProfileNamingItsKeys() throws Exception {
        try (FakeDatabricksServer fake = FakeDatabricksServer.start()) {
            fake.acceptServicePrincipal("6a1b2c3d-0000-4000-8000-000000000001", "the-right-secret");
            Map<String, String> properties = without("token");
            properties.put(PREFIX + "host", fake.host());
            properties.put(PREFIX + "client-id", "6a1b2c3d-0000-4000-8000-000000000001");
            properties.put(PREFIX + "client-secret", "file:" + Files.writeString(secrets.resolve("secret"), "the-right-secret"));
            try (EngineBackend backend = FACTORY.create(configure(properties), context())) {
                assertThat(fake.accessTokensIssued()).isEqualTo(1);
            }

            properties.put(PREFIX + "client-secret", "file:" + Files.writeString(secrets.resolve("wrong"), "a-wrong-secret"));
            assertThatThrownBy(() -> FACTORY.create(configure(properties), context())).isInstanceOf(SettingException.class)
                    .hasMessageStartingWith(PREFIX + "client-id and " + PREFIX + "client-secret: the workspace at " + fake.host())
                    .hasMessageNotContaining("a-wrong-secret");
        }
    }

    /** Only where no Databricks credentials are in this process's environment (the SDK's default chain would find them). */
    @Test
    void withNeitherATokenNorAClientTheSdksDefaultChainIsAskedAndFindingNoneStopsTheProfile() throws Exception {
        assumeThat(System.getenv().keySet().stream().filter(name -> name.startsWith("DATABRICKS_") || name.startsWith("ARM_")).toList()).isEmpty();
        try (FakeDatabricksServer fake = FakeDatabricksServer.start()) {
            Map<String, String> properties = without("token");
            properties.put(PREFIX + "host", fake.host());

            assertThatThrownBy(() -> FACTORY.create(configure(properties), context())).isInstanceOf(SettingException.class)
                    .hasMessageStartingWith(PREFIX + "token and " + PREFIX + "client-id (unset: the Databricks SDK's default credentials)")
                    .hasMessageContaining("default chain found no credentials");
        }
    }

    @Test
    void theModulesPageDocumentsEverySettingWithItsDefault() throws Exception {
        SettingsDocumentation.assertDocuments(Path.of("README.md"), FACTORY.settings());
    }
}
