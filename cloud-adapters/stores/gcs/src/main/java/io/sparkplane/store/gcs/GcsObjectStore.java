package io.sparkplane.store.gcs;

import static java.util.Objects.requireNonNull;

import com.google.api.gax.paging.Page;
import com.google.cloud.ReadChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.BlobInfo;
import com.google.cloud.storage.BlobWriteSession;
import com.google.cloud.storage.Storage.BlobListOption;
import com.google.cloud.storage.Storage;
import io.sparkplane.spi.storage.ExactLengthInputStream;
import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectInfo;
import io.sparkplane.spi.storage.ObjectStore;
import io.sparkplane.spi.storage.ObjectStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/**
 * {@code gs://bucket/key} locations in Google Cloud Storage, through the SDK's JSON API client.
 *
 * <ul>
 *   <li>put: content up to {@link GcsStoreSettings#uploadChunkBytes()} in one request; a larger file
 *       as a resumable upload of the whole file; a larger stream as a resumable upload in chunks of
 *       that size. The SDK resumes either after a dropped request.
 *   <li>open, download: read through the SDK's {@code ReadChannel} (resumed at the current offset
 *       after a dropped connection), pinned to the generation found when opening, so a concurrent
 *       replace never mixes two versions. A download larger than {@link
 *       GcsStoreSettings#downloadPartBytes()} is split into ranged reads run in parallel.
 *   <li>put is one stream: Cloud Storage's parallel alternative (composite uploads) leaves objects
 *       without an MD5 and needs rights to delete the parts, so it is not used.
 *   <li>list: pages of {@link GcsStoreSettings#listPageSize()}, in the service's (lexicographic) order.
 * </ul>
 *
 * Retries of transient failures are the SDK's, configured by {@link GcsStoreSettings}.
 */
public final class GcsObjectStore implements ObjectStore {

    public static final String SCHEME = "gs";

    private final Storage storage;
    private final GcsStoreSettings settings;

    public GcsObjectStore(GcsStoreSettings settings) {
        this(GcsStorageFactory.create(requireNonNull(settings, "settings is null")), settings);
    }

