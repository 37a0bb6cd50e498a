package io.sparkplane.controlplane.staging;

import io.sparkplane.controlplane.config.SparkplaneConfig;
import io.sparkplane.controlplane.problem.FieldError;
import io.sparkplane.controlplane.workspace.Workspace;
import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectInfo;
import io.sparkplane.spi.storage.ObjectStoreException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The code and files runs name: the rules for naming them in a workspace ({@link #parser}), the
 * submit-time check that named artifacts exist in its staging, and opening one for an engine that
 * fetches it.
 */
@ApplicationScoped
public class RunInputs {

    private static final Duration WEB_TIMEOUT = Duration.ofSeconds(30);

    /** An input's bytes; {@code length} is -1 when the source does not say. */
    public record Opened(InputStream content, long length) {}

    private final List<java.nio.file.Path> localRoots;
    private final ConfiguredObjectStores profiles;
    private final WebSources web = new WebSources(host -> PublicAddresses.check(host, PublicAddresses.DNS), Duration.ofSeconds(10), WEB_TIMEOUT);

    RunInputs(SparkplaneConfig config, ConfiguredObjectStores profiles) {
        this.localRoots = config.inputs().localRoots().orElse(List.of());
        this.profiles = profiles;
    }

    /** The rules for what the workspace's runs may name: its schemes, the control plane's local roots. */
    public RunInputParser parser(Workspace workspace) {
        return new RunInputParser(new HashSet<>(workspace.allowedSchemes()), localRoots, PublicAddresses.DNS);
    }

    /** A field error for each named artifact that is not in the workspace's staging (or cannot be checked). */
    public List<FieldError> missingArtifacts(Workspace workspace, Map<String, RunInput> inputs) {
        List<FieldError> errors = new ArrayList<>();
        inputs.forEach((field, input) -> {
            if (input instanceof RunInput.ArtifactInput artifact) {
                Location location = workspace.staging().artifact(artifact.hash());
                try {
                    if (profiles.profile(workspace.storeProfile()).stores().stat(location).isEmpty()) {
                        errors.add(new FieldError(field, "no artifact " + artifact.hash() + " in the staging of workspace '" + workspace.id()
                                + "': upload it there first (POST /api/v1/artifacts?workspace=" + workspace.id() + ")"));
                    }
                } catch (ObjectStoreException e) {
                    errors.add(new FieldError(field, "artifact " + artifact.hash() + " cannot be checked: " + e.getMessage()));
                }
            }
        });
        return errors;
    }

    /** A URL as logs and messages show it: without its query, which may be a presigned URL's or a SAS token's signature. */
    public static String printable(URI uri) {
        return uri.getRawQuery() == null ? uri.toString() : uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath() + "?...";
    }

    /** Where an input's bytes come from, as the user can look it up (a URL without its query). */
    public String source(Workspace workspace, RunInput input) {
        if (input instanceof RunInput.ArtifactInput artifact) {
            return workspace.staging().artifact(artifact.hash()).uri();
        } else if (input instanceof RunInput.StoreInput store) {
            return store.location().uri();
        } else if (input instanceof RunInput.WebInput web) {
            return printable(web.uri());
        }
        return ((RunInput.LocalInput) input).path().toUri().toString();
    }

    /**
     * Opens an input for an engine.
     *
     * @throws ObjectStoreException for a store or artifact that is missing, denied or unreachable
     * @throws InputUnavailableException for a web or local file that cannot be read
     */
    public Opened open(Workspace workspace, RunInput input) throws InputUnavailableException {
        if (input instanceof RunInput.ArtifactInput artifact) {
            Opened stored = open(workspace, workspace.staging().artifact(artifact.hash()));
            return new Opened(new VerifiedArtifactStream(stored.content(), artifact.hash()), stored.length());
        } else if (input instanceof RunInput.StoreInput store) {
            return open(workspace, store.location());
        } else if (input instanceof RunInput.WebInput webInput) {
            return open(webInput.uri());
        }
        var local = ((RunInput.LocalInput) input).path();
        try {
            return new Opened(Files.newInputStream(local), Files.size(local));
        } catch (IOException e) {
            throw new InputUnavailableException(local + " cannot be read: " + e.getMessage());
        }
    }

    /** Through the workspace's store profile: its staging and the objects its runs name are reached alike. */
    private Opened open(Workspace workspace, Location location) {
        ObjectStores stores = profiles.profile(workspace.storeProfile()).stores();
        Optional<ObjectInfo> info = stores.stat(location);
        if (info.isEmpty()) {
            throw new ObjectStoreException(ObjectStoreException.Kind.NOT_FOUND, location, location.uri() + " does not exist");
        }
        return new Opened(stores.open(location), info.get().size());
    }

    private Opened open(URI uri) throws InputUnavailableException {
        // checked again when fetched, and connected to the address checked: the name may resolve elsewhere than at submit
        try {
            WebSources.Fetched fetched = web.open(uri);
            return new Opened(fetched.content(), fetched.length());
        } catch (WebSources.RefusedException e) {
            throw new InputUnavailableException(printable(uri) + ": " + e.getMessage());
        } catch (IOException e) {
            throw new InputUnavailableException(printable(uri) + " cannot be fetched: " + e.getMessage());
        }
    }

    @PreDestroy
    void close() throws IOException {
        web.close();
    }

    /** A web or local input that cannot be read. */
    public static final class InputUnavailableException extends Exception {
        public InputUnavailableException(String message) {
            super(message);
        }
    }
}
