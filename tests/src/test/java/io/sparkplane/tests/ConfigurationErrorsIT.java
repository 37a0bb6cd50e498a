package io.sparkplane.tests;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The packaged control plane refuses to start on a setting it cannot honour, and says which, as an
 * operator sees it in its log: a setting of before engine profiles, an unknown setting or type of a
 * profile (read by its plug-in), an unknown store setting.
 */
class ConfigurationErrorsIT {

    @TempDir
    static Path home;

    @ParameterizedTest(name = "-D{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "sparkplane.backend.kubernetes.image | engine:1 | use sparkplane.backends.kubernetes.image, with sparkplane.backends.kubernetes.type=kubernetes",
            "sparkplane.backends.local.pythn | /usr/bin/python3 | sparkplane.backends.local.pythn is not a known setting; known: ",
            "sparkplane.backends.emr.type | emr | sparkplane.backends.emr.type is 'emr', which no installed plug-in provides; types: kubernetes, local",
            "sparkplane.backends.k8s.type | kubernetes | sparkplane.backends.k8s.image is required: the engine image",
            "sparkplane.store.s3.regoin | eu-west-1 | sparkplane.store.s3.regoin is not a known setting"})
    void aSettingItCannotHonourStopsTheStartNamingIt(String property, String value, String message) throws Exception {
        try (ControlPlaneProcess controlPlane = new ControlPlaneProcess(home).withProperty(property, value)) {
            assertThatThrownBy(controlPlane::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the control plane exited").hasMessageContaining(message);
        }
    }
}
