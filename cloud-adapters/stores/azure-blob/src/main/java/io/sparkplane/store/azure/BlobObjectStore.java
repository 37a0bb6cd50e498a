package io.sparkplane.store.azure;

import static java.util.Objects.requireNonNull;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobItemProperties;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlockBlobItem;
import com.azure.storage.blob.models.DeleteSnapshotsOptionType;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlobDownloadToFileOptions;
import com.azure.storage.blob.options.BlobInputStreamOptions;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.azure.storage.blob.options.BlobUploadFromFileOptions;
import io.sparkplane.spi.storage.ExactLengthInputStream;
import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectInfo;
import io.sparkplane.spi.storage.ObjectStore;
import io.sparkplane.spi.storage.ObjectStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Azure Blob Storage (and ADLS Gen2 accounts, through their Blob endpoint) for
 * {@code abfss://container@account.dfs.core.windows.net/key} and
 * {@code wasbs://container@account.blob.core.windows.net/key} locations. Objects are block blobs;
 * files move as blocks or ranges in parallel.
 */
public final class BlobObjectStore implements ObjectStore {

    /** The metadata with which a hierarchical-namespace account marks a directory in a flat listing. */
    private static final String DIRECTORY_MARKER = "hdi_isfolder";
    /** Azure's largest page of a listing; fewer round trips for big prefixes. */
    private static final int LIST_PAGE_SIZE = 5000;

    private final BlobServiceClients clients;
    /** Uploads and downloads take the same settings in two classes of the same name, one per SDK package. */
    private final com.azure.storage.blob.models.ParallelTransferOptions uploadTransferOptions;
    private final com.azure.storage.common.ParallelTransferOptions downloadTransferOptions;
    private final int readBlockSize;

    public BlobObjectStore(BlobStoreSettings settings) {
        requireNonNull(settings, "settings is null");
        this.clients = new BlobServiceClients(settings);
        BlobTransferSettings transfer = settings.transfer();
        this.uploadTransferOptions = new com.azure.storage.blob.models.ParallelTransferOptions()
                .setBlockSizeLong(transfer.blockSizeBytes())
                .setMaxSingleUploadSizeLong(transfer.singleUploadLimitBytes())
                .setMaxConcurrency(transfer.maxConcurrency());
        this.downloadTransferOptions = new com.azure.storage.common.ParallelTransferOptions()
                .setBlockSizeLong(transfer.blockSizeBytes())
                .setMaxConcurrency(transfer.maxConcurrency());
        this.readBlockSize = (int) Math.min(transfer.blockSizeBytes(), Integer.MAX_VALUE);
    }

    @Override
    public Optional<ObjectInfo> stat(Location location) {
        BlobAddress address = BlobAddress.of(location);
        try {
            BlobProperties properties = blob(address).getProperties();
            if (isDirectory(properties.getMetadata())) {
                return Optional.empty();
            }
            return Optional.of(info(location, properties.getBlobSize(), properties.getLastModified(), properties.getETag()));
        } catch (RuntimeException e) {
            // a missing blob and a missing container both mean "no such object"
            if (BlobErrorMapper.isNotFound(e)) {
                return Optional.empty();
            }
            throw failure("stat", location, address, e);
        }
    }

    @Override
    public InputStream open(Location location) {
        BlobAddress address = BlobAddress.of(location);
        try {
            // reads block by block, each pinned to the blob's ETag at open: a concurrent overwrite fails the read
            return blob(address).openInputStream(new BlobInputStreamOptions().setBlockSize(readBlockSize));
        } catch (RuntimeException e) {
            throw failure("read", location, address, e);
        }
    }

    @Override
    public void download(Location location, Path target) {
        requireNonNull(target, "target is null");
        BlobAddress address = BlobAddress.of(location);
        Path absolute = target.toAbsolutePath();
        Path partial = null;
        try {
            // a sibling file moved over the target at the end: a failed download leaves the old file as it was
            partial = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".part");
            blob(address).downloadToFileWithResponse(new BlobDownloadToFileOptions(partial.toString())
                            .setParallelTransferOptions(downloadTransferOptions)
                            .setOpenOptions(Set.of(StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)),
                    null, Context.NONE);
            Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            throw failure("download", location, address, e);
        } finally {
            deleteQuietly(partial);
        }
    }

    @Override
    public ObjectInfo put(Location location, Path source) {
        requireNonNull(source, "source is null");
        BlobAddress address = BlobAddress.of(location);
        try {
            long size = Files.size(source);
            BlockBlobItem written = blob(address).uploadFromFileWithResponse(
                    new BlobUploadFromFileOptions(source.toString()).setParallelTransferOptions(uploadTransferOptions), null, Context.NONE)
                    .getValue();
            return info(location, size, written.getLastModified(), written.getETag());
        } catch (IOException | RuntimeException e) {
            throw failure("upload", location, address, e);
        }
    }

    @Override
    public ObjectInfo put(Location location, InputStream content, long length) {
        requireNonNull(content, "content is null");
        if (length < 0) {
            throw new IllegalArgumentException("length is negative");
        }
        BlobAddress address = BlobAddress.of(location);
        try {
            BlockBlobItem written = blob(address).uploadWithResponse(
                    new BlobParallelUploadOptions(BinaryData.fromStream(new ExactLengthInputStream(content, length), length)).setParallelTransferOptions(uploadTransferOptions),
                    null, Context.NONE).getValue();
            return info(location, length, written.getLastModified(), written.getETag());
        } catch (RuntimeException e) {
            throw failure("upload", location, address, e);
        }
    }

    @Override
    public List<ObjectInfo> list(Location prefix) {
        BlobAddress address = BlobAddress.of(prefix);
        try {
            BlobContainerClient container = container(address);
            ListBlobsOptions options = new ListBlobsOptions()
                    .setPrefix(address.blobName().isEmpty() ? null : address.blobName())
                    .setDetails(new BlobListDetails().setRetrieveMetadata(true))
                    .setMaxResultsPerPage(LIST_PAGE_SIZE);
            List<ObjectInfo> objects = new ArrayList<>();
            for (BlobItem item : container.listBlobs(options, null)) {
                if (isDirectory(item.getMetadata()) || !isAddressable(item.getName())) {
                    continue;
                }
                BlobItemProperties properties = item.getProperties();
                objects.add(info(new Location(prefix.scheme(), prefix.authority(), item.getName()),
                        properties.getContentLength(), properties.getLastModified(), properties.getETag()));
            }
            // the service orders by UTF-8 bytes; the SPI's key order is String order, which differs past U+FFFF
            objects.sort(Comparator.comparing(info -> info.location().key()));
            return objects;
        } catch (RuntimeException e) {
            throw failure("list", prefix, address, e);
        }
    }

    @Override
    public void delete(Location location) {
        BlobAddress address = BlobAddress.of(location);
        try {
            // a blob with snapshots cannot be deleted alone
            blob(address).deleteIfExistsWithResponse(DeleteSnapshotsOptionType.INCLUDE, null, null, Context.NONE);
        } catch (RuntimeException e) {
            throw failure("delete", location, address, e);
        }
    }

    /**
     * Whether blob metadata marks a directory: hierarchical-namespace (ADLS Gen2) accounts list
     * their directories as empty blobs, which are not objects.
     */
    static boolean isDirectory(Map<String, String> metadata) {
        return metadata != null && "true".equalsIgnoreCase(metadata.get(DIRECTORY_MARKER));
    }

    /**
     * Whether a blob name is a valid {@link Location} key. Names written by other tools may hold
     * empty, {@code .} or {@code ..} segments that no location can address; a listing leaves them out
     * rather than failing as a whole.
     */
    static boolean isAddressable(String blobName) {
        try {
            new Location("wasbs", "container@account.blob.core.windows.net", blobName);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private BlobContainerClient container(BlobAddress address) {
        return clients.forAccount(address.account()).getBlobContainerClient(address.container());
    }

    private BlobClient blob(BlobAddress address) {
        return container(address).getBlobClient(address.blobName());
    }

    private static ObjectInfo info(Location location, long size, OffsetDateTime lastModified, String etag) {
        return new ObjectInfo(location, size, lastModified.toInstant(), etag);
    }

    private ObjectStoreException failure(String operation, Location location, BlobAddress address, Exception e) {
        return BlobErrorMapper.toObjectStoreException(operation, location, clients.endpointFor(address.account()), e);
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a stray .part file next to the target is harmless; the download's own outcome matters
        }
    }
}
