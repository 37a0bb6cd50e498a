package io.sparkplane.controlplane.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class BasicCredentialsTest {

    private static String basic(String userAndPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void thePasswordIsTakenWhateverTheUser() {
        assertThat(BasicCredentials.password(basic("livy:spk_secret"))).contains("spk_secret");
        assertThat(BasicCredentials.password(basic(":spk_secret"))).contains("spk_secret");
        assertThat(BasicCredentials.password("basic  " + Base64.getEncoder().encodeToString("u:p:q".getBytes(StandardCharsets.UTF_8))))
                .contains("p:q");
    }

    @Test
    void anythingElseIsNoCredentials() {
        assertThat(BasicCredentials.password(null)).isEmpty();
        assertThat(BasicCredentials.password("Bearer spk_secret")).isEmpty();
        assertThat(BasicCredentials.password("Basic !!!")).isEmpty();
        assertThat(BasicCredentials.password(basic("no-colon"))).isEmpty();
        assertThat(BasicCredentials.password(basic("user:"))).isEmpty();
        assertThat(BasicCredentials.password("Basic")).isEmpty();
    }
}
