package io.sparkplane.controlplane.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RenamedBackendSettingsTest {

    @ParameterizedTest(name = "sparkplane.backend.{0}")
    @CsvSource(delimiter = '|', value = {
            "default | use sparkplane.default-backend (environment: SPARKPLANE_DEFAULT_BACKEND)",
            "local.python | use sparkplane.backends.local.python, with sparkplane.backends.local.type=local",
            "kubernetes.image-pull-policy | use sparkplane.backends.kubernetes.image-pull-policy, with sparkplane.backends.kubernetes.type=kubernetes",
            "kubernetes.image.pull.policy | use sparkplane.backends.kubernetes.image-pull-policy, with sparkplane.backends.kubernetes.type=kubernetes",
            "kubernetes.image | use sparkplane.backends.kubernetes.image, with sparkplane.backends.kubernetes.type=kubernetes",
            "kubernetes.node-selector.\"kubernetes.io/os\" | use sparkplane.backends.kubernetes.node-selector.\"kubernetes.io/os\", with sparkplane.backends.kubernetes.type=kubernetes",
            "kubernetes.enabled | a profile exists once it has a type: sparkplane.backends.kubernetes.type=kubernetes (and sparkplane.backends.kubernetes.enabled=false switches it off)",
            "emr.region | not a setting; see docs/configuration.md for the engine profiles' settings"})
    void eachOldSettingNamesWhatReplacedIt(String key, String replacement) {
        assertThat(RenamedBackendSettings.replacement(key)).isEqualTo(replacement);
    }

    @Test
    void anyOldSettingStopsTheControlPlaneNamingEachOne() {
        assertThatThrownBy(() -> RenamedBackendSettings.check(Map.of("kubernetes.enabled", "true", "kubernetes.image", "e")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("engine profiles")
                .hasMessageContaining("sparkplane.backend.kubernetes.enabled (environment: SPARKPLANE_BACKEND_KUBERNETES_ENABLED)")
                .hasMessageContaining("sparkplane.backend.kubernetes.image (environment: SPARKPLANE_BACKEND_KUBERNETES_IMAGE): use "
                        + "sparkplane.backends.kubernetes.image");
    }

    @Test
    void noOldSettingIsNoError() {
        RenamedBackendSettings.check(Map.of());
    }
}
