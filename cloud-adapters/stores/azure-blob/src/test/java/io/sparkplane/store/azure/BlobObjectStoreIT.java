package io.sparkplane.store.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.storage.blob.models.BlockListType;
import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectInfo;
import io.sparkplane.spi.storage.ObjectStore;
import io.sparkplane.spi.storage.ObjectStoreException;
import io.sparkplane.testkit.ObjectStoreContract;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@link ObjectStore} contract for {@link BlobObjectStore} against Azurite, Microsoft's
 * emulator of Azure Storage, started from this module's {@code node_modules}: through
 * {@code abfss://} locations here, through {@code wasbs://} in {@link ThroughWasbs}.
 */
@ExtendWith(AzuriteExtension.class)
class BlobObjectStoreIT extends ObjectStoreContract {

    private static final String CONTAINER = "contract";

    private static AzuritePeer azurite;
    private static BlobObjectStore store;

    @BeforeAll
    static void connect(AzuritePeer peer) {
        azurite = peer;
        azurite.createContainer(CONTAINER);
        store = new BlobObjectStore(peer.settings());
    }

    @Override
    protected ObjectStore store() {
        return store;
    }

    @Override
    protected Location root() {
        return Location.parse("abfss://" + CONTAINER + "@" + AzuritePeer.ACCOUNT + ".dfs.core.windows.net/");
    }

    @Override
    protected Location inMissingContainer() {
        return Location.parse("abfss://no-such-container@" + AzuritePeer.ACCOUNT + ".dfs.core.windows.net/x/y.txt");
    }

    @Test
    void aLargeFileIsStoredAsSeveralBlocks() throws Exception {
        Path source = randomFile("blocks.bin", LARGE_BYTES, 7);
        Location location = at("blocks.bin");

        store.put(location, source);

        long blocks = azurite.serviceClient().getBlobContainerClient(CONTAINER).getBlobClient(location.key())
                .getBlockBlobClient().listBlocks(BlockListType.COMMITTED).getCommittedBlocks().size();
        // 8 MiB blocks by default: 24 MiB and a bit is four blocks
        assertThat(blocks).isEqualTo(4);
    }

    @Test
    void anObjectWrittenThroughAbfssIsTheSameObjectThroughWasbs() throws Exception {
        Location abfss = at("both/forms.txt");
        Location wasbs = asWasbs(abfss);
        store.put(abfss, bytes("one object"), 10);

        assertThat(store.stat(wasbs)).hasValueSatisfying(info -> assertThat(info.size()).isEqualTo(10));
        try (InputStream in = store.open(wasbs)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("one object");
        }
        assertThat(store.list(asWasbs(at("both/")))).extracting(ObjectInfo::location).containsExactly(wasbs);
    }

    private static Location asWasbs(Location abfss) {
        return new Location("wasbs", abfss.authority().replace(".dfs.", ".blob."), abfss.key());
    }

    @Test
    void putStoresExactlyLengthBytesOfALongerStream() throws Exception {
        Location location = at("prefix-of-stream.txt");

        ObjectInfo written = store.put(location, bytes("0123456789"), 4);

        assertThat(written.size()).isEqualTo(4);
        try (InputStream in = store.open(location)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("0123");
        }
    }

    @Test
    void aStreamShorterThanItsLengthFailsAndStoresNothing() {
        Location location = at("short-stream.txt");

        assertThatThrownBy(() -> store.put(location, new ByteArrayInputStream(new byte[3]), 10))
                .isInstanceOfSatisfying(ObjectStoreException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ObjectStoreException.Kind.FAILED);
                    assertThat(e.getMessage()).contains(location.uri()).contains("the content ended after 3 of 10 bytes");
                });
        assertThat(store.stat(location)).isEmpty();
    }

    @Test
    void aMissingContainerCannotBeListed() {
        Location prefix = Location.parse("wasbs://no-such-container@" + AzuritePeer.ACCOUNT + ".blob.core.windows.net/logs/");

        assertThatThrownBy(() -> store.list(prefix))
                .isInstanceOfSatisfying(ObjectStoreException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ObjectStoreException.Kind.NOT_FOUND);
                    assertThat(e.getMessage()).contains(prefix.uri()).contains("ContainerNotFound");
                });
    }

    /** The same contract through {@code wasbs://container@account.blob.core.windows.net} locations. */
    @Nested
    class ThroughWasbs extends ObjectStoreContract {

        @Override
        protected ObjectStore store() {
            return store;
        }

        @Override
        protected Location root() {
            return Location.parse("wasbs://" + CONTAINER + "@" + AzuritePeer.ACCOUNT + ".blob.core.windows.net/wasbs-" + UUID.randomUUID() + "/");
        }

        @Override
        protected Location inMissingContainer() {
            return Location.parse("wasbs://no-such-container@" + AzuritePeer.ACCOUNT + ".blob.core.windows.net/x/y.txt");
        }
    }
}
