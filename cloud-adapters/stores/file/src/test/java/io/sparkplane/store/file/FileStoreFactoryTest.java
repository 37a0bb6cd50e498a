package io.sparkplane.store.file;

import io.sparkplane.testkit.SettingsDocumentation;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FileStoreFactoryTest {

    @Test
    void theModulesPageDocumentsEverySettingWithItsDefault() throws Exception {
        SettingsDocumentation.assertDocuments(Path.of("README.md"), new FileStoreFactory().settings());
    }
}
