package io.sparkplane.backend.emrserverless;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.backend.emrserverless.EmrServerlessConfiguration.Capacity;
import io.sparkplane.backend.emrserverless.EmrServerlessConfiguration.ExistingApplication;
import io.sparkplane.backend.emrserverless.EmrServerlessConfiguration.InitialWorkers;
import io.sparkplane.backend.emrserverless.EmrServerlessConfiguration.NewApplication;
import io.sparkplane.spi.engine.BackendLimits;
import io.sparkplane.spi.engine.EngineBackendFactory;
import io.sparkplane.spi.engine.JobHosting;
import io.sparkplane.spi.settings.SettingException;
import io.sparkplane.testkit.FactorySettings;
import io.sparkplane.testkit.SettingsDocumentation;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EmrServerlessBackendFactoryTest {

    private static final String PREFIX = "sparkplane.backends.serverless.";
    private static final EmrServerlessBackendFactory FACTORY = new EmrServerlessBackendFactory();

    private static Map<String, String> minimal() {
        Map<String, String> properties = new HashMap<>();
        properties.put(PREFIX + "type", "emr-serverless");
        properties.put(PREFIX + "region", "eu-west-1");
        properties.put(PREFIX + "release-label", "emr-7.9.0");
        properties.put(PREFIX + "execution-role-arn", "arn:aws:iam::123456789012:role/sparkplane-jobs");
        return properties;
    }

    private static EmrServerlessBackendFactory.Profile configure(Map<String, String> properties) {
        return FactorySettings.backend(FACTORY, "serverless", properties);
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

    @Test
    void theTypeIsAServiceStagedInS3AndTheControlPlaneFindsIt() {
        assertThat(FACTORY.type()).isEqualTo("emr-serverless");
        assertThat(FACTORY.hosting()).isEqualTo(JobHosting.SERVICE);
        assertThat(FACTORY.stagingSchemes()).isEqualTo(Set.of("s3"));
        assertThat(ServiceLoader.load(EngineBackendFactory.class).stream().map(provider -> provider.type().getName()))
                .contains(EmrServerlessBackendFactory.class.getName());
    }

    @Test
    void theDefaultsMakeAnApplicationOfTheReleaseWithNothingPreInitialized() {
        EmrServerlessBackendFactory.Profile profile = configure(minimal());

        assertThat(profile.configuration()).isEqualTo(new EmrServerlessConfiguration("eu-west-1", Optional.empty(),
                new NewApplication("emr-7.9.0", Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofMinutes(15)),
                "arn:aws:iam::123456789012:role/sparkplane-jobs", Optional.empty(), Duration.ofHours(12), Optional.empty(), 3));
        assertThat(profile.limits()).isEqualTo(new BackendLimits(10, 50));
        assertThat(FACTORY.limits(profile)).isEqualTo(profile.limits());
        assertThat(FACTORY.provisioningTimeout(profile)).contains(Duration.ofMinutes(15));
    }

    @Test
    void everySettingReachesTheConfiguration() {
        Map<String, String> properties = minimal();
        properties.put(PREFIX + "region", "us-gov-west-1");
        properties.put(PREFIX + "endpoint", "http://127.0.0.1:5000");
        properties.put(PREFIX + "initial-capacity.driver.workers", "1");
        properties.put(PREFIX + "initial-capacity.driver.cpu", "2vCPU");
        properties.put(PREFIX + "initial-capacity.driver.memory", "8GB");
        properties.put(PREFIX + "initial-capacity.executor.workers", "4");
        properties.put(PREFIX + "initial-capacity.executor.cpu", "8 vCPU");
        properties.put(PREFIX + "initial-capacity.executor.memory", "32 GB");
        properties.put(PREFIX + "maximum-capacity.cpu", "400vCPU");
        properties.put(PREFIX + "maximum-capacity.memory", "3000GB");
        properties.put(PREFIX + "application-idle-timeout", "PT1H");
        properties.put(PREFIX + "execution-role-arn", "arn:aws-us-gov:iam::123456789012:role/jobs/sparkplane");
        properties.put(PREFIX + "role-arn", "arn:aws-us-gov:iam::123456789012:role/sparkplane-control-plane");
        properties.put(PREFIX + "execution-timeout", "PT90M");
        properties.put(PREFIX + "spark-version", "3.5.5");
        properties.put(PREFIX + "max-attempts", "5");
        properties.put(PREFIX + "max-concurrent-runs", "40");
        properties.put(PREFIX + "max-executors-per-run", "200");
        properties.put(PREFIX + "provisioning-timeout", "PT40M");

        EmrServerlessBackendFactory.Profile profile = configure(properties);

        assertThat(profile.configuration()).isEqualTo(new EmrServerlessConfiguration("us-gov-west-1", Optional.of(URI.create("http://127.0.0.1:5000")),
                new NewApplication("emr-7.9.0", Optional.of(new InitialWorkers(1, new Capacity("2vCPU", "8GB"))),
                        Optional.of(new InitialWorkers(4, new Capacity("8 vCPU", "32 GB"))), Optional.of(new Capacity("400vCPU", "3000GB")),
                        Duration.ofHours(1)),
                "arn:aws-us-gov:iam::123456789012:role/jobs/sparkplane", Optional.of("arn:aws-us-gov:iam::123456789012:role/sparkplane-control-plane"),
                Duration.ofMinutes(90), Optional.of("3.5.5"), 5));
        assertThat(profile.limits()).isEqualTo(new BackendLimits(40, 200));
        assertThat(FACTORY.provisioningTimeout(profile)).contains(Duration.ofMinutes(40));
        assertThat(profile.configuration().executionTimeoutMinutes()).isEqualTo(90);
    }

    @Test
    void anExistingApplicationTakesTheReleaseFromItself() {
        Map<String, String> properties = without("release-label");
        properties.put(PREFIX + "application-id", "00f1abcdef2g3h4i");

        assertThat(configure(properties).configuration().application()).isEqualTo(new ExistingApplication("00f1abcdef2g3h4i"));
    }

    @Test
    void aSettingOfACreatedApplicationBesideAnExistingOneNamesBothKeys() {
        Map<String, String> properties = with("application-id", "00f1abcdef2g3h4i");
        assertThatThrownBy(() -> configure(properties)).isInstanceOf(SettingException.class)
                .hasMessageContaining(PREFIX + "release-label").hasMessageContaining(PREFIX + "application-id");

        Map<String, String> capacity = without("release-label");
        capacity.put(PREFIX + "application-id", "00f1abcdef2g3h4i");
        capacity.put(PREFIX + "initial-capacity.executor.workers", "2");
        assertThatThrownBy(() -> configure(capacity)).hasMessageContaining(PREFIX + "initial-capacity.executor.workers");
    }

    @Test
    void withoutAnApplicationIdTheReleaseIsRequired() {
        assertThatThrownBy(() -> configure(without("release-label"))).isInstanceOf(SettingException.class)
                .hasMessageContaining(PREFIX + "release-label is required").hasMessageContaining(PREFIX + "application-id");
        assertThatThrownBy(() -> configure(with("release-label", "emr 7"))).hasMessageContaining(PREFIX + "release-label");
        assertThatThrownBy(() -> configure(with("application-id", "Not-An-Id"))).hasMessageContaining(PREFIX);
    }

    @Test
    void anUnknownRegionNamesTheKey() {
        assertThatThrownBy(() -> configure(with("region", "eu-middle-9"))).isInstanceOf(SettingException.class)
                .hasMessageContaining(PREFIX + "region").hasMessageContaining("eu-middle-9");
        assertThatThrownBy(() -> configure(without("region"))).hasMessageContaining(PREFIX + "region is required");
    }

    @Test
    void aMissingOrMalformedRoleNamesTheKey() {
        assertThatThrownBy(() -> configure(without("execution-role-arn"))).isInstanceOf(SettingException.class)
                .hasMessageContaining(PREFIX + "execution-role-arn is required");
        assertThatThrownBy(() -> configure(with("execution-role-arn", "sparkplane-jobs"))).isInstanceOf(SettingException.class)
                .hasMessageContaining(PREFIX + "execution-role-arn").hasMessageContaining("IAM role ARN");
        assertThatThrownBy(() -> configure(with("execution-role-arn", "arn:aws:iam::123456789012:user/alice")))
                .hasMessageContaining(PREFIX + "execution-role-arn");
        assertThatThrownBy(() -> configure(with("role-arn", "arn:aws:s3:::bucket"))).hasMessageContaining(PREFIX + "role-arn");
    }

    @Test
    void capacitiesAreWrittenAsEmrServerlessWritesThem() {
        assertThatThrownBy(() -> configure(with("maximum-capacity.cpu", "400vCPU"))).isInstanceOf(SettingException.class)
                .hasMessageContaining(PREFIX + "maximum-capacity.memory is required");
        Map<String, String> executors = with("initial-capacity.executor.workers", "2");
        executors.put(PREFIX + "initial-capacity.executor.cpu", "lots");
        assertThatThrownBy(() -> configure(executors)).hasMessageContaining(PREFIX + "initial-capacity.executor.cpu").hasMessageContaining("lots");
        Map<String, String> memory = with("initial-capacity.driver.workers", "1");
        memory.put(PREFIX + "initial-capacity.driver.memory", "16TB");
        assertThatThrownBy(() -> configure(memory)).hasMessageContaining(PREFIX + "initial-capacity.driver.memory");
        assertThatThrownBy(() -> configure(with("initial-capacity.driver.workers", "-1"))).hasMessageContaining(PREFIX + "initial-capacity.driver.workers");
    }

    @Test
    void otherMistakesNameTheirKeys() {
        assertThatThrownBy(() -> configure(with("execution-timeout", "PT4M"))).hasMessageContaining(PREFIX + "execution-timeout");
        assertThatThrownBy(() -> configure(with("application-idle-timeout", "PT10S"))).hasMessageContaining(PREFIX + "application-idle-timeout");
        assertThatThrownBy(() -> configure(with("endpoint", "localhost:5000"))).hasMessageContaining(PREFIX + "endpoint");
        assertThatThrownBy(() -> configure(with("max-attempts", "0"))).hasMessageContaining(PREFIX + "max-attempts");
        assertThatThrownBy(() -> configure(with("provisioning-timeout", "PT30S"))).hasMessageContaining(PREFIX + "provisioning-timeout");
        assertThatThrownBy(() -> configure(with("regoin", "eu-west-1"))).hasMessageContaining(PREFIX + "regoin is not a known setting")
                .hasMessageContaining("region");
    }

    @Test
    void theModulesPageDocumentsEverySettingWithItsDefault() throws Exception {
        SettingsDocumentation.assertDocuments(Path.of("README.md"), FACTORY.settings());
    }
}
