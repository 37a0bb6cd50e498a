package io.sparkplane.backend.hdinsight;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.spi.engine.BackendContext;
import io.sparkplane.spi.settings.SettingException;
import io.sparkplane.testkit.FactorySettings;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code credentials=default} on a machine with no Azure credentials (this one: no environment
 * variables, no managed identity, no Azure CLI login): azure-identity's DefaultAzureCredential, on the
 * backend's bearer-token policy, finds none, and the start-up check stops the profile naming
 * {@code credentials} before any call leaves the machine.
 */
class ArmCredentialsIT {

    @TempDir
    Path work;

    @Test
    void noCredentialsStopTheProfileNamingTheSetting() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String prefix = "sparkplane.backends.azure.";
        Map<String, String> properties = new HashMap<>();
        properties.put(prefix + "subscription-id", TestSpecs.SUBSCRIPTION);
        properties.put(prefix + "resource-group", TestSpecs.RESOURCE_GROUP);
        properties.put(prefix + "mode", "ephemeral");
        properties.put(prefix + "region", "westeurope");
        properties.put(prefix + "storage-account", TestSpecs.ACCOUNT);
        properties.put(prefix + "storage-key", "file:" + Files.writeString(work.resolve("key"), "a2V5"));
        properties.put(prefix + "login-password", "file:" + Files.writeString(work.resolve("login"), "Gateway-Secret-1"));
        // TLS to a port nobody serves: no call may leave without a token, and none is got
        properties.put(prefix + "arm-endpoint", "https://127.0.0.1:" + port);
        HdInsightBackendFactory factory = new HdInsightBackendFactory();
        HdInsightBackendFactory.Profile profile = FactorySettings.backend(factory, "azure", properties);

        assertThatThrownBy(() -> factory.create(profile, new BackendContext("azure", work, SharedClusterBackendIT.NO_ENGINE, Clock.systemUTC())))
                .isInstanceOf(SettingException.class).hasMessageStartingWith(prefix + "credentials: ")
                .hasMessageContaining("no credentials for Azure Resource Manager").hasMessageContaining("DefaultAzureCredential")
                .hasMessageNotContaining("Gateway-Secret-1");
    }
}
