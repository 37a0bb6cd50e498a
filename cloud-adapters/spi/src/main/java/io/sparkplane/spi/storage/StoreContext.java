package io.sparkplane.spi.storage;

import java.nio.file.Path;
import java.util.List;

/**
 * What the control plane gives every store it creates.
 *
 * @param localRoots the directories on the control plane's own disk a store may reach ({@code file://}):
 *     the staging directory when staging is local, and the development input roots
 */
public record StoreContext(List<Path> localRoots) {

    public StoreContext {
        localRoots = List.copyOf(localRoots);
    }
}
