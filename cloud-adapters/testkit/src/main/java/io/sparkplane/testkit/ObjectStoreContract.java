package io.sparkplane.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectInfo;
import io.sparkplane.spi.storage.ObjectStore;
import io.sparkplane.spi.storage.ObjectStoreException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link ObjectStore} must do, run by each implementation against its real peer (or
 * the most faithful stand-in there is, named by the subclass). Each test works under a fresh
 * prefix of {@link #root()}, so runs never see each other's objects.
 */
public abstract class ObjectStoreContract {

    /** Larger than every store's single-request threshold, so multipart/block/resumable paths run. */
    protected static final int LARGE_BYTES = 24 * 1024 * 1024 + 12345;

    @TempDir
    protected Path temporary;

    private Location base;

    /** The store under test, configured against its peer. */
    protected abstract ObjectStore store();

    /** A location in an existing bucket or container the tests may write under. */
    protected abstract Location root();

    /** A location in a bucket or container that does not exist. */
    protected abstract Location inMissingContainer();

    /** This test's own prefix under {@link #root()}, made on first use (after the subclass's set-up). */
    protected Location base() {
        if (base == null) {
            base = root().resolve("contract-" + UUID.randomUUID() + "/");
        }
        return base;
    }

    protected Location at(String key) {
        return base().resolve(key);
    }

    @Test
    void aSmallObjectRoundTrips() throws Exception {
        Location location = at("small/hello.txt");
        byte[] content = "hello, object store\n".getBytes(StandardCharsets.UTF_8);

        ObjectInfo written = store().put(location, new ByteArrayInputStream(content), content.length);

        assertThat(written.location()).isEqualTo(location);
        assertThat(written.size()).isEqualTo(content.length);
        assertThat(store().stat(location)).hasValueSatisfying(info -> assertThat(info.size()).isEqualTo(content.length));
        try (InputStream in = store().open(location)) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void anEmptyObjectRoundTrips() throws Exception {
        Location location = at("empty");
        store().put(location, new ByteArrayInputStream(new byte[0]), 0);

        assertThat(store().stat(location)).hasValueSatisfying(info -> assertThat(info.size()).isZero());
        try (InputStream in = store().open(location)) {
            assertThat(in.readAllBytes()).isEmpty();
        }
    }

    @Test
    void aLargeFileUploadsAndDownloadsIntact() throws Exception {
        Path source = randomFile("large.bin", LARGE_BYTES, 42);
        Location location = at("large/large.bin");

        ObjectInfo written = store().put(location, source);
        Path target = temporary.resolve("downloaded.bin");
        Files.writeString(target, "old content that must be replaced");
        store().download(location, target);

        assertThat(written.size()).isEqualTo(LARGE_BYTES);
        assertThat(Files.size(target)).isEqualTo(LARGE_BYTES);
        assertThat(sha256(target)).isEqualTo(sha256(source));
        try (InputStream in = store().open(location)) {
            assertThat(sha256(in)).isEqualTo(sha256(source));
        }
    }

    @Test
    void putReplacesAnExistingObject() throws Exception {
        Location location = at("replaced.txt");
        store().put(location, bytes("first version, longer"), 21);
        store().put(location, bytes("second"), 6);

        assertThat(store().stat(location)).hasValueSatisfying(info -> assertThat(info.size()).isEqualTo(6));
        try (InputStream in = store().open(location)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("second");
        }
    }

    @Test
    void keysWithSpacesAndUnicodeRoundTrip() throws Exception {
        Location location = at("odd names/été 2026/report (final).csv");
        store().put(location, bytes("a,b\n"), 4);

        assertThat(store().stat(Location.parse(location.uri()))).isPresent();
        assertThat(store().list(at("odd names/"))).extracting(ObjectInfo::location).containsExactly(location);
    }

    @Test
    void aMissingObjectHasNoStatAndCannotBeOpenedOrDownloaded() {
        Location missing = at("nothing/here.txt");

        assertThat(store().stat(missing)).isEmpty();
        assertThatThrownBy(() -> store().open(missing).close())
                .isInstanceOfSatisfying(ObjectStoreException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ObjectStoreException.Kind.NOT_FOUND);
                    assertThat(e.location()).isEqualTo(missing);
                    assertThat(e.getMessage()).contains(missing.uri());
                });
        assertThatThrownBy(() -> store().download(missing, temporary.resolve("x")))
                .isInstanceOfSatisfying(ObjectStoreException.class, e -> assertThat(e.kind()).isEqualTo(ObjectStoreException.Kind.NOT_FOUND));
    }

    @Test
    void aMissingContainerIsNotFoundNamingTheLocation() {
        Location location = inMissingContainer();

        assertThat(store().stat(location)).isEmpty();
        assertThatThrownBy(() -> store().put(location, bytes("x"), 1))
                .isInstanceOfSatisfying(ObjectStoreException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ObjectStoreException.Kind.NOT_FOUND);
                    assertThat(e.getMessage()).contains(location.uri());
                });
    }

    @Test
    void listReturnsEveryObjectUnderThePrefixInKeyOrderAndNothingElse() {
        for (String key : List.of("logs/b.txt", "logs/a.txt", "logs/deeper/c.txt", "logsibling.txt", "other/d.txt")) {
            store().put(at(key), bytes(key), key.length());
        }

        List<ObjectInfo> listed = store().list(at("logs/"));

        assertThat(listed).extracting(info -> info.location().key().substring(base().key().length()))
                .containsExactly("logs/a.txt", "logs/b.txt", "logs/deeper/c.txt");
        assertThat(listed).allSatisfy(info -> assertThat(info.size()).isEqualTo(info.location().key().length() - base().key().length()));
        assertThat(store().list(at("nothing-here/"))).isEmpty();
    }

    @Test
    void listPagesThroughManyObjects() {
        for (int i = 0; i < 1050; i++) {
            store().put(at("many/" + String.format("%04d", i)), bytes(""), 0);
        }

        assertThat(store().list(at("many/"))).hasSize(1050);
    }

    @Test
    void deleteRemovesAndMissingObjectsAreFine() {
        Location location = at("doomed.txt");
        store().put(location, bytes("bye"), 3);

        store().delete(location);
        store().delete(location);

        assertThat(store().stat(location)).isEmpty();
        assertThat(store().list(base())).isEmpty();
    }

    protected static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    protected Path randomFile(String name, long size, long seed) throws IOException {
        Path file = temporary.resolve(name);
        Random random = new Random(seed);
        byte[] buffer = new byte[1024 * 1024];
        try (OutputStream out = Files.newOutputStream(file)) {
            long left = size;
            while (left > 0) {
                random.nextBytes(buffer);
                int chunk = (int) Math.min(buffer.length, left);
                out.write(buffer, 0, chunk);
                left -= chunk;
            }
        }
        return file;
    }

    protected static String sha256(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return sha256(in);
        }
    }

    protected static String sha256(InputStream in) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        byte[] buffer = new byte[1024 * 1024];
        int read;
        while ((read = in.read(buffer)) >= 0) {
            digest.update(buffer, 0, read);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
