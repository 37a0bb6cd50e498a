package io.sparkplane.store.s3;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * How {@link S3ObjectStore} reaches S3 or an S3-compatible server (MinIO, Ceph RGW, s3proxy, the
 * AWS emulator moto, ...).
 *
 * <p>Every setting has a default ({@link #defaults()}); {@link S3StoreFactory} reads them from
 * {@code sparkplane.store.s3.*} (the module's README lists them).
 *
 * @param region the signing region, or {@code null} for the SDK's default region chain
 * @param endpoint an S3-compatible server's URL, or {@code null} for AWS's endpoint of the region
 * @param pathStyleAccess address buckets in the path rather than in the host name
 * @param credentials static credentials or the SDK's default chain
 * @param checksums when the SDK computes request checksums and validates response checksums
 * @param expectContinue send uploads with {@code Expect: 100-continue}, so that a refused upload is
 *     refused before its body is sent
 * @param retryMode how the SDK spaces its retries
 * @param maxAttempts attempts per request, at least 1
 * @param multipartThreshold bytes from which transfers go in parts
 * @param partSize bytes per part, at least {@link #MINIMUM_PART_SIZE}
 * @param maxConcurrency most HTTP connections at once
 * @param connectionTimeout to open a connection
 * @param readTimeout silence on a connection after which the attempt fails
 */
public record S3StoreSettings(
        String region,
        URI endpoint,
        boolean pathStyleAccess,
        Credentials credentials,
        Checksums checksums,
        boolean expectContinue,
        RetryMode retryMode,
        int maxAttempts,
        long multipartThreshold,
        long partSize,
        int maxConcurrency,
        Duration connectionTimeout,
        Duration readTimeout) {

    /** Where the control plane's own S3 settings are: error messages name these keys. */
    static final String PREFIX = "sparkplane.store.s3.";
    static final String ACCESS_KEY_ID = PREFIX + S3StoreFactory.ACCESS_KEY_ID;
    static final String SECRET_ACCESS_KEY = PREFIX + S3StoreFactory.SECRET_ACCESS_KEY;
    static final String CHECKSUMS = PREFIX + S3StoreFactory.CHECKSUMS;
    static final String REGION = PREFIX + S3StoreFactory.REGION;

    /** S3 refuses parts below 5 MiB (except the last). */
    public static final long MINIMUM_PART_SIZE = 5L * 1024 * 1024;

    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final long DEFAULT_MULTIPART_THRESHOLD = 8L * 1024 * 1024;
    public static final long DEFAULT_PART_SIZE = 8L * 1024 * 1024;
    public static final int DEFAULT_MAX_CONCURRENCY = 64;
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

    /** Where the credentials come from. */
    public sealed interface Credentials permits DefaultChain, StaticCredentials {
    }

    /**
     * The SDK's default chain: system properties, {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}
     * (and {@code AWS_SESSION_TOKEN}), web identity tokens, the shared profile files, container and
     * instance roles.
     */
    public record DefaultChain() implements Credentials {
    }

    /**
     * Fixed credentials. {@link #toString()} shows the access key id only.
     *
     * @param sessionToken the session token of temporary credentials, or {@code null}
     */
    public record StaticCredentials(String accessKeyId, String secretAccessKey, String sessionToken) implements Credentials {

        public StaticCredentials {
            requireNonNull(accessKeyId, "accessKeyId is null");
            requireNonNull(secretAccessKey, "secretAccessKey is null");
            if (accessKeyId.isBlank() || secretAccessKey.isBlank()) {
                throw new IllegalArgumentException("static S3 credentials need both an access key id and a secret access key");
            }
            if (sessionToken != null && sessionToken.isBlank()) {
                sessionToken = null;
            }
        }

        public StaticCredentials(String accessKeyId, String secretAccessKey) {
            this(accessKeyId, secretAccessKey, null);
        }

        @Override
        public String toString() {
            return "StaticCredentials[accessKeyId=" + accessKeyId + ", secretAccessKey=****"
                    + (sessionToken == null ? "" : ", sessionToken=****") + "]";
        }
    }

    /**
     * When the SDK adds CRC checksums to requests and checks those of responses.
     *
     * <p>{@link #WHEN_REQUIRED} is needed for some S3-compatible servers that predate S3's flexible
     * checksums: s3proxy 2.x answers the SDK's default {@code x-amz-checksum-algorithm} header with
     * 501 and its trailing checksums with 400. AWS S3 itself works with either.
     */
    public enum Checksums {
        /** The SDK's default: every upload carries a CRC checksum and every download that has one is checked. */
        WHEN_SUPPORTED,
        /** Only operations that S3 requires a checksum for carry one, and responses are checked only when asked. */
        WHEN_REQUIRED
    }

    /** How the SDK spaces retries of throttling, 5xx and connection failures. */
    public enum RetryMode {
        /** Exponential backoff with jitter, and a token bucket that stops retrying when most attempts fail. */
        STANDARD,
        /** {@link #STANDARD}, and the client also slows its own request rate while S3 throttles it. */
        ADAPTIVE
    }

    public S3StoreSettings {
        if (region != null && region.isBlank()) {
            throw new IllegalArgumentException("region is blank; leave it unset to use the SDK's region chain");
        }
        if (endpoint != null) {
            String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || endpoint.getHost() == null) {
                throw new IllegalArgumentException("endpoint must be an http:// or https:// URL with a host: " + endpoint);
            }
        }
        requireNonNull(credentials, "credentials is null");
        requireNonNull(checksums, "checksums is null");
        requireNonNull(retryMode, "retryMode is null");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1 (the first attempt)");
        }
        if (multipartThreshold < 1) {
            throw new IllegalArgumentException("multipartThreshold must be positive");
        }
        if (partSize < MINIMUM_PART_SIZE) {
            throw new IllegalArgumentException("partSize must be at least " + MINIMUM_PART_SIZE + " bytes (5 MiB), S3's smallest part");
        }
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency must be positive");
        }
        positive(connectionTimeout, "connectionTimeout");
        positive(readTimeout, "readTimeout");
    }

    /**
     * AWS S3 in the SDK's default region, with the SDK's default credentials chain, its default
     * checksums and standard retries.
     */
    public static S3StoreSettings defaults() {
        return new S3StoreSettings(null, null, false, new DefaultChain(), Checksums.WHEN_SUPPORTED, true, RetryMode.STANDARD,
                DEFAULT_MAX_ATTEMPTS, DEFAULT_MULTIPART_THRESHOLD, DEFAULT_PART_SIZE, DEFAULT_MAX_CONCURRENCY,
                DEFAULT_CONNECTION_TIMEOUT, DEFAULT_READ_TIMEOUT);
    }

    public S3StoreSettings withRegion(String newRegion) {
        return new S3StoreSettings(newRegion, endpoint, pathStyleAccess, credentials, checksums, expectContinue, retryMode, maxAttempts,
                multipartThreshold, partSize, maxConcurrency, connectionTimeout, readTimeout);
    }

    /** An S3-compatible server at {@code newEndpoint}, addressed path-style or not. */
    public S3StoreSettings withEndpoint(URI newEndpoint, boolean newPathStyleAccess) {
        return new S3StoreSettings(region, newEndpoint, newPathStyleAccess, credentials, checksums, expectContinue, retryMode, maxAttempts,
                multipartThreshold, partSize, maxConcurrency, connectionTimeout, readTimeout);
    }

    public S3StoreSettings withCredentials(Credentials newCredentials) {
        return new S3StoreSettings(region, endpoint, pathStyleAccess, newCredentials, checksums, expectContinue, retryMode, maxAttempts,
                multipartThreshold, partSize, maxConcurrency, connectionTimeout, readTimeout);
    }

    public S3StoreSettings withChecksums(Checksums newChecksums) {
        return new S3StoreSettings(region, endpoint, pathStyleAccess, credentials, newChecksums, expectContinue, retryMode, maxAttempts,
                multipartThreshold, partSize, maxConcurrency, connectionTimeout, readTimeout);
    }

    public S3StoreSettings withExpectContinue(boolean newExpectContinue) {
        return new S3StoreSettings(region, endpoint, pathStyleAccess, credentials, checksums, newExpectContinue, retryMode,
                maxAttempts, multipartThreshold, partSize, maxConcurrency, connectionTimeout, readTimeout);
    }

    public S3StoreSettings withRetries(RetryMode newRetryMode, int newMaxAttempts) {
        return new S3StoreSettings(region, endpoint, pathStyleAccess, credentials, checksums, expectContinue, newRetryMode, newMaxAttempts,
                multipartThreshold, partSize, maxConcurrency, connectionTimeout, readTimeout);
    }

    public S3StoreSettings withMultipart(long newMultipartThreshold, long newPartSize) {
        return new S3StoreSettings(region, endpoint, pathStyleAccess, credentials, checksums, expectContinue, retryMode, maxAttempts,
                newMultipartThreshold, newPartSize, maxConcurrency, connectionTimeout, readTimeout);
    }

    public S3StoreSettings withMaxConcurrency(int newMaxConcurrency) {
        return new S3StoreSettings(region, endpoint, pathStyleAccess, credentials, checksums, expectContinue, retryMode, maxAttempts,
                multipartThreshold, partSize, newMaxConcurrency, connectionTimeout, readTimeout);
    }

    public S3StoreSettings withTimeouts(Duration newConnectionTimeout, Duration newReadTimeout) {
        return new S3StoreSettings(region, endpoint, pathStyleAccess, credentials, checksums, expectContinue, retryMode, maxAttempts,
                multipartThreshold, partSize, maxConcurrency, newConnectionTimeout, newReadTimeout);
    }

    private static void positive(Duration duration, String name) {
        requireNonNull(duration, name + " is null");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }
}
