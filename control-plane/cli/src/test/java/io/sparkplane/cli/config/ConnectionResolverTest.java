package io.sparkplane.cli.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.cli.CliException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Flags over environment over the profile over defaults, and a token only ever goes where it belongs. */
class ConnectionResolverTest {

    private static final Path HOME = Path.of("/home/me");
    private static final Path CONFIG = HOME.resolve(".sparkplane/config");
    private static final ConfigFile FILE = ConfigFile.parse(List.of(
            "[default]", "host = https://prod.example.com", "token = spk_prod", "workspace = analytics",
            "[staging]", "host = https://staging.example.com/", "token = spk_staging"), "config");
    private static final Function<Path, Optional<String>> BOOTSTRAP = path ->
            path.equals(HOME.resolve(".sparkplane/admin-token")) ? Optional.of("spk_bootstrap\n")
                    : path.equals(Path.of("/srv/sp/admin-token")) ? Optional.of("spk_srv") : Optional.empty();

    private static Connection resolve(ConnectionResolver.Flags flags, Map<String, String> environment, ConfigFile file) {
        return ConnectionResolver.resolve(flags, environment, file, HOME, CONFIG, BOOTSTRAP);
    }

    @Test
    void withNothingConfiguredItIsTheLocalControlPlaneWithItsBootstrapToken() {
        Connection connection = resolve(ConnectionResolver.Flags.NONE, Map.of(), ConfigFile.empty());
        assertThat(connection.host()).hasToString("http://localhost:8080");
        assertThat(connection.token()).contains("spk_bootstrap");
        assertThat(connection.tokenSource()).contains("/home/me/.sparkplane/admin-token");
        assertThat(connection.workspace()).isEmpty();

        Connection elsewhere = resolve(ConnectionResolver.Flags.NONE, Map.of("SPARKPLANE_HOME", "/srv/sp"), ConfigFile.empty());
        assertThat(elsewhere.token()).contains("spk_srv");
    }

    @Test
    void theDefaultProfileComesBeforeTheDefaults() {
        Connection connection = resolve(ConnectionResolver.Flags.NONE, Map.of(), FILE);
        assertThat(connection.host()).hasToString("https://prod.example.com");
        assertThat(connection.token()).contains("spk_prod");
        assertThat(connection.workspace()).contains("analytics");
    }

    @Test
    void environmentComesBeforeTheProfileAndFlagsBeforeBoth() {
        Map<String, String> environment = Map.of("SPARKPLANE_PROFILE", "staging", "SPARKPLANE_WORKSPACE", "etl");
        Connection fromEnvironment = resolve(ConnectionResolver.Flags.NONE, environment, FILE);
        assertThat(fromEnvironment.host()).hasToString("https://staging.example.com");
        assertThat(fromEnvironment.token()).contains("spk_staging");
        assertThat(fromEnvironment.workspace()).contains("etl");

        Connection fromFlags = resolve(new ConnectionResolver.Flags(Optional.empty(), Optional.of("default"), Optional.of("adhoc")), environment, FILE);
        assertThat(fromFlags.host()).hasToString("https://prod.example.com");
        assertThat(fromFlags.workspace()).contains("adhoc");

        Connection token = resolve(ConnectionResolver.Flags.NONE, Map.of("SPARKPLANE_TOKEN", "spk_env", "SPARKPLANE_HOST", "sp.internal:8080"), FILE);
        assertThat(token.host()).hasToString("http://sp.internal:8080");
        assertThat(token.token()).contains("spk_env");
        assertThat(token.tokenSource()).isEqualTo("SPARKPLANE_TOKEN");
    }

    @Test
    void aProfilesTokenNeverGoesToAnotherHost() {
        Connection other = resolve(new ConnectionResolver.Flags(Optional.of("https://evil.example.com"), Optional.empty(), Optional.empty()), Map.of(), FILE);
        assertThat(other.token()).isEmpty();
        assertThat(other.tokenSource()).startsWith("nowhere");
        Connection local = resolve(new ConnectionResolver.Flags(Optional.of("127.0.0.1:8080"), Optional.empty(), Optional.empty()), Map.of(), FILE);
        assertThat(local.token()).as("a control plane on this machine gets its own bootstrap token").contains("spk_bootstrap");
    }

    @Test
    void aProfileWithoutAHostIsAProfileOfTheDefaultHost() {
        ConfigFile hostless = ConfigFile.parse(List.of("[default]", "token = spk_hostless"), "config");
        assertThat(resolve(ConnectionResolver.Flags.NONE, Map.of(), hostless).token()).contains("spk_hostless");
        assertThat(resolve(new ConnectionResolver.Flags(Optional.of("https://other.example.com"), Optional.empty(), Optional.empty()), Map.of(),
                hostless).token()).isEmpty();
    }

    @Test
    void aMangledTokenIsRefusedWithoutBeingShown() {
        for (String token : List.of("spk_a\nb", "spk_a b", "spk_\u0000")) {
            assertThatThrownBy(() -> resolve(ConnectionResolver.Flags.NONE, Map.of("SPARKPLANE_TOKEN", token), ConfigFile.empty()))
                    .isInstanceOf(CliException.class).hasMessageContaining("SPARKPLANE_TOKEN").hasMessageNotContaining("spk_a");
        }
    }

    @Test
    void theBootstrapTokenIsOnlyForThisMachine() {
        for (String host : List.of("http://localhost:9000", "http://127.0.0.1:8080", "http://[::1]:8080")) {
            assertThat(resolve(new ConnectionResolver.Flags(Optional.of(host), Optional.empty(), Optional.empty()), Map.of(), ConfigFile.empty())
                    .token()).as(host).contains("spk_bootstrap");
        }
        for (String host : List.of("http://sparkplane:8080", "https://10.0.0.5", "http://localhost.example.com")) {
            assertThat(resolve(new ConnectionResolver.Flags(Optional.of(host), Optional.empty(), Optional.empty()), Map.of(), ConfigFile.empty())
                    .token()).as(host).isEmpty();
        }
    }

    @Test
    void namingAProfileThatIsNotThereIsAnError() {
        assertThatThrownBy(() -> resolve(new ConnectionResolver.Flags(Optional.empty(), Optional.of("qa"), Optional.empty()), Map.of(), FILE))
                .isInstanceOf(CliException.class).hasMessageContaining("no profile 'qa'").hasMessageContaining("default, staging");
    }

    @Test
    void hostsAreUrls() {
        assertThat(ConnectionResolver.host("sp.example.com/", "--host")).hasToString("http://sp.example.com");
        assertThat(ConnectionResolver.host("https://sp.example.com/base/", "--host")).hasToString("https://sp.example.com/base");
        for (String bad : List.of("ftp://sp", "http://", "https://sp.example.com?x=1", "::::")) {
            assertThatThrownBy(() -> ConnectionResolver.host(bad, "--host")).as(bad).isInstanceOf(CliException.class).hasMessageContaining("--host");
        }
    }

    @Test
    void theConnectionNeverPrintsItsToken() {
        assertThat(resolve(ConnectionResolver.Flags.NONE, Map.of(), FILE).toString()).doesNotContain("spk_prod");
    }
}
