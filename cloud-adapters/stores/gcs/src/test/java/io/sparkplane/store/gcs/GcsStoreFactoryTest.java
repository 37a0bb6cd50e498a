package io.sparkplane.store.gcs;

import io.sparkplane.testkit.SettingsDocumentation;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class GcsStoreFactoryTest {

    @Test
    void theModulesPageDocumentsEverySettingWithItsDefault() throws Exception {
        SettingsDocumentation.assertDocuments(Path.of("README.md"), new GcsStoreFactory().settings());
    }
}
