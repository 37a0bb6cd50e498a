package io.sparkplane.controlplane.staging;

import static java.util.Objects.requireNonNull;

import io.sparkplane.spi.storage.Location;
import java.net.URI;
import java.nio.file.Path;

/**
 * One file a run names (its entrypoint, a pyFile, jar, file or archive), parsed by
 * {@link RunInputParser}. Every kind but {@link LocalInput} is fetched by the engine through the
 * internal engine API; {@link #fileName()} is the name it gets in the engine's work directory.
 */
public sealed interface RunInput {

    String fileName();

    /** {@code artifact:sha256:<hex>/<fileName>}: an uploaded artifact, under the name the job needs (job.py, deps.zip). */
    record ArtifactInput(ArtifactHash hash, String fileName) implements RunInput {
        public ArtifactInput {
            requireNonNull(hash, "hash is null");
            requireNonNull(fileName, "fileName is null");
        }
    }

    /** An object in S3, GCS or Azure Blob. */
    record StoreInput(Location location) implements RunInput {
        public StoreInput {
            requireNonNull(location, "location is null");
        }

        @Override
        public String fileName() {
            return location.name();
        }
    }

    /** A file served over HTTPS (or HTTP where allowed) by a public host. */
    record WebInput(URI uri) implements RunInput {
        public WebInput {
            requireNonNull(uri, "uri is null");
        }

        @Override
        public String fileName() {
            String path = uri.getPath();
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    /** Development only: a file on the engine's machine, under an allowed root. */
    record LocalInput(Path path) implements RunInput {
        public LocalInput {
            requireNonNull(path, "path is null");
        }

        @Override
        public String fileName() {
            return path.getFileName().toString();
        }
    }
}
