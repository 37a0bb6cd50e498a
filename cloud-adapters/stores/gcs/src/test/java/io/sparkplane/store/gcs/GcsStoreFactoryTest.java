package io.sparkplane.store.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.spi.settings.SettingException;
import io.sparkplane.spi.settings.Settings;
import io.sparkplane.testkit.SettingsDocumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcsStoreFactoryTest {

    private final GcsStoreFactory factory = new GcsStoreFactory();

    private GcsStoreFactory.Configuration configure(Map<String, String> values) {
        return factory.configure(Settings.of("sparkplane.store.gcs.", values, factory.settings()));
    }

    @Test
    void theModulesPageDocumentsEverySettingWithItsDefault() throws Exception {
        SettingsDocumentation.assertDocuments(Path.of("README.md"), factory.settings());
    }

    @Test
    void credentialsAreApplicationDefaultNoneOrAKeyFileButNotAKeyFileAndAChoice(@TempDir Path directory) throws Exception {
        Path key = Files.writeString(directory.resolve("key.json"), "{\"type\": \"service_account\"}");

        assertThat(configure(Map.of()).store().credentials()).isEqualTo(GcsCredentials.applicationDefault());
        assertThat(configure(Map.of("credentials", "none")).store().credentials()).isEqualTo(GcsCredentials.none());
        assertThat(configure(Map.of("service-account-key-file", key.toString())).serviceAccountKeyFile()).contains(key);
        for (String credentials : new String[] {"application-default", "none"}) {
            assertThatThrownBy(() -> configure(Map.of("credentials", credentials, "service-account-key-file", key.toString())))
                    .isInstanceOf(SettingException.class)
                    .hasMessage("sparkplane.store.gcs.*: give credentials or service-account-key-file, not both");
        }
    }
}
