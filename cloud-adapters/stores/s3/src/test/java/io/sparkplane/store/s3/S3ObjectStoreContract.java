package io.sparkplane.store.s3;

import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectStore;
import io.sparkplane.testkit.ObjectStoreContract;

/**
 * The {@link ObjectStoreContract} for {@link S3ObjectStore} against an S3 peer the subclass runs,
 * in its bucket {@value #BUCKET}: one class per peer, each with the tests only that peer can answer.
 */
abstract class S3ObjectStoreContract extends ObjectStoreContract {

    static final String BUCKET = "sparkplane-it";

    /** The store the subclass connected to its peer ({@link RunningS3Peer}). */
    protected abstract S3ObjectStore s3();

    @Override
    protected final ObjectStore store() {
        return s3();
    }

    @Override
    protected final Location root() {
        return new Location("s3", BUCKET, "");
    }

    @Override
    protected final Location inMissingContainer() {
        return new Location("s3", "sparkplane-no-such-bucket", "nothing/here.txt");
    }
}
