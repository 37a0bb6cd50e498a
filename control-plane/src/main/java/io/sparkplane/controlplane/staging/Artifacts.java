package io.sparkplane.controlplane.staging;

import io.sparkplane.controlplane.upload.ReceivedFile;
import io.sparkplane.controlplane.workspace.Workspace;
import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectInfo;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Content-addressed files in a workspace's staging ({@code artifacts/sha256/<hash>}), written once:
 * the same bytes uploaded again are found by their hash and not stored again.
 */
@ApplicationScoped
public class Artifacts {

    private static final Logger LOG = Logger.getLogger(Artifacts.class);

    /**
     * An artifact in staging.
     *
     * @param created whether this upload stored it
     * @param storedBytes what this upload added to staging: 0 when the bytes were there already
     */
    public record StoredArtifact(ArtifactHash sha256, long size, Location location, boolean created, long storedBytes) {}

    private final ConfiguredObjectStores profiles;

    Artifacts(ConfiguredObjectStores profiles) {
        this.profiles = profiles;
    }

    /** Stores a received file under its hash in the workspace's staging, unless an object of that hash and size is there already. */
    public StoredArtifact store(Workspace workspace, ReceivedFile file) {
        Location location = workspace.staging().artifact(file.sha256());
        ObjectStores stores = profiles.profile(workspace.storeProfile()).stores();
        Optional<ObjectInfo> existing = stores.stat(location);
        if (existing.isPresent() && existing.get().size() == file.size()) {
            LOG.infof("artifact %s (%d bytes) is in staging already", file.sha256(), file.size());
            return new StoredArtifact(file.sha256(), file.size(), location, false, 0);
        }
        stores.put(location, file.path());
        LOG.infof("artifact %s (%d bytes) stored at %s", file.sha256(), file.size(), location.uri());
        return new StoredArtifact(file.sha256(), file.size(), location, true, file.size());
    }

    /** The bytes of an artifact found in the workspace's staging; the caller closes the stream. */
    public java.io.InputStream open(Workspace workspace, StoredArtifact artifact) {
        return profiles.profile(workspace.storeProfile()).stores().open(artifact.location());
    }

    public Optional<StoredArtifact> find(Workspace workspace, ArtifactHash hash) {
        Location location = workspace.staging().artifact(hash);
        return profiles.profile(workspace.storeProfile()).stores().stat(location).map(info -> new StoredArtifact(hash, info.size(), location, false, 0));
    }
}
