package io.sparkplane.store.s3;

import static java.util.Objects.requireNonNull;

import io.sparkplane.spi.storage.ExactLengthInputStream;
import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectInfo;
import io.sparkplane.spi.storage.ObjectStore;
import io.sparkplane.spi.storage.ObjectStoreException.Kind;
import io.sparkplane.spi.storage.ObjectStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.transfer.s3.S3TransferManager;

/**
 * {@code s3://bucket/key} locations on AWS S3 or an S3-compatible server, through the AWS SDK v2:
 * one {@link S3AsyncClient} over Netty (no CRT) with the SDK's multipart support on, and the SDK's
 * {@link S3TransferManager} for {@link #put(Location, Path)}, so objects from
 * {@link S3StoreSettings#multipartThreshold()} bytes up go in parts, in parallel; downloads that
 * large go as parallel ranged GETs ({@link S3RangedDownload}).
 * Retries of throttling, 5xx and dropped connections are the SDK's, as {@link S3StoreSettings}
 * configures them; every failure is an {@link ObjectStoreException} ({@link S3Errors}).
 *
 * <p>Keys that a {@link Location} cannot hold (an empty segment, {@code .} or {@code ..}) and
 * folder markers (zero-byte objects whose key ends with {@code /}, made by consoles) are not
 * objects to this store: {@link #list(Location)} leaves them out.
 *
 * <p>Thread-safe; {@link #close()} releases the client's connections and threads.
 */
public final class S3ObjectStore implements ObjectStore {

    private static final String SCHEME = "s3";
    /** The largest single-request stream that {@code put} reads into memory to make it retryable. */
    private static final long MAX_BUFFERED_BYTES = 64L * 1024 * 1024;

    private final S3StoreSettings settings;
    private final AwsCredentialsProvider credentialsProvider;
    private final SdkEventLoopGroup eventLoops;
    private final S3AsyncClient client;
    private final S3TransferManager transferManager;
    /** Feeds caller-supplied input streams to the SDK, which reads them off its event loop. */
    private final ExecutorService streamReaders;

    public S3ObjectStore(S3StoreSettings settings) {
        this(settings, List.of());
    }

    /** A store whose client also runs {@code interceptors} (tests watch the requests it sends). */
    S3ObjectStore(S3StoreSettings settings, List<ExecutionInterceptor> interceptors) {
        this.settings = requireNonNull(settings, "settings is null");
        requireNonNull(interceptors, "interceptors is null");
        this.credentialsProvider = credentialsProvider(settings.credentials());
        // the store's own event loops: the SDK's would make close() wait out a 2 s quiet period
        this.eventLoops = SdkEventLoopGroup.builder().threadFactory(daemonThreads("sparkplane-s3-netty-")).build();
        try {
            this.client = client(settings, credentialsProvider, eventLoops, interceptors);
        } catch (SdkClientException e) {
            closeQuietly(credentialsProvider);
            eventLoops.eventLoopGroup().shutdownGracefully(0, 5, TimeUnit.SECONDS);
            if (e.getMessage() != null && e.getMessage().contains("region")) {
                throw new IllegalArgumentException("no AWS region is configured for the S3 store: set " + S3StoreSettings.REGION
                        + " or AWS_REGION (any region will do for most S3-compatible servers)", e);
            }
            throw new IllegalArgumentException("cannot configure the S3 client: " + e.getMessage(), e);
        }
        this.transferManager = S3TransferManager.builder().s3Client(client).build();
        this.streamReaders = Executors.newCachedThreadPool(daemonThreads("sparkplane-s3-upload-"));
    }

    public S3StoreSettings settings() {
        return settings;
    }

    /** The SDK client, for tests that check what the settings made of it. */
    S3AsyncClient client() {
        return client;
    }

    @Override
    public Optional<ObjectInfo> stat(Location location) {
        checkScheme(location);
        if (namesNoObject(location)) {
            return Optional.empty();
        }
        try {
            HeadObjectResponse head = await(client.headObject(request -> request.bucket(location.authority()).key(location.key())));
            return Optional.of(new ObjectInfo(location, head.contentLength() == null ? 0 : head.contentLength(),
                    head.lastModified() == null ? Instant.EPOCH : head.lastModified(), etag(head.eTag())));
        } catch (ExecutionException e) {
            if (isNotFound(e.getCause())) {
                // S3 answers HEAD on a missing key and on a missing bucket alike: 404 without a body
                return Optional.empty();
            }
            throw S3Errors.toStoreException("read", location, e.getCause());
        }
    }

