package io.sparkplane.store.s3;

import static org.assertj.core.api.Assertions.assertThat;

import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectInfo;
import io.sparkplane.testkit.ObjectStoreContract;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@link ObjectStoreContract} ({@link S3ObjectStoreContract}) for {@link S3ObjectStore} a second time, against the AWS emulator
 * <b>moto 5.2.5</b> in server mode ({@code moto[server,s3]} from PyPI, pinned in
 * {@code cloud-adapters/stores/s3/requirements-test.txt}, run as a process with the project's
 * {@code .venv} python: {@link MotoServer}).
 *
 * <p>{@link S3ObjectStoreIT} (s3proxy) needs checksums {@code WHEN_REQUIRED}; moto accepts the SDK's
 * default flexible checksums (a CRC32 with every upload and every part), so this run covers the
 * settings a user of AWS S3 gets. Only {@code Expect: 100-continue} is turned off: moto's development
 * web server answers it twice and the SDK takes the second {@code 100} for the response.
 */
class S3ObjectStoreMotoIT extends S3ObjectStoreContract {

    @RegisterExtension
    static final RunningS3Peer<MotoServer> PEER = new RunningS3Peer<>(directory -> MotoServer.start(directory.resolve("moto.log")));

    @Override
    protected S3ObjectStore s3() {
        return PEER.store();
    }

    @Test
    void theDefaultChecksumsAreSentWithEveryPart() throws Exception {
        assertThat(s3().settings().checksums()).isEqualTo(S3StoreSettings.Checksums.WHEN_SUPPORTED);
        Path source = randomFile("checked.bin", LARGE_BYTES, 11);
        Location location = at("checked.bin");

        ObjectInfo written = s3().put(location, source);

        assertThat(written.etag()).endsWith("-4");
        try (InputStream in = s3().open(location)) {
            assertThat(sha256(in)).isEqualTo(sha256(source));
        }
        String path = "/" + BUCKET + "/" + location.key();
        List<RequestLog.Sent> sent = PEER.requests().sent().stream().filter(request -> request.line().contains(path)).toList();
        assertThat(sent).filteredOn(request -> request.line().startsWith("PUT " + path + "?partNumber="))
                .hasSize(4)
                .allSatisfy(part -> assertThat(part.hasHeader("x-amz-sdk-checksum-algorithm") || part.hasHeader("x-amz-trailer")
                        || part.headers().keySet().stream().anyMatch(header -> header.toLowerCase().startsWith("x-amz-checksum-")))
                        .as("a checksum on " + part.line() + " " + part.headers().keySet()).isTrue());
    }
}
