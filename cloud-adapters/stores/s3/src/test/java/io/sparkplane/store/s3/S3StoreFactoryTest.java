package io.sparkplane.store.s3;

import io.sparkplane.testkit.SettingsDocumentation;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class S3StoreFactoryTest {

    @Test
    void theModulesPageDocumentsEverySettingWithItsDefault() throws Exception {
        SettingsDocumentation.assertDocuments(Path.of("README.md"), new S3StoreFactory().settings());
    }
}