    @Override
    public InputStream open(Location location) {
        checkObject(location, "read");
        try {
            ResponseInputStream<GetObjectResponse> stream = await(client.getObject(
                    request -> request.bucket(location.authority()).key(location.key()),
                    AsyncResponseTransformer.toBlockingInputStream()));
            return new ReadStream(stream, location);
        } catch (ExecutionException e) {
            throw S3Errors.toStoreException("read", location, e.getCause());
        }
    }

    @Override
    public void download(Location location, Path target) {
        checkObject(location, "download");
        requireNonNull(target, "target is null");
        Path absolute = target.toAbsolutePath();
        Path temporary = absolute.resolveSibling(".sparkplane-" + absolute.getFileName() + "-" + UUID.randomUUID() + ".part");
        try {
            Files.createDirectories(absolute.getParent());
            HeadObjectResponse head = await(client.headObject(request -> request.bucket(location.authority()).key(location.key())));
            long size = head.contentLength() == null ? 0 : head.contentLength();
            if (size < settings.multipartThreshold()) {
                await(transferManager.downloadFile(download -> download
                        .getObjectRequest(request -> request.bucket(location.authority()).key(location.key()))
                        .destination(temporary)).completionFuture());
            } else {
                Files.createFile(temporary);
                S3RangedDownload.download(client, location.authority(), location.key(), head.eTag(), size, settings.partSize(),
                        Math.min(S3RangedDownload.PARALLELISM, settings.maxConcurrency()), temporary);
            }
            Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ObjectStoreException(Kind.FAILED, location, "download of " + location.uri() + " interrupted", e);
        } catch (SdkException e) {
            throw S3Errors.toStoreException("download", location, e);
        } catch (ExecutionException e) {
            throw S3Errors.toStoreException("download", location, e.getCause());
        } catch (IOException e) {
            throw new ObjectStoreException(Kind.FAILED, location,
                    "cannot download " + location.uri() + " to " + target + ": " + e, e);
        } finally {
            deleteQuietly(temporary);
        }
    }

    @Override
    public ObjectInfo put(Location location, Path source) {
        checkObject(location, "upload to");
        requireNonNull(source, "source is null");
        long size;
        try {
            size = Files.size(source);
        } catch (NoSuchFileException e) {
            throw new ObjectStoreException(Kind.FAILED, location, "cannot upload " + source + " to " + location.uri() + ": no such file", e);
        } catch (IOException e) {
            throw new ObjectStoreException(Kind.FAILED, location, "cannot upload " + source + " to " + location.uri() + ": " + e, e);
        }
        try {
            PutObjectResponse response = await(transferManager.uploadFile(upload -> upload
                    .putObjectRequest(putRequest(location))
                    .source(source)).completionFuture()).response();
            return written(location, size, response);
        } catch (ExecutionException e) {
            throw S3Errors.toStoreException("upload to", location, e.getCause());
        }
    }

    @Override
    public ObjectInfo put(Location location, InputStream content, long length) {
        checkObject(location, "upload to");
        requireNonNull(content, "content is null");
        if (length < 0) {
            throw new IllegalArgumentException("length is negative");
        }
        AsyncRequestBody body;
        if (length < Math.min(settings.multipartThreshold(), MAX_BUFFERED_BYTES)) {
            // one request: read it into memory first, so that the SDK can retry it
            body = AsyncRequestBody.fromBytes(readExactly(location, content, (int) length));
        } else {
            // in parts, which the SDK buffers one by one and retries from its buffer
            body = AsyncRequestBody.fromInputStream(new ExactLengthInputStream(content, length), length, streamReaders);
        }
        try {
            PutObjectResponse response = await(transferManager.upload(upload -> upload
                    .putObjectRequest(putRequest(location))
                    .requestBody(body)).completionFuture()).response();
            return written(location, length, response);
        } catch (ExecutionException e) {
            throw S3Errors.toStoreException("upload to", location, e.getCause());
        }
    }

