package io.sparkplane.cli.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.cli.ApiCommand;
import io.sparkplane.cli.CliException;
import io.sparkplane.cli.ExitCode;
import io.sparkplane.cli.api.ApiClient;
import io.sparkplane.cli.api.ApiException;
import io.sparkplane.cli.api.Operation;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sparkplane login --host URL}: reads an API token from standard input (never from the
 * command line, where process lists and CI logs would show it), checks it against the control
 * plane, and stores it in a profile of {@code ~/.sparkplane/config} (0600).
 */
@Command(name = "login", description = {"Stores a profile: the control plane's URL (--host) and an API token, read from standard input,"
        + " in ~/.sparkplane/config (readable by you only). The token is checked first; a refused one is not stored.",
        "  echo \"$TOKEN\" | sparkplane login --host URL [--profile NAME] [--workspace ID]"})
public final class LoginCommand extends ApiCommand {

    @Option(names = {"-w", "--workspace"}, paramLabel = "ID", description = "The profile's default workspace.")
    String workspace;

    @Override
    public Integer call() {
        String profileName = Optional.ofNullable(top().profile()).or(() -> Optional.ofNullable(context().environment().get("SPARKPLANE_PROFILE"))
                .filter(value -> !value.isBlank())).orElse(ConnectionResolver.DEFAULT_PROFILE);
        Path configPath = context().configPath();
        ConfigFile config = ConfigFile.read(configPath);
        Profile existing = config.profile(profileName).orElse(Profile.EMPTY);
        String host = Optional.ofNullable(top().host())
                .or(() -> Optional.ofNullable(context().environment().get("SPARKPLANE_HOST")).filter(value -> !value.isBlank()))
                .or(existing::host)
                .orElse(ConnectionResolver.DEFAULT_HOST);
        String url = ConnectionResolver.host(host, "--host").toString();
        String token = readToken(url);

        Connection connection = new Connection(java.net.URI.create(url), Optional.of(token), "standard input",
                Optional.ofNullable(workspace).or(existing::workspace), profileName);
        ApiClient api = new ApiClient(connection, context().mapper(), context().version(), this::notice);
        String identity;
        try {
            identity = describe(api, token);
        } catch (ApiException e) {
            if (e.status() == 401) {
                throw new CliException(ExitCode.API_ERROR, "the control plane at " + url + " refused the token read from standard input"
                        + e.problem().map(problem -> " (" + problem.detail() + ")").orElse("") + "; nothing was stored");
            }
            throw e;
        }

        Profile profile = new Profile(Optional.of(url), Optional.of(token), Optional.ofNullable(workspace).or(existing::workspace));
        config.with(profileName, profile).write(configPath);
        notice("logged in to " + url + " as " + identity + "; profile '" + profileName + "' saved in " + configPath);
        return ExitCode.SUCCEEDED.code();
    }

    private String readToken(String url) {
        Console console = System.console();
        String token;
        if (console != null && context().in() == System.in) {
            char[] typed = console.readPassword("API token for %s: ", url);
            token = typed == null ? "" : new String(typed);
        } else {
            try {
                BufferedReader reader = new BufferedReader(new InputStreamReader(context().in(), StandardCharsets.UTF_8));
                token = Optional.ofNullable(reader.readLine()).orElse("");
            } catch (IOException e) {
                throw CliException.usage("cannot read the token from standard input: " + e.getMessage());
            }
        }
        token = token.strip();
        if (token.isEmpty() || token.chars().anyMatch(c -> c <= 0x20 || c >= 0x7f)) {
            throw CliException.usage("no token on standard input: pipe it in, as in: echo \"$SPARKPLANE_TOKEN\" | sparkplane login --host " + url);
        }
        return token;
    }

    /** Who the token is, checked against the control plane: an unknown token ends the login (401, exit 6). */
    private static String describe(ApiClient api, String token) {
        JsonNode tokens = api.request(Operation.LIST_TOKENS).call();
        for (JsonNode item : tokens.path("items")) {
            String prefix = item.path("prefix").asText();
            if (!prefix.isEmpty() && token.startsWith(prefix)) {
                String role = item.path("role").asText();
                StringBuilder text = new StringBuilder("token '").append(item.path("name").asText()).append("' (").append(role);
                if (!role.equals("admin")) {
                    text.append(" in ");
                    item.path("workspaces").forEach(id -> text.append(id.asText()).append(' '));
                    text.setLength(text.length() - 1);
                }
                return text.append(')').toString();
            }
        }
        return "an identity the control plane accepts";
    }
}
