package io.sparkplane.store.s3;

import static java.util.Objects.requireNonNull;

import io.sparkplane.testkit.aws.MotoHarness;
import java.net.URI;
import java.nio.file.Path;

/**
 * The AWS emulator moto ({@code moto[server,s3]} from PyPI, pinned in
 * {@code cloud-adapters/stores/s3/requirements-test.txt} and installed into the project's {@code .venv} by
 * {@code ./sparkplane test}) in server mode, serving the S3 REST API on 127.0.0.1: the testkit's
 * {@link MotoHarness}, whose additions serve the EMR backends' tests and leave S3 calls to moto as they
 * are. It takes any credentials and does not check signatures.
 */
final class MotoServer implements S3Peer {

    private final MotoHarness moto;

    private MotoServer(MotoHarness moto) {
        this.moto = moto;
    }

    static MotoServer start(Path logFile) throws Exception {
        return new MotoServer(MotoHarness.start(requireNonNull(logFile, "logFile is null")));
    }

    URI endpoint() {
        return moto.endpoint();
    }

    @Override
    public void createBucket(String name) throws Exception {
        moto.createBucket(name);
    }

    /** Settings for a store that talks to moto: path-style, any static credentials, no {@code Expect: 100-continue}. */
    @Override
    public S3StoreSettings settings() {
        return S3StoreSettings.defaults()
                .withRegion(MotoHarness.REGION)
                .withEndpoint(moto.endpoint(), true)
                .withCredentials(new S3StoreSettings.StaticCredentials("testing", "testing"))
                .withExpectContinue(false);
    }

    @Override
    public void close() throws InterruptedException {
        moto.close();
    }
}