    /**
     * Over a client built elsewhere; {@code settings} then supply only the single-request limit and
     * the page and download part sizes (the chunk size of stream uploads is the client's).
     */
    public GcsObjectStore(Storage storage, GcsStoreSettings settings) {
        this.storage = requireNonNull(storage, "storage is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    @Override
    public Optional<ObjectInfo> stat(Location location) {
        requireGs(location);
        if (location.key().isEmpty()) {
            return Optional.empty(); // the bucket itself is no object
        }
        try {
            // a missing bucket is a null here too, as a missing object: neither has the object
            return Optional.ofNullable(storage.get(BlobId.of(location.authority(), location.key()))).map(GcsObjectStore::info);
        } catch (RuntimeException e) {
            throw GcsErrorMapping.toObjectStoreException("look up", location, e);
        }
    }

    @Override
    public InputStream open(Location location) {
        Blob blob = existing(location, "read");
        try {
            ReadChannel reader = storage.reader(blob.getBlobId());
            return new GcsObjectInputStream(Channels.newInputStream(reader), location);
        } catch (RuntimeException e) {
            throw GcsErrorMapping.toObjectStoreException("read", location, e);
        }
    }

    @Override
    public void download(Location location, Path target) {
        requireNonNull(target, "target is null");
        Blob blob = existing(location, "download");
        Path partial = null;
        try {
            Path directory = target.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            // written beside the target and renamed over it, so a failed download leaves the old file whole
            partial = Files.createTempFile(directory, "." + target.getFileName() + ".", ".part");
            if (blob.getSize() == null || blob.getSize() <= settings.downloadPartBytes()) {
                storage.downloadTo(blob.getBlobId(), partial);
            } else {
                new GcsRangedDownload(storage, blob.getBlobId(), blob.getSize(), settings.downloadPartBytes(),
                        settings.downloadParallelism()).into(partial);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            throw GcsErrorMapping.toObjectStoreException("download", location, e);
        } finally {
            deleteQuietly(partial);
        }
    }

    @Override
    public ObjectInfo put(Location location, Path source) {
        requireNonNull(source, "source is null");
        BlobInfo target = BlobInfo.newBuilder(objectId(location)).build();
        try {
            long size = Files.size(source);
            Blob blob = size <= settings.uploadChunkBytes()
                    ? storage.create(target, Files.readAllBytes(source))
                    : storage.createFrom(target, source, settings.uploadChunkBytes());
            return info(blob);
        } catch (IOException | RuntimeException e) {
            throw GcsErrorMapping.toObjectStoreException("upload to", location, e);
        }
    }

    @Override
    public ObjectInfo put(Location location, InputStream content, long length) {
        requireNonNull(content, "content is null");
        if (length < 0) {
            throw new IllegalArgumentException("length is negative");
        }
        BlobInfo target = BlobInfo.newBuilder(objectId(location)).build();
        try {
            InputStream exact = new ExactLengthInputStream(content, length);
            BlobInfo written = length <= settings.uploadChunkBytes()
                    ? storage.create(target, exact.readAllBytes())
                    : uploadResumably(target, exact);
            return info(written);
        } catch (IOException | RuntimeException e) {
            throw GcsErrorMapping.toObjectStoreException("upload to", location, e);
        } catch (ExecutionException e) {
            throw GcsErrorMapping.toObjectStoreException("upload to", location, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw GcsErrorMapping.toObjectStoreException("upload to", location, e);
        }
    }

    /**
     * Streams {@code content} as a resumable upload. Not {@code Storage.createFrom}: it closes its
     * channel even when the content fails midway, and closing finalizes the upload, so a broken
     * stream would replace the object with its first part. Here a failure leaves the session
     * unclosed, and the service discards it.
     */
    private BlobInfo uploadResumably(BlobInfo target, InputStream content)
            throws IOException, ExecutionException, InterruptedException {
        BlobWriteSession session = storage.blobWriteSession(target);
        WritableByteChannel channel = session.open();
        content.transferTo(Channels.newOutputStream(channel));
        channel.close();
        return session.getResult().get();
    }

    @Override
    public List<ObjectInfo> list(Location prefix) {
        requireGs(prefix);
        List<ObjectInfo> objects = new ArrayList<>();
        try {
            BlobListOption pageSize = BlobListOption.pageSize(settings.listPageSize());
            Page<Blob> first = prefix.key().isEmpty()
                    ? storage.list(prefix.authority(), pageSize)
                    : storage.list(prefix.authority(), pageSize, BlobListOption.prefix(prefix.key()));
            // iterateAll asks for the next page (nextPageToken) as the previous one runs out
            for (Blob blob : first.iterateAll()) {
                objects.add(info(blob));
            }
        } catch (RuntimeException e) {
            throw GcsErrorMapping.toObjectStoreException("list", prefix, e);
        }
        return objects;
    }

    @Override
    public void delete(Location location) {
        BlobId id = objectId(location);
        try {
            storage.delete(id); // false when there was nothing to delete, which is fine
        } catch (RuntimeException e) {
            throw GcsErrorMapping.toObjectStoreException("delete", location, e);
        }
    }

    @Override
    public void close() {
        try {
            storage.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing the GCS client failed: " + e.getMessage(), e);
        }
    }

    private Blob existing(Location location, String action) {
        BlobId id = objectId(location);
        Blob blob;
        try {
            blob = storage.get(id);
        } catch (RuntimeException e) {
            throw GcsErrorMapping.toObjectStoreException(action, location, e);
        }
        if (blob == null) {
            throw new ObjectStoreException(ObjectStoreException.Kind.NOT_FOUND, location,
                    "cannot " + action + " " + location.uri() + ": no such object or bucket (404 notFound)");
        }
        return blob;
    }

    private static BlobId objectId(Location location) {
        requireGs(location);
        if (location.key().isEmpty() || location.key().endsWith("/")) {
            throw new ObjectStoreException(ObjectStoreException.Kind.FAILED, location,
                    location.uri() + " names a bucket or a prefix, not an object");
        }
        return BlobId.of(location.authority(), location.key());
    }

    private static void requireGs(Location location) {
        requireNonNull(location, "location is null");
        if (!SCHEME.equals(location.scheme())) {
            throw new ObjectStoreException(ObjectStoreException.Kind.FAILED, location,
                    "the Cloud Storage store serves gs:// locations, not " + location.uri());
        }
    }

    private static ObjectInfo info(BlobInfo blob) {
        OffsetDateTime modified = blob.getUpdateTimeOffsetDateTime() != null
                ? blob.getUpdateTimeOffsetDateTime()
                : blob.getCreateTimeOffsetDateTime();
        return new ObjectInfo(
                new Location(SCHEME, blob.getBucket(), blob.getName()),
                blob.getSize() == null ? 0 : blob.getSize(),
                modified == null ? Instant.EPOCH : modified.toInstant(),
                blob.getEtag());
    }

    private static void deleteQuietly(Path partial) {
        if (partial == null) {
            return;
        }
        try {
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            // a leftover hidden .part file is harmless; the download's own outcome is what matters
        }
    }
}
