package io.sparkplane.store.file;

import static java.util.Objects.requireNonNull;

import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectInfo;
import io.sparkplane.spi.storage.ObjectStore;
import io.sparkplane.spi.storage.ObjectStoreException.Kind;
import io.sparkplane.spi.storage.ObjectStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * {@code file://} locations on this machine's file system, allowed only under configured root
 * directories (the staging directory, a data directory): a location elsewhere is refused as
 * {@code ACCESS_DENIED}, and a root that does not exist plays the part of a missing bucket. Writes
 * go to a temporary file beside the target and are moved into place, so a reader never sees half
 * an object.
 */
public final class FileObjectStore implements ObjectStore {

    private final List<Path> roots;

    /** @param roots absolute directories under which locations are served */
    public FileObjectStore(List<Path> roots) {
        this.roots = requireNonNull(roots, "roots is null").stream().map(root -> root.toAbsolutePath().normalize()).toList();
        if (this.roots.isEmpty()) {
            throw new IllegalArgumentException("a file store needs at least one root directory");
        }
    }

    @Override
    public Optional<ObjectInfo> stat(Location location) {
        Path path = path(location);
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            return attributes.isRegularFile() ? Optional.of(info(location, attributes)) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw failure(location, "cannot read", e);
        }
    }

    @Override
    public InputStream open(Location location) {
        Path path = path(location);
        if (!Files.isRegularFile(path)) {
            throw notFound(location);
        }
        try {
            return Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw notFound(location);
        } catch (IOException e) {
            throw failure(location, "cannot open", e);
        }
    }

    @Override
    public void download(Location location, Path target) {
        Path path = path(location);
        if (!Files.isRegularFile(path)) {
            throw notFound(location);
        }
        try {
            // a file-to-file copy lets the kernel move the bytes (copy_file_range) instead of a Java buffer
            Path temporary = temporarySibling(target.toAbsolutePath());
            try {
                Files.copy(path, temporary, StandardCopyOption.REPLACE_EXISTING);
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (NoSuchFileException e) {
            throw notFound(location);
        } catch (IOException e) {
            throw failure(location, "cannot copy to " + target + " from", e);
        }
    }

    @Override
    public ObjectInfo put(Location location, Path source) {
        if (!Files.isRegularFile(source)) {
            throw new ObjectStoreException(Kind.FAILED, location, "cannot upload " + source + " to " + location.uri() + ": no such file");
        }
        return write(location, temporary -> Files.copy(source, temporary, StandardCopyOption.REPLACE_EXISTING));
    }

    @Override
    public ObjectInfo put(Location location, InputStream content, long length) {
        return write(location, temporary -> {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                long copied = in(content, out, length);
                if (copied != length) {
                    throw new ObjectStoreException(Kind.FAILED, location, "cannot write " + location.uri()
                            + ": the content ended after " + copied + " of " + length + " bytes");
                }
            }
        });
    }

    private interface Filler {
        void fill(Path temporary) throws IOException;
    }

    /** Fills a temporary file beside the object and moves it into place. */
    private ObjectInfo write(Location location, Filler filler) {
        Path path = path(location);
        Path root = rootOf(location, path);
        if (!Files.isDirectory(root)) {
            throw new ObjectStoreException(Kind.NOT_FOUND, location,
                    "cannot write " + location.uri() + ": the root directory " + root + " does not exist");
        }
        try {
            Files.createDirectories(path.getParent());
            Path temporary = temporarySibling(path);
            try {
                filler.fill(temporary);
                Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
            return info(location, Files.readAttributes(path, BasicFileAttributes.class));
        } catch (IOException e) {
            throw failure(location, "cannot write", e);
        }
    }

    @Override
    public List<ObjectInfo> list(Location prefix) {
        Path path = path(prefix);
        // the deepest directory that holds every match: the prefix itself when it names a directory
        Path directory = prefix.key().endsWith("/") || prefix.key().isEmpty() ? path : path.getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            return List.of();
        }
        String keyPrefix = prefix.key();
        List<ObjectInfo> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String key = file.toString().substring(1);
                if (!key.startsWith(keyPrefix) || file.getFileName().toString().startsWith(".sparkplane-")) {
                    continue;
                }
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                if (attributes.isRegularFile()) {
                    found.add(info(new Location("file", "", key), attributes));
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw failure(prefix, "cannot list", e);
        }
        found.sort(Comparator.comparing(info -> info.location().key()));
        return found;
    }

    @Override
    public void delete(Location location) {
        try {
            Path path = path(location);
            if (!Files.isDirectory(path)) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw failure(location, "cannot delete", e);
        }
    }

    private Path path(Location location) {
        if (!location.scheme().equals("file")) {
            throw new ObjectStoreException(Kind.FAILED, location, "the file store does not serve " + location.uri());
        }
        Path path = Path.of("/" + location.key()).normalize();
        rootOf(location, path);
        return path;
    }

    private Path rootOf(Location location, Path path) {
        return roots.stream().filter(path::startsWith).findFirst().orElseThrow(() -> new ObjectStoreException(Kind.ACCESS_DENIED,
                location, location.uri() + " is outside the directories this file store serves (" + roots + ")"));
    }

    private static ObjectInfo info(Location location, BasicFileAttributes attributes) {
        return new ObjectInfo(location, attributes.size(), attributes.lastModifiedTime().toInstant(), null);
    }

    private static Path temporarySibling(Path path) {
        return path.resolveSibling(".sparkplane-" + UUID.randomUUID() + ".tmp");
    }

    private static long in(InputStream content, OutputStream out, long length) throws IOException {
        byte[] buffer = new byte[1024 * 1024];
        long copied = 0;
        while (copied < length) {
            int read = content.read(buffer, 0, (int) Math.min(buffer.length, length - copied));
            if (read < 0) {
                break;
            }
            out.write(buffer, 0, read);
            copied += read;
        }
        return copied;
    }

    private static ObjectStoreException notFound(Location location) {
        return new ObjectStoreException(Kind.NOT_FOUND, location, "no object at " + location.uri());
    }

    private static ObjectStoreException failure(Location location, String what, IOException e) {
        Kind kind = e instanceof AccessDeniedException ? Kind.ACCESS_DENIED : Kind.FAILED;
        return new ObjectStoreException(kind, location, what + " " + location.uri() + ": " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
    }
}
