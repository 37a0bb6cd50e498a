package io.sparkplane.store.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectStore;
import io.sparkplane.spi.storage.ObjectStoreException;
import io.sparkplane.testkit.ObjectStoreContract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The object store contract on this machine's file system, plus the file store's own rules. */
class FileObjectStoreTest extends ObjectStoreContract {

    private Path root;
    private FileObjectStore store;

    @BeforeEach
    void createRoot() throws Exception {
        root = Files.createDirectories(temporary.resolve("staging"));
        store = new FileObjectStore(List.of(root, temporary.resolve("absent-root")));
    }

    @Override
    protected ObjectStore store() {
        return store;
    }

    @Override
    protected Location root() {
        return Location.parse(root.toUri().toString());
    }

    @Override
    protected Location inMissingContainer() {
        return Location.parse(temporary.resolve("absent-root").resolve("object.txt").toUri().toString());
    }

    @Test
    void locationsOutsideTheRootsAreRefused() {
        Location outside = Location.parse("file:///etc/passwd");

        assertThatThrownBy(() -> store.stat(outside)).isInstanceOfSatisfying(ObjectStoreException.class,
                e -> assertThat(e.kind()).isEqualTo(ObjectStoreException.Kind.ACCESS_DENIED));
        assertThatThrownBy(() -> store.put(outside, bytes("x"), 1)).isInstanceOf(ObjectStoreException.class);
    }

    @Test
    void aShortStreamLeavesNothingBehind() {
        Location location = root().resolve("short.bin");

        assertThatThrownBy(() -> store.put(location, bytes("abc"), 10)).isInstanceOfSatisfying(ObjectStoreException.class,
                e -> assertThat(e.getMessage()).contains("3 of 10 bytes"));
        assertThat(store.stat(location)).isEmpty();
        assertThat(store.list(root())).isEmpty();
    }
}
