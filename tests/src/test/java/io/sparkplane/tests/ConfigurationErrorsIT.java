package io.sparkplane.tests;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The packaged control plane refuses to start on a setting it cannot honour, and says which, as an
 * operator sees it in its log: a setting of before engine profiles, an unknown setting or type of a
 * profile (read by its plug-in), an unknown store setting, a profile's setting given as an
 * environment variable.
 */
class ConfigurationErrorsIT {

    @TempDir
    static Path home;

    @ParameterizedTest(name = "-D{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "sparkplane.backend.kubernetes.image | engine:1 | use sparkplane.backends.kubernetes.image, with sparkplane.backends.kubernetes.type=kubernetes",
            "sparkplane.backends.local.pythn | /usr/bin/python3 | sparkplane.backends.local.pythn is not a known setting; known: ",
            "sparkplane.backends.x.type | no-such-type | sparkplane.backends.x.type is 'no-such-type', which no installed plug-in provides; types: ",
            "sparkplane.backends.k8s.type | kubernetes | sparkplane.backends.k8s.image is required: the engine image",
            "sparkplane.store.s3.regoin | eu-west-1 | sparkplane.store.s3.regoin is not a known setting"})
    void aSettingItCannotHonourStopsTheStartNamingIt(String property, String value, String message) throws Exception {
        try (ControlPlaneProcess controlPlane = new ControlPlaneProcess(home).withProperty(property, value)) {
            assertThatThrownBy(controlPlane::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the control plane exited").hasMessageContaining(message);
        }
    }

    /** As the Helm chart sets profiles: environment variables name a profile's settings with dashes lost, and reach its plug-in. */
    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "SPARKPLANE_BACKENDS_LOCAL_DECOMMISSION_TIMEOUT | PT0S | sparkplane.backends.local.decommission-timeout must be positive",
            "SPARKPLANE_BACKENDS_GPU_TYPE | kubernetes | sparkplane.backends.gpu.image is required: the engine image"})
    void anEnvironmentVariableReachesTheProfilesPlugin(String variable, String value, String message) throws Exception {
        try (ControlPlaneProcess controlPlane = new ControlPlaneProcess(home).withEnvironment(variable, value)) {
            assertThatThrownBy(controlPlane::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the control plane exited").hasMessageContaining(message);
        }
    }
}
