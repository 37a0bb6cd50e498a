package io.sparkplane.aws.s3;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How {@link S3ObjectStore} reaches S3 or an S3-compatible server (MinIO, Ceph RGW, s3proxy, the
 * AWS emulator moto, ...).
 *
 * <p>Every setting has a default ({@link #defaults()}), and each can be given as a property
 * ({@link #fromProperties(Map)}):
 *
 * <table>
 * <caption>properties</caption>
 * <tr><th>property</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code sparkplane.store.s3.region}</td><td>the SDK's region chain ({@code AWS_REGION},
 *     {@code ~/.aws/config}, instance metadata)</td><td>the region requests are signed for</td></tr>
 * <tr><td>{@code sparkplane.store.s3.endpoint}</td><td>AWS's endpoint for the region (or
 *     {@code AWS_ENDPOINT_URL_S3})</td><td>the URL of an S3-compatible server, {@code http://host:port}</td></tr>
 * <tr><td>{@code sparkplane.store.s3.path-style-access}</td><td>{@code false}</td><td>{@code true} puts the bucket
 *     in the path ({@code http://host/bucket/key}) instead of the host name; most S3-compatible servers need it</td></tr>
 * <tr><td>{@code sparkplane.store.s3.access-key-id}, {@code .secret-access-key}, {@code .session-token}</td>
 *     <td>the SDK's default credentials chain (environment, profile, web identity, container and instance
 *     roles)</td><td>static credentials; the first two come together, the token is optional</td></tr>
 * <tr><td>{@code sparkplane.store.s3.checksums}</td><td>{@code when-supported}</td><td>{@code when-required}
 *     sends and checks the SDK's CRC checksums only where S3 demands them; some S3-compatible servers need it
 *     (s3proxy answers {@code x-amz-checksum-*} headers with 501 or 400)</td></tr>
 * <tr><td>{@code sparkplane.store.s3.expect-continue}</td><td>{@code true}</td><td>uploads ask
 *     {@code Expect: 100-continue} first; {@code false} for servers that mishandle it (moto's development server
 *     answers it twice)</td></tr>
 * <tr><td>{@code sparkplane.store.s3.retry-mode}</td><td>{@code standard}</td><td>{@code standard} (exponential
 *     backoff with jitter) or {@code adaptive} (also rate-limits the client while it is throttled)</td></tr>
 * <tr><td>{@code sparkplane.store.s3.max-attempts}</td><td>{@code 5}</td><td>attempts per request, the first
 *     included, for throttling, 5xx and dropped connections</td></tr>
 * <tr><td>{@code sparkplane.store.s3.multipart-threshold}</td><td>{@code 8388608} (8 MiB)</td><td>objects of at
 *     least this many bytes are uploaded and downloaded in parts</td></tr>
 * <tr><td>{@code sparkplane.store.s3.part-size}</td><td>{@code 8388608} (8 MiB)</td><td>the size of each part
 *     (at least 5 MiB, S3's minimum)</td></tr>
 * <tr><td>{@code sparkplane.store.s3.max-concurrency}</td><td>{@code 64}</td><td>HTTP connections at once, which
 *     bounds the parts in flight</td></tr>
 * <tr><td>{@code sparkplane.store.s3.connection-timeout}</td><td>{@code PT10S}</td><td>to open a connection</td></tr>
 * <tr><td>{@code sparkplane.store.s3.read-timeout}</td><td>{@code PT60S}</td><td>silence on an open connection
 *     after which the attempt fails (and is retried)</td></tr>
 * </table>
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

    /** The prefix of every property {@link #fromProperties(Map)} reads. */
    public static final String PREFIX = "sparkplane.store.s3.";

    public static final String REGION = PREFIX + "region";
    public static final String ENDPOINT = PREFIX + "endpoint";
    public static final String PATH_STYLE_ACCESS = PREFIX + "path-style-access";
    public static final String ACCESS_KEY_ID = PREFIX + "access-key-id";
    public static final String SECRET_ACCESS_KEY = PREFIX + "secret-access-key";
    public static final String SESSION_TOKEN = PREFIX + "session-token";
    public static final String CHECKSUMS = PREFIX + "checksums";
    public static final String EXPECT_CONTINUE = PREFIX + "expect-continue";
    public static final String RETRY_MODE = PREFIX + "retry-mode";
    public static final String MAX_ATTEMPTS = PREFIX + "max-attempts";
    public static final String MULTIPART_THRESHOLD = PREFIX + "multipart-threshold";
    public static final String PART_SIZE = PREFIX + "part-size";
    public static final String MAX_CONCURRENCY = PREFIX + "max-concurrency";
    public static final String CONNECTION_TIMEOUT = PREFIX + "connection-timeout";
    public static final String READ_TIMEOUT = PREFIX + "read-timeout";

    /** Every property name {@link #fromProperties(Map)} knows. */
    public static final Set<String> PROPERTIES = Set.of(REGION, ENDPOINT, PATH_STYLE_ACCESS, ACCESS_KEY_ID, SECRET_ACCESS_KEY,
            SESSION_TOKEN, CHECKSUMS, EXPECT_CONTINUE, RETRY_MODE, MAX_ATTEMPTS, MULTIPART_THRESHOLD, PART_SIZE, MAX_CONCURRENCY,
            CONNECTION_TIMEOUT, READ_TIMEOUT);

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

    /**
     * The settings the {@code sparkplane.store.s3.*} entries of {@code properties} give, the
     * {@link #defaults()} for the rest. Other keys are ignored.
     *
     * @throws IllegalArgumentException naming the property for an unknown {@code sparkplane.store.s3.*}
     *     key or a value that does not parse
     */
    public static S3StoreSettings fromProperties(Map<String, String> properties) {
        requireNonNull(properties, "properties is null");
        Set<String> unknown = new TreeSet<>();
        for (String key : properties.keySet()) {
            if (key.startsWith(PREFIX) && !PROPERTIES.contains(key)) {
                unknown.add(key);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown S3 store properties " + unknown + "; known: " + new TreeSet<>(PROPERTIES));
        }
        S3StoreSettings defaults = defaults();
        String accessKeyId = value(properties, ACCESS_KEY_ID);
        String secretAccessKey = value(properties, SECRET_ACCESS_KEY);
        String sessionToken = value(properties, SESSION_TOKEN);
        Credentials credentials;
        if (accessKeyId == null && secretAccessKey == null) {
            if (sessionToken != null) {
                throw new IllegalArgumentException(SESSION_TOKEN + " is set without " + ACCESS_KEY_ID + " and " + SECRET_ACCESS_KEY);
            }
            credentials = new DefaultChain();
        } else if (accessKeyId == null || secretAccessKey == null) {
            throw new IllegalArgumentException(ACCESS_KEY_ID + " and " + SECRET_ACCESS_KEY + " are set together or not at all");
        } else {
            credentials = new StaticCredentials(accessKeyId, secretAccessKey, sessionToken);
        }
        try {
            String endpoint = value(properties, ENDPOINT);
            return new S3StoreSettings(
                    value(properties, REGION),
                    endpoint == null ? null : parse(ENDPOINT, endpoint, URI::create),
                    bool(properties, PATH_STYLE_ACCESS, defaults.pathStyleAccess()),
                    credentials,
                    constant(properties, CHECKSUMS, Checksums.class, defaults.checksums()),
                    bool(properties, EXPECT_CONTINUE, defaults.expectContinue()),
                    constant(properties, RETRY_MODE, RetryMode.class, defaults.retryMode()),
                    (int) number(properties, MAX_ATTEMPTS, defaults.maxAttempts()),
                    number(properties, MULTIPART_THRESHOLD, defaults.multipartThreshold()),
                    number(properties, PART_SIZE, defaults.partSize()),
                    (int) number(properties, MAX_CONCURRENCY, defaults.maxConcurrency()),
                    duration(properties, CONNECTION_TIMEOUT, defaults.connectionTimeout()),
                    duration(properties, READ_TIMEOUT, defaults.readTimeout()));
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(PREFIX)) {
                throw e;
            }
            throw new IllegalArgumentException("invalid S3 store properties: " + e.getMessage(), e);
        }
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

    private static String value(Map<String, String> properties, String name) {
        String value = properties.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static boolean bool(Map<String, String> properties, String name, boolean otherwise) {
        String value = value(properties, name);
        if (value == null) {
            return otherwise;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(name + " is true or false, not '" + value + "'");
        };
    }

    private static long number(Map<String, String> properties, String name, long otherwise) {
        String value = value(properties, name);
        return value == null ? otherwise : parse(name, value, text -> {
            long parsed = Long.parseLong(text);
            if (parsed > Integer.MAX_VALUE && (name.equals(MAX_ATTEMPTS) || name.equals(MAX_CONCURRENCY))) {
                throw new IllegalArgumentException("too large");
            }
            return parsed;
        });
    }

    private static Duration duration(Map<String, String> properties, String name, Duration otherwise) {
        String value = value(properties, name);
        return value == null ? otherwise : parse(name, value, Duration::parse);
    }

    private static <E extends Enum<E>> E constant(Map<String, String> properties, String name, Class<E> type, E otherwise) {
        String value = value(properties, name);
        return value == null ? otherwise : parse(name, value,
                text -> Enum.valueOf(type, text.toUpperCase(Locale.ROOT).replace('-', '_')));
    }

    private interface Parser<T> {
        T parse(String text);
    }

    private static <T> T parse(String name, String value, Parser<T> parser) {
        try {
            return parser.parse(value);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new IllegalArgumentException(name + " has an invalid value '" + value + "': " + e.getMessage(), e);
        }
    }
}
