package io.sparkplane.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.spi.engine.BackendLimits;
import io.sparkplane.spi.engine.EngineBackendException;
import io.sparkplane.testkit.FactorySettings;
import io.sparkplane.testkit.SettingsDocumentation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LocalBackendFactoryTest {

    @Test
    void theModulesPageDocumentsEverySettingWithItsDefault() throws Exception {
        SettingsDocumentation.assertDocuments(Path.of("README.md"), new LocalBackendFactory().settings());
    }

    @Test
    void aProfileReadsItsSettingsWithTheirDefaults() {
        LocalBackendFactory.Profile profile = FactorySettings.backend(new LocalBackendFactory(), "local", Map.of());

        assertThat(profile).isEqualTo(new LocalBackendFactory.Profile("python3", Optional.empty(), Duration.ofMinutes(2), true, Optional.empty(),
                new BackendLimits(2, 8)));
        assertThat(FactorySettings.backend(new LocalBackendFactory(), "big", Map.of(
                "sparkplane.backends.big.python", "/opt/venv/bin/python",
                "sparkplane.backends.big.spark-home", "/opt/spark",
                "sparkplane.backends.big.decommission-timeout", "PT30S",
                "sparkplane.backends.big.class-data-sharing", "false",
                "sparkplane.backends.big.class-data-directory", "/var/cache/sparkplane",
                "sparkplane.backends.big.max-concurrent-runs", "6",
                "sparkplane.backends.big.max-executors-per-run", "12")))
                .isEqualTo(new LocalBackendFactory.Profile("/opt/venv/bin/python", Optional.of(Path.of("/opt/spark")), Duration.ofSeconds(30),
                        false, Optional.of(Path.of("/var/cache/sparkplane")), new BackendLimits(6, 12)));
    }

    @Test
    void aWrongSettingNamesItsKey() {
        assertThatThrownBy(() -> FactorySettings.backend(new LocalBackendFactory(), "local",
                Map.of("sparkplane.backends.local.decommission-timeout", "PT0S")))
                .hasMessageContaining("sparkplane.backends.local.decommission-timeout must be positive");
        assertThatThrownBy(() -> FactorySettings.backend(new LocalBackendFactory(), "local",
                Map.of("sparkplane.backends.local.max-concurrent-runs", "0")))
                .hasMessageContaining("sparkplane.backends.local.max-concurrent-runs must be between 1 and");
    }

    @Test
    void aPythonWithoutPysparkIsRefusedSayingWhatToDo() {
        assertThatThrownBy(() -> LocalBackendFactory.sparkHomeOf("/bin/false"))
                .isInstanceOf(EngineBackendException.class).hasMessageContaining("cannot find pyspark with /bin/false")
                .hasMessageContaining("./sparkplane setup");
    }
}
