package io.sparkplane.controlplane.version;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code GET /api/v1/version}: the control plane's version, which clients (the CLI's {@code --version})
 * show beside their own. Open, like the health checks: it names a build, nothing of anyone's.
 */
@Path("/api/v1/version")
public class VersionResource {

    public record VersionView(String version) {}

    private final String version;

    VersionResource(@ConfigProperty(name = "quarkus.application.version") String version) {
        this.version = version;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public VersionView get() {
        return new VersionView(version);
    }
}
