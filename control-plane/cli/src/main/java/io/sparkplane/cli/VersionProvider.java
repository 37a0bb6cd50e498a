package io.sparkplane.cli;

import io.sparkplane.cli.api.ApiClient;
import io.sparkplane.cli.api.ApiException;
import io.sparkplane.cli.api.Operation;
import io.sparkplane.cli.config.Connection;
import java.util.Optional;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the CLI's version, and the version of the control plane it would talk to. */
final class VersionProvider implements IVersionProvider {

    private final TopCommand top;

    VersionProvider(TopCommand top) {
        this.top = top;
    }

    @Override
    public String[] getVersion() {
        CliContext context = top.context();
        String cli = "sparkplane CLI " + context.version() + " (Java " + Runtime.version() + ")";
        String server;
        try {
            Connection connection = ApiCommand.resolve(top, Optional.empty());
            try {
                String version = new ApiClient(connection, context.mapper(), context.version(), line -> {})
                        .request(Operation.GET_VERSION).once().call().path("version").asText();
                server = "control plane " + version + " at " + connection.host();
            } catch (ApiException e) {
                server = "control plane at " + connection.host() + ": version unknown (" + e.getMessage() + ")";
            }
        } catch (CliException e) {
            server = "control plane: version unknown (" + e.getMessage() + ")";
        }
        return new String[] {cli, server};
    }
}
