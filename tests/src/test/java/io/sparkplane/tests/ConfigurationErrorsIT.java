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
 * environment variable, an OIDC grant that says no workspace, OIDC on without an issuer.
 */
class ConfigurationErrorsIT {

    @TempDir
    static Path home;

    /**
     * {@code -D} for a system property; {@code env} for an environment variable, as the Helm chart
     * sets profiles: its name has the setting's dashes lost, and still reaches the profile's plug-in.
     */
    @ParameterizedTest(name = "{0} {1}={2}")
    @CsvSource(delimiter = '|', value = {
            "-D  | sparkplane.backend.kubernetes.image | engine:1 | use sparkplane.backends.kubernetes.image, with sparkplane.backends.kubernetes.type=kubernetes",
            "-D  | sparkplane.backends.local.pythn | /usr/bin/python3 | sparkplane.backends.local.pythn is not a known setting; known: ",
            "-D  | sparkplane.backends.x.type | no-such-type | sparkplane.backends.x.type is 'no-such-type', which no installed plug-in provides; types: ",
            "-D  | sparkplane.backends.k8s.type | kubernetes | sparkplane.backends.k8s.image is required: the engine image",
            "-D  | sparkplane.store.s3.regoin | eu-west-1 | sparkplane.store.s3.regoin is not a known setting",
            "env | SPARKPLANE_BACKENDS_LOCAL_DECOMMISSION_TIMEOUT | PT0S | sparkplane.backends.local.decommission-timeout must be positive",
            "env | SPARKPLANE_BACKENDS_GPU_TYPE | kubernetes | sparkplane.backends.gpu.image is required: the engine image",
            "env | SPARKPLANE_AUTH_OIDC_GROUP_ROLES | data-eng=editor | sparkplane.auth.oidc.group-roles: 'data-eng=editor': editor holds in one workspace",
            "env | SPARKPLANE_AUTH_OIDC_ENABLED | true | sparkplane.auth.oidc.issuer is required with sparkplane.auth.oidc.enabled=true"})
    void aSettingItCannotHonourStopsTheStartNamingIt(String source, String name, String value, String message) throws Exception {
        ControlPlaneProcess process = new ControlPlaneProcess(home);
        try (ControlPlaneProcess controlPlane = source.equals("env") ? process.withEnvironment(name, value) : process.withProperty(name, value)) {
            assertThatThrownBy(controlPlane::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("the control plane exited").hasMessageContaining(message);
        }
    }
}
