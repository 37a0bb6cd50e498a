package io.sparkplane.store.gcs;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * How {@link GcsObjectStore} reaches Google Cloud Storage. Start from {@link #defaults()} and
 * change what differs; the defaults are those of the SDK where it has one.
 *
 * @param projectId the project billed and used for bucket operations; empty: the SDK's default
 *     (GOOGLE_CLOUD_PROJECT, then Application Default Credentials)
 * @param endpoint where the JSON API is served ({@code http://127.0.0.1:9023} for an emulator);
 *     empty: Google's public endpoint
 * @param credentials where credentials come from
 * @param maxAttempts attempts per request, the first included, before a transient failure
 *     (connection refused, 429, 5xx) is reported
 * @param totalTimeout how long one operation may keep retrying
 * @param initialRetryDelay the wait before the first retry; it doubles up to {@code maxRetryDelay}
 * @param maxRetryDelay the longest wait between two attempts
 * @param connectTimeout how long to wait for a TCP connection
 * @param readTimeout how long a socket read may block
 * @param uploadChunkBytes size of each resumable-upload request, a multiple of 256 KiB; content up to
 *     this size goes in one request
 * @param listPageSize objects asked for per listing page (the service caps it at 1000)
 * @param downloadPartBytes size of each ranged read when a download is split; objects up to this
 *     size are downloaded in one stream
 * @param downloadParallelism ranged reads of one download in flight at once
 */
public record GcsStoreSettings(
        Optional<String> projectId,
        Optional<URI> endpoint,
        GcsCredentials credentials,
        int maxAttempts,
        Duration totalTimeout,
        Duration initialRetryDelay,
        Duration maxRetryDelay,
        Duration connectTimeout,
        Duration readTimeout,
        int uploadChunkBytes,
        int listPageSize,
        long downloadPartBytes,
        int downloadParallelism) {

    /** The granularity the resumable upload protocol requires of every chunk but the last. */
    public static final int UPLOAD_CHUNK_GRANULARITY = 256 * 1024;

    public GcsStoreSettings {
        requireNonNull(projectId, "projectId is null");
        requireNonNull(endpoint, "endpoint is null");
        requireNonNull(credentials, "credentials is null");
        requireNonNull(totalTimeout, "totalTimeout is null");
        requireNonNull(initialRetryDelay, "initialRetryDelay is null");
        requireNonNull(maxRetryDelay, "maxRetryDelay is null");
        requireNonNull(connectTimeout, "connectTimeout is null");
        requireNonNull(readTimeout, "readTimeout is null");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        requirePositive("totalTimeout", totalTimeout);
        requirePositive("initialRetryDelay", initialRetryDelay);
        requirePositive("maxRetryDelay", maxRetryDelay);
        requirePositive("connectTimeout", connectTimeout);
        requirePositive("readTimeout", readTimeout);
        if (uploadChunkBytes < UPLOAD_CHUNK_GRANULARITY || uploadChunkBytes % UPLOAD_CHUNK_GRANULARITY != 0) {
            throw new IllegalArgumentException("uploadChunkBytes must be a positive multiple of 256 KiB, was " + uploadChunkBytes);
        }
        if (listPageSize < 1 || listPageSize > 1000) {
            throw new IllegalArgumentException("listPageSize must be between 1 and 1000, was " + listPageSize);
        }
        if (downloadPartBytes < 1024 * 1024) {
            throw new IllegalArgumentException("downloadPartBytes must be at least 1 MiB, was " + downloadPartBytes);
        }
        if (downloadParallelism < 1) {
            throw new IllegalArgumentException("downloadParallelism must be at least 1, was " + downloadParallelism);
        }
        endpoint.ifPresent(GcsStoreSettings::checkEndpoint);
    }

    /** Google's endpoint, Application Default Credentials, and the SDK's retry policy. */
    public static GcsStoreSettings defaults() {
        return new GcsStoreSettings(
                Optional.empty(),
                Optional.empty(),
                GcsCredentials.applicationDefault(),
                6,
                Duration.ofSeconds(50),
                Duration.ofSeconds(1),
                Duration.ofSeconds(32),
                Duration.ofSeconds(20),
                Duration.ofSeconds(20),
                16 * 1024 * 1024,
                1000,
                32L * 1024 * 1024,
                4);
    }

    public GcsStoreSettings withProjectId(String projectId) {
        return new GcsStoreSettings(Optional.of(projectId), endpoint, credentials, maxAttempts, totalTimeout, initialRetryDelay,
                maxRetryDelay, connectTimeout, readTimeout, uploadChunkBytes, listPageSize,
                downloadPartBytes, downloadParallelism);
    }

    public GcsStoreSettings withEndpoint(URI endpoint) {
        return new GcsStoreSettings(projectId, Optional.of(endpoint), credentials, maxAttempts, totalTimeout, initialRetryDelay,
                maxRetryDelay, connectTimeout, readTimeout, uploadChunkBytes, listPageSize,
                downloadPartBytes, downloadParallelism);
    }

    public GcsStoreSettings withCredentials(GcsCredentials credentials) {
        return new GcsStoreSettings(projectId, endpoint, credentials, maxAttempts, totalTimeout, initialRetryDelay,
                maxRetryDelay, connectTimeout, readTimeout, uploadChunkBytes, listPageSize,
                downloadPartBytes, downloadParallelism);
    }

    /** The retry policy: attempts per request, the time an operation may take in all, the first and longest wait. */
    public GcsStoreSettings withRetries(int maxAttempts, Duration totalTimeout, Duration initialRetryDelay, Duration maxRetryDelay) {
        return new GcsStoreSettings(projectId, endpoint, credentials, maxAttempts, totalTimeout, initialRetryDelay,
                maxRetryDelay, connectTimeout, readTimeout, uploadChunkBytes, listPageSize,
                downloadPartBytes, downloadParallelism);
    }

    public GcsStoreSettings withTimeouts(Duration connectTimeout, Duration readTimeout) {
        return new GcsStoreSettings(projectId, endpoint, credentials, maxAttempts, totalTimeout, initialRetryDelay,
                maxRetryDelay, connectTimeout, readTimeout, uploadChunkBytes, listPageSize,
                downloadPartBytes, downloadParallelism);
    }

    public GcsStoreSettings withUploadChunkBytes(int uploadChunkBytes) {
        return new GcsStoreSettings(projectId, endpoint, credentials, maxAttempts, totalTimeout, initialRetryDelay,
                maxRetryDelay, connectTimeout, readTimeout, uploadChunkBytes, listPageSize,
                downloadPartBytes, downloadParallelism);
    }

    public GcsStoreSettings withListPageSize(int listPageSize) {
        return new GcsStoreSettings(projectId, endpoint, credentials, maxAttempts, totalTimeout, initialRetryDelay,
                maxRetryDelay, connectTimeout, readTimeout, uploadChunkBytes, listPageSize,
                downloadPartBytes, downloadParallelism);
    }

    /** Downloads larger than {@code partBytes} go as ranged reads of that size, {@code parallelism} at a time. */
    public GcsStoreSettings withDownloadParts(long partBytes, int parallelism) {
        return new GcsStoreSettings(projectId, endpoint, credentials, maxAttempts, totalTimeout, initialRetryDelay,
                maxRetryDelay, connectTimeout, readTimeout, uploadChunkBytes, listPageSize,
                partBytes, parallelism);
    }

    private static void requirePositive(String name, Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + duration);
        }
    }

    private static void checkEndpoint(URI endpoint) {
        boolean http = "http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme());
        // the SDK appends /storage/v1/... to the host: a path, query or user info here would be lost or leak
        boolean bare = (endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() || endpoint.getRawPath().equals("/"))
                && endpoint.getRawQuery() == null && endpoint.getRawUserInfo() == null && endpoint.getHost() != null;
        if (!http || !bare) {
            throw new IllegalArgumentException("endpoint must be http(s)://host[:port] with no path, was " + endpoint.getScheme()
                    + "://" + endpoint.getHost() + (endpoint.getPort() < 0 ? "" : ":" + endpoint.getPort()) + "/...");
        }
    }
}
