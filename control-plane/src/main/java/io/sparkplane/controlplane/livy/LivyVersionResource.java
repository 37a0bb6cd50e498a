package io.sparkplane.controlplane.livy;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Livy's {@code GET /version}, which Livy's clients ask before they pick request shapes (the Python
 * client, for the session kinds of Livy before 0.5): the Livy release whose API this one follows,
 * and the control plane's own version beside it.
 */
@Path("/livy/version")
public class LivyVersionResource {

    /** The Livy release whose batch API {@link LivyBatchResource} follows. */
    static final String LIVY_API_VERSION = "0.8.0-incubating";

    public record Version(String version, String sparkplaneVersion) {}

    private final String sparkplaneVersion;

    LivyVersionResource(@ConfigProperty(name = "quarkus.application.version") String sparkplaneVersion) {
        this.sparkplaneVersion = sparkplaneVersion;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Version get() {
        return new Version(LIVY_API_VERSION, sparkplaneVersion);
    }
}
