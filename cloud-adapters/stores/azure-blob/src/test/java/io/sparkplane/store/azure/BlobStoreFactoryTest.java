package io.sparkplane.store.azure;

import io.sparkplane.testkit.SettingsDocumentation;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BlobStoreFactoryTest {

    @Test
    void theModulesPageDocumentsEverySettingWithItsDefault() throws Exception {
        SettingsDocumentation.assertDocuments(Path.of("README.md"), new BlobStoreFactory().settings());
    }
}
