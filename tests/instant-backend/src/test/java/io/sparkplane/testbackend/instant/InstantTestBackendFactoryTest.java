package io.sparkplane.testbackend.instant;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.spi.engine.BackendLimits;
import io.sparkplane.testkit.FactorySettings;
import io.sparkplane.testkit.SettingsDocumentation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InstantTestBackendFactoryTest {

    @Test
    void theModulesPageDocumentsEverySettingWithItsDefault() throws Exception {
        SettingsDocumentation.assertDocuments(Path.of("README.md"), new InstantTestBackendFactory().settings());
    }

    @Test
    void aProfileReadsItsSettings() {
        assertThat(FactorySettings.backend(new InstantTestBackendFactory(), "instant", Map.of("sparkplane.backends.instant.cluster-directory", "/tmp/c")))
                .isEqualTo(new InstantTestBackendFactory.Profile(Duration.ofMillis(200), Path.of("/tmp/c"), new BackendLimits(10, 10)));
        assertThat(FactorySettings.backend(new InstantTestBackendFactory(), "slow", Map.of("sparkplane.backends.slow.cluster-directory", "/tmp/c",
                "sparkplane.backends.slow.run-time", "PT2S", "sparkplane.backends.slow.max-concurrent-runs", "3")))
                .isEqualTo(new InstantTestBackendFactory.Profile(Duration.ofSeconds(2), Path.of("/tmp/c"), new BackendLimits(3, 10)));
    }
}
