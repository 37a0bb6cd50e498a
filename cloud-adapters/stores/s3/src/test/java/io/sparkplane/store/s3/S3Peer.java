package io.sparkplane.store.s3;

/** A server that speaks S3 to the tests: s3proxy in this JVM, or moto as a process. */
public interface S3Peer extends AutoCloseable {

    /** Makes a bucket of that name. */
    void createBucket(String name) throws Exception;

    /** How a store reaches this peer: its endpoint, credentials and what it needs of the SDK. */
    S3StoreSettings settings();
}
