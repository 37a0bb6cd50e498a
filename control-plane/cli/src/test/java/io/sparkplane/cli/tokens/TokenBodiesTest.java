package io.sparkplane.cli.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkplane.api.contract.OpenApiContract;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The body tokens create sends is one the contract takes. */
class TokenBodiesTest {

    @Test
    void createTakesEveryOption() throws Exception {
        TokensCommand.Create create = new TokensCommand.Create();
        new CommandLine(create).parseArgs("--name", "ci", "--role", "editor", "--workspace", "analytics,etl", "-w", "adhoc",
                "--expires-in", "30d", "--description", "the nightly pipeline");
        OpenApiContract.load().assertRequestBody("POST", "/api/v1/tokens", new ObjectMapper().writeValueAsString(create.body()));
        assertThat(create.body().path("workspaces").size()).isEqualTo(3);
        assertThat(create.body().path("expiresInSeconds").asLong()).isEqualTo(2_592_000);
    }
}
