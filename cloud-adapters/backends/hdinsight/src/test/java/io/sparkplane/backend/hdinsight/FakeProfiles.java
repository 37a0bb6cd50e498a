package io.sparkplane.backend.hdinsight;

import io.sparkplane.testkit.FactorySettings;
import io.sparkplane.testkit.azure.FakeHdInsightArmServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Profiles against the testkit's {@link FakeHdInsightArmServer}, read by the factory from the
 * properties an operator would write: plain HTTP without credentials, the cluster login's password
 * in a file, looks never reused.
 */
final class FakeProfiles {

    static final String SUBSCRIPTION = TestSpecs.SUBSCRIPTION;
    static final String RESOURCE_GROUP = TestSpecs.RESOURCE_GROUP;
    static final String USER = "admin";
    /** A password HDInsight takes for a new cluster's login. */
    static final String PASSWORD = "Gateway-Secret-" + UUID.randomUUID();

    private FakeProfiles() {}

    /** The properties both modes share, under the profile's prefix. */
    private static Map<String, String> common(FakeHdInsightArmServer fake, String profile, Path secrets) {
        String prefix = "sparkplane.backends." + profile + ".";
        Map<String, String> properties = new HashMap<>();
        properties.put(prefix + "subscription-id", SUBSCRIPTION);
        properties.put(prefix + "resource-group", RESOURCE_GROUP);
        properties.put(prefix + "login-username", USER);
        properties.put(prefix + "login-password", "file:" + write(secrets, "login-password", PASSWORD));
        properties.put(prefix + "arm-endpoint", fake.endpoint().toString());
        properties.put(prefix + "livy-endpoint", fake.livyEndpointTemplate().replace("{clusterName}", HdInsightBackendFactory.CLUSTER_PLACEHOLDER));
        properties.put(prefix + "credentials", "none");
        properties.put(prefix + "status-poll-interval", "PT0S");
        return properties;
    }

    static HdInsightBackendFactory.Profile shared(FakeHdInsightArmServer fake, String profile, String cluster, Path secrets,
            Map<String, String> settings) {
        Map<String, String> properties = common(fake, profile, secrets);
        properties.put("sparkplane.backends." + profile + ".cluster-name", cluster);
        settings.forEach((name, value) -> properties.put("sparkplane.backends." + profile + "." + name, value));
        return FactorySettings.backend(new HdInsightBackendFactory(), profile, properties);
    }

    static HdInsightBackendFactory.Profile ephemeral(FakeHdInsightArmServer fake, String profile, Path secrets, Map<String, String> settings) {
        Map<String, String> properties = common(fake, profile, secrets);
        String prefix = "sparkplane.backends." + profile + ".";
        properties.put(prefix + "mode", "ephemeral");
        properties.put(prefix + "region", "westeurope");
        properties.put(prefix + "storage-account", TestSpecs.ACCOUNT);
        properties.put(prefix + "storage-key", "file:" + write(secrets, "storage-key", "c3RvcmFnZS1rZXktb2YtdGhlLXRlc3Rz"));
        properties.put(prefix + "tags.team", "data");
        settings.forEach((name, value) -> properties.put(prefix + name, value));
        return FactorySettings.backend(new HdInsightBackendFactory(), profile, properties);
    }

    private static Path write(Path secrets, String name, String value) {
        try {
            Files.createDirectories(secrets);
            return Files.writeString(secrets.resolve(name), value + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