    @Override
    public List<ObjectInfo> list(Location prefix) {
        checkScheme(prefix);
        List<ObjectInfo> found = new ArrayList<>();
        try {
            await(client.listObjectsV2Paginator(request -> request.bucket(prefix.authority()).prefix(prefix.key()))
                    .contents()
                    .subscribe(object -> listed(prefix, object).ifPresent(found::add)));
        } catch (ExecutionException e) {
            throw S3Errors.toStoreException("list", prefix, e.getCause());
        }
        found.sort(Comparator.comparing(info -> info.location().key()));
        return found;
    }

    @Override
    public void delete(Location location) {
        checkObject(location, "delete");
        try {
            await(client.deleteObject(request -> request.bucket(location.authority()).key(location.key())));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof NoSuchKeyException) {
                return;
            }
            throw S3Errors.toStoreException("delete", location, e.getCause());
        }
    }

    @Override
    public void close() {
        transferManager.close();
        client.close();
        // the SDK leaves a group it was given open; ours needs no quiet period, its channels are closed
        eventLoops.eventLoopGroup().shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
        streamReaders.shutdownNow();
        closeQuietly(credentialsProvider);
    }

    @Override
    public String toString() {
        return "S3ObjectStore[" + settings + "]";
    }

    // --- the SDK client ----------------------------------------------------------------------

    static AwsCredentialsProvider credentialsProvider(S3StoreSettings.Credentials credentials) {
        if (credentials instanceof S3StoreSettings.StaticCredentials fixed) {
            return StaticCredentialsProvider.create(fixed.sessionToken() == null
                    ? AwsBasicCredentials.create(fixed.accessKeyId(), fixed.secretAccessKey())
                    : AwsSessionCredentials.create(fixed.accessKeyId(), fixed.secretAccessKey(), fixed.sessionToken()));
        }
        return DefaultCredentialsProvider.builder().build();
    }

    static RetryStrategy retryStrategy(S3StoreSettings settings) {
        RetryStrategy base = switch (settings.retryMode()) {
            case STANDARD -> AwsRetryStrategy.standardRetryStrategy();
            case ADAPTIVE -> AwsRetryStrategy.adaptiveRetryStrategy();
        };
        return base.toBuilder().maxAttempts(settings.maxAttempts()).build();
    }

    private static S3AsyncClient client(S3StoreSettings settings, AwsCredentialsProvider credentials,
                                        SdkEventLoopGroup eventLoops, List<ExecutionInterceptor> interceptors) {
        NettyNioAsyncHttpClient.Builder http = NettyNioAsyncHttpClient.builder()
                .eventLoopGroup(eventLoops)
                .maxConcurrency(settings.maxConcurrency())
                .maxPendingConnectionAcquires(10_000)
                // parts wait for a connection while others transfer: give them as long as a transfer may be silent
                .connectionAcquisitionTimeout(settings.readTimeout().plus(settings.connectionTimeout()))
                .connectionTimeout(settings.connectionTimeout())
                .readTimeout(settings.readTimeout())
                .writeTimeout(settings.readTimeout());
        boolean whenRequired = settings.checksums() == S3StoreSettings.Checksums.WHEN_REQUIRED;
        S3AsyncClientBuilder builder = S3AsyncClient.builder()
                .httpClientBuilder(http)
                .credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyleAccess())
                .serviceConfiguration(service -> service.expectContinueEnabled(settings.expectContinue()))
                .requestChecksumCalculation(whenRequired
                        ? RequestChecksumCalculation.WHEN_REQUIRED : RequestChecksumCalculation.WHEN_SUPPORTED)
                .responseChecksumValidation(whenRequired
                        ? ResponseChecksumValidation.WHEN_REQUIRED : ResponseChecksumValidation.WHEN_SUPPORTED)
                .overrideConfiguration(override -> override
                        .retryStrategy(retryStrategy(settings))
                        .executionInterceptors(interceptors))
                .multipartEnabled(true)
                .multipartConfiguration(multipart -> multipart
                        .thresholdInBytes(settings.multipartThreshold())
                        .minimumPartSizeInBytes(settings.partSize())
                        .parallelConfiguration(parallel -> parallel.maxInFlightParts(settings.maxConcurrency())));
        if (settings.region() != null) {
            builder.region(Region.of(settings.region()));
        }
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint());
        }
        return builder.build();
    }

    // --- helpers -----------------------------------------------------------------------------

    private static byte[] readExactly(Location location, InputStream content, int length) {
        try {
            return new ExactLengthInputStream(content, length).readNBytes(length);
        } catch (IOException e) {
            throw S3Errors.toStoreException("upload to", location, e);
        }
    }

    private static PutObjectRequest putRequest(Location location) {
        return PutObjectRequest.builder().bucket(location.authority()).key(location.key()).build();
    }

    /**
     * What S3 knows of an object just written: its size, its ETag, and the server's time of the
     * response (S3 keeps no more precise Last-Modified than that second).
     */
    private static ObjectInfo written(Location location, long size, PutObjectResponse response) {
        Instant when = Optional.ofNullable(response.sdkHttpResponse())
                .flatMap(http -> http.firstMatchingHeader("Date"))
                .flatMap(S3ObjectStore::httpDate)
                .orElseGet(() -> Instant.now().truncatedTo(ChronoUnit.SECONDS));
        return new ObjectInfo(location, size, when, etag(response.eTag()));
    }

    private static Optional<Instant> httpDate(String value) {
        try {
            return Optional.of(ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<ObjectInfo> listed(Location prefix, S3Object object) {
        if (object.key().endsWith("/")) {
            return Optional.empty();
        }
        Location location;
        try {
            location = new Location(SCHEME, prefix.authority(), object.key());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        long size = object.size() == null ? 0 : object.size();
        Instant lastModified = object.lastModified() == null ? Instant.EPOCH : object.lastModified();
        return Optional.of(new ObjectInfo(location, size, lastModified, etag(object.eTag())));
    }

    /** S3 quotes its ETags; the quotes are not part of the tag. */
    static String etag(String raw) {
        if (raw == null) {
            return null;
        }
        return raw.length() >= 2 && raw.startsWith("\"") && raw.endsWith("\"") ? raw.substring(1, raw.length() - 1) : raw;
    }

    private static boolean isNotFound(Throwable failure) {
        return failure instanceof NoSuchKeyException
                || failure instanceof S3Exception s3 && s3.statusCode() == 404;
    }

    private static void checkScheme(Location location) {
        requireNonNull(location, "location is null");
        if (!location.scheme().equals(SCHEME)) {
            throw new ObjectStoreException(Kind.FAILED, location, "the S3 store serves s3:// locations, not " + location.uri());
        }
    }

    private static boolean namesNoObject(Location location) {
        return location.key().isEmpty() || location.key().endsWith("/");
    }

    private static void checkObject(Location location, String action) {
        checkScheme(location);
        if (namesNoObject(location)) {
            throw new ObjectStoreException(Kind.FAILED, location, "cannot " + action + " " + location.uri()
                    + ": it names a bucket or a prefix (ends with '/'), not an object");
        }
    }

    /** The future's value; an interrupt cancels it and keeps the thread's interrupt flag. */
    private static <T> T await(CompletableFuture<T> future) throws ExecutionException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new ExecutionException(e);
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a stray .part file beside the target is harmless; the failure that got us here matters more
        }
    }

    private static void closeQuietly(AwsCredentialsProvider provider) {
        if (provider instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception ignored) {
                // nothing to release that outlives the store
            }
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The body of a GET; a failure while reading it names the location. */
    private static final class ReadStream extends InputStream {

        private final ResponseInputStream<GetObjectResponse> stream;
        private final Location location;

        ReadStream(ResponseInputStream<GetObjectResponse> stream, Location location) {
            this.stream = stream;
            this.location = location;
        }

        @Override
        public int read() throws IOException {
            try {
                return stream.read();
            } catch (RuntimeException e) {
                throw new IOException(S3Errors.toStoreException("read", location, e).getMessage(), e);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                return stream.read(buffer, offset, length);
            } catch (RuntimeException e) {
                throw new IOException(S3Errors.toStoreException("read", location, e).getMessage(), e);
            }
        }

        @Override
        public int available() throws IOException {
            return stream.available();
        }

        @Override
        public void close() throws IOException {
            // closing before the end cancels the rest of the body rather than draining it
            stream.close();
        }
    }
}
