package io.sparkplane.controlplane.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.controlplane.config.SparkplaneConfig;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConsoleSignInTest {

    private record Settings(boolean enabled, Optional<String> issuer, Optional<String> consoleClientId, String consoleBearer)
            implements SparkplaneConfig.Oidc {
        @Override
        public Optional<List<String>> audience() {
            return Optional.empty();
        }

        @Override
        public String groupsClaim() {
            return "groups";
        }

        @Override
        public Optional<List<String>> groupRoles() {
            return Optional.empty();
        }

        @Override
        public String consoleScopes() {
            return "openid profile";
        }
    }

    @Test
    void withoutAConsoleClientOnlyTokensAndOnlyThisOrigin() {
        ConsoleSignIn signIn = ConsoleSignIn.of(new Settings(true, Optional.of("https://login.example.com/realms/data"), Optional.empty(), "access-token"));
        assertThat(signIn.oidc()).isEmpty();
        assertThat(signIn.contentSecurityPolicy()).contains("connect-src 'self';").contains("default-src 'none'").doesNotContain("example");
    }

    @Test
    void withAConsoleClientThePageMayCallTheIssuersOriginOnly() {
        ConsoleSignIn signIn = ConsoleSignIn.of(new Settings(true, Optional.of("https://login.example.com:8443/realms/data"), Optional.of("sparkplane-console"), "id-token"));
        assertThat(signIn.oidc()).get().satisfies(oidc -> {
            assertThat(oidc.clientId()).isEqualTo("sparkplane-console");
            assertThat(oidc.bearer()).isEqualTo("id-token");
            assertThat(oidc.origin()).isEqualTo("https://login.example.com:8443");
        });
        assertThat(signIn.contentSecurityPolicy()).contains("connect-src 'self' https://login.example.com:8443;")
                .contains("script-src 'self';").doesNotContain("unsafe");
    }

    @Test
    void aConsoleClientNeedsOidcAndAKnownBearer() {
        assertThatThrownBy(() -> ConsoleSignIn.of(new Settings(false, Optional.of("https://login.example.com"), Optional.of("c"), "access-token")))
                .hasMessageContaining("sparkplane.auth.oidc.enabled=true");
        assertThatThrownBy(() -> ConsoleSignIn.of(new Settings(true, Optional.of("https://login.example.com"), Optional.of("c"), "refresh-token")))
                .hasMessageContaining("access-token or id-token");
        assertThatThrownBy(() -> ConsoleSignIn.of(new Settings(true, Optional.of("login.example.com"), Optional.of("c"), "access-token")))
                .hasMessageContaining("http(s) URL");
    }
}
