package io.sparkplane.backend.emr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.spi.engine.JobHosting;
import io.sparkplane.spi.settings.SettingException;
import io.sparkplane.testkit.FactorySettings;
import io.sparkplane.testkit.SettingsDocumentation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmrBackendFactoryTest {

    private static final String PREFIX = "sparkplane.backends.aws.";

    private static Map<String, String> minimal() {
        Map<String, String> settings = new HashMap<>();
        settings.put(PREFIX + "type", "emr");
        settings.put(PREFIX + "region", "eu-west-1");
        settings.put(PREFIX + "service-role", "EMR_DefaultRole_V2");
        settings.put(PREFIX + "instance-profile", "EMR_EC2_DefaultRole");
        return settings;
    }

    private static EmrBackendFactory.Profile configure(Map<String, String> settings) {
        return FactorySettings.backend(new EmrBackendFactory(), "aws", settings);
    }

    @Test
    void aMinimalProfileTakesTheDefaults() {
        EmrBackendConfiguration configuration = configure(minimal()).configuration();
        assertThat(configuration.region()).isEqualTo("eu-west-1");
        assertThat(configuration.releaseLabel()).isEqualTo("emr-7.9.0");
        assertThat(configuration.masterInstanceType()).isEqualTo("m5.xlarge");
        assertThat(configuration.taskInstanceType()).as("the core type unless set").isEqualTo(configuration.coreInstanceType());
        assertThat(configuration.coreInstanceCount()).isEqualTo(1);
        assertThat(configuration.statusPollInterval()).isEqualTo(Duration.ofSeconds(10));
        assertThat(configuration.roleArn()).isEmpty();
        assertThat(new EmrBackendFactory().hosting()).isEqualTo(JobHosting.SERVICE);
        assertThat(new EmrBackendFactory().stagingSchemes()).containsExactly("s3");
    }

    @Test
    void everySettingReachesTheConfiguration() {
        Map<String, String> settings = minimal();
        settings.put(PREFIX + "release-label", "emr-7.5.0");
        settings.put(PREFIX + "master-instance-type", "m6g.xlarge");
        settings.put(PREFIX + "core-instance-type", "r6g.xlarge");
        settings.put(PREFIX + "core-instance-count", "0");
        settings.put(PREFIX + "task-instance-type", "c6g.2xlarge");
        settings.put(PREFIX + "subnet-id", "subnet-0a1b2c3d");
        settings.put(PREFIX + "security-configuration", "encrypted");
        settings.put(PREFIX + "tags.team", "data");
        settings.put(PREFIX + "tags.cost-center", "42");
        settings.put(PREFIX + "role-arn", "arn:aws:iam::123456789012:role/sparkplane-emr");
        settings.put(PREFIX + "endpoint", "https://vpce-1.elasticmapreduce.eu-west-1.vpce.amazonaws.com");
        settings.put(PREFIX + "status-poll-interval", "PT30S");
        settings.put(PREFIX + "max-concurrent-runs", "3");
        EmrBackendFactory.Profile profile = configure(settings);
        EmrBackendConfiguration configuration = profile.configuration();
        assertThat(configuration.releaseLabel()).isEqualTo("emr-7.5.0");
        assertThat(configuration.masterInstanceType()).isEqualTo("m6g.xlarge");
        assertThat(configuration.coreInstanceType()).isEqualTo("r6g.xlarge");
        assertThat(configuration.coreInstanceCount()).isZero();
        assertThat(configuration.taskInstanceType()).isEqualTo("c6g.2xlarge");
        assertThat(configuration.subnetId()).contains("subnet-0a1b2c3d");
        assertThat(configuration.securityConfiguration()).contains("encrypted");
        assertThat(configuration.tags()).containsExactlyInAnyOrderEntriesOf(Map.of("team", "data", "cost-center", "42"));
        assertThat(configuration.roleArn()).contains("arn:aws:iam::123456789012:role/sparkplane-emr");
        assertThat(configuration.endpoint()).map(Object::toString).contains("https://vpce-1.elasticmapreduce.eu-west-1.vpce.amazonaws.com");
        assertThat(configuration.statusPollInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(profile.limits().maxConcurrentRuns()).isEqualTo(3);
    }

    @Test
    void aBadProfileIsRefusedNamingTheKey() {
        assertRefused(Map.of("region", "mars-north-1"), PREFIX + "region", "not an AWS region");
        assertRefused(Map.of("release-label", "7.9"), PREFIX + "release-label", "release label");
        assertRefused(Map.of("master-instance-type", "big"), PREFIX + "master-instance-type", "instance type");
        assertRefused(Map.of("task-instance-type", "m5 xlarge"), PREFIX + "task-instance-type", "instance type");
        assertRefused(Map.of("service-role", "no such role!"), PREFIX + "service-role", "IAM role");
        assertRefused(Map.of("subnet-id", "vpc-123"), PREFIX + "subnet-id", "subnet id");
        assertRefused(Map.of("role-arn", "sparkplane"), PREFIX + "role-arn", "role ARN");
        assertRefused(Map.of("core-instance-count", "-1"), PREFIX + "core-instance-count", "");
    }

    @Test
    void aProfileWithoutItsRolesIsRefusedNamingEach() {
        Map<String, String> settings = minimal();
        settings.remove(PREFIX + "service-role");
        assertThatThrownBy(() -> configure(settings)).isInstanceOf(SettingException.class).hasMessageContaining(PREFIX + "service-role");
        Map<String, String> noProfile = minimal();
        noProfile.remove(PREFIX + "instance-profile");
        assertThatThrownBy(() -> configure(noProfile)).isInstanceOf(SettingException.class).hasMessageContaining(PREFIX + "instance-profile");
    }

    private static void assertRefused(Map<String, String> changes, String key, String problem) {
        Map<String, String> settings = minimal();
        changes.forEach((name, value) -> settings.put(PREFIX + name, value));
        assertThatThrownBy(() -> configure(settings)).isInstanceOf(SettingException.class).hasMessageContaining(key).hasMessageContaining(problem);
    }

    @Test
    void theModulesPageDocumentsEverySetting() throws Exception {
        SettingsDocumentation.assertDocuments(Path.of("README.md"), new EmrBackendFactory().settings());
    }

    @Test
    void aProvisioningTimeoutShorterThanAClusterTakesIsRefused() {
        Map<String, String> settings = minimal();
        settings.put(PREFIX + "provisioning-timeout", "PT30S");
        assertThatThrownBy(() -> configure(settings)).isInstanceOf(SettingException.class)
                .hasMessageContaining(PREFIX + "provisioning-timeout").hasMessageContaining("PT1M");
        assertThat(new EmrBackendFactory().provisioningTimeout(configure(minimal()))).contains(Duration.ofMinutes(30));
    }
}
