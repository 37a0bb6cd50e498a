package io.sparkplane.store.file;

import io.sparkplane.spi.settings.Setting;
import io.sparkplane.spi.settings.Settings;
import io.sparkplane.spi.storage.ObjectStore;
import io.sparkplane.spi.storage.ObjectStoreFactory;
import io.sparkplane.spi.storage.StoreContext;
import java.util.List;
import java.util.Set;

/**
 * The {@code file} store ({@code file://}): the control plane's own disk, under the roots the
 * control plane gives it ({@link StoreContext#localRoots()}). It has no settings; jobs reach
 * {@code file:} paths with Spark's own local file system.
 */
public final class FileStoreFactory implements ObjectStoreFactory<FileStoreFactory.Configuration> {

    /** Nothing to configure. */
    public record Configuration() {}

    @Override
    public String name() {
        return "file";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("file");
    }

    @Override
    public List<Setting> settings() {
        return List.of();
    }

    @Override
    public Configuration configure(Settings settings) {
        return new Configuration();
    }

    @Override
    public ObjectStore create(Configuration configuration, StoreContext context) {
        return new FileObjectStore(context.localRoots());
    }
}
