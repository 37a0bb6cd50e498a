package io.sparkplane.cli.config;

import java.net.URI;
import java.util.Optional;

/**
 * Where the CLI talks to and as whom, once flags, environment, profile and defaults are weighed
 * ({@link ConnectionResolver}).
 *
 * @param host        the control plane's base URL, without a trailing slash
 * @param token       the bearer token, if any
 * @param tokenSource where the token came from, for messages (never the token itself)
 * @param workspace   the default workspace of commands that take one, if any
 * @param profile     the profile that was read
 */
public record Connection(URI host, Optional<String> token, String tokenSource, Optional<String> workspace, String profile) {

    @Override
    public String toString() {
        // a token never reaches a log or message through this record
        return "Connection[host=" + host + ", token from " + tokenSource + ", workspace=" + workspace.orElse("-") + ", profile=" + profile + "]";
    }
}
