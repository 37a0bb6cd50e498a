package io.sparkplane.store.s3;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import software.amazon.awssdk.core.FileTransformerConfiguration;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/**
 * Downloads one object as ranged GETs ({@code Range: bytes=a-b}) in parallel, each written at its
 * offset of the target file. Every S3-compatible server serves ranges, unlike the part-number GETs
 * the SDK's multipart download uses (neither s3proxy nor moto answers those), and a single stream
 * is bound by one connection and one event loop. Each range is pinned to the ETag seen first
 * ({@code If-Match}), so an object replaced meanwhile fails the download instead of mixing versions.
 */
final class S3RangedDownload {

    /** Ranges in flight at once per download. */
    static final int PARALLELISM = 8;

    private S3RangedDownload() {}

    /** The ranges of an object of {@code size} bytes in parts of {@code partSize}: {from, to} inclusive. */
    static List<long[]> ranges(long size, long partSize) {
        List<long[]> ranges = new ArrayList<>();
        for (long from = 0; from < size; from += partSize) {
            ranges.add(new long[] {from, Math.min(size, from + partSize) - 1});
        }
        return ranges;
    }

    /** Fills {@code target} (which must exist) with the object's bytes; the first failure ends it. */
    static void download(S3AsyncClient client, String bucket, String key, String etag, long size, long partSize, int parallelism,
            Path target) throws ExecutionException, InterruptedException {
        Semaphore inFlight = new Semaphore(parallelism);
        List<CompletableFuture<?>> parts = new ArrayList<>();
        CompletableFuture<Void> failed = new CompletableFuture<>();
        try {
            for (long[] range : ranges(size, partSize)) {
                inFlight.acquire();
                if (failed.isDone()) {
                    break;
                }
                FileTransformerConfiguration atOffset = FileTransformerConfiguration.builder()
                        .fileWriteOption(FileTransformerConfiguration.FileWriteOption.WRITE_TO_POSITION)
                        .position(range[0])
                        .failureBehavior(FileTransformerConfiguration.FailureBehavior.LEAVE)
                        .build();
                CompletableFuture<?> part;
                try {
                    part = client.getObject(request -> {
                        request.bucket(bucket).key(key).range("bytes=" + range[0] + "-" + range[1]);
                        if (etag != null) {
                            request.ifMatch(etag);
                        }
                    }, AsyncResponseTransformer.toFile(target, atOffset));
                } catch (RuntimeException e) {
                    inFlight.release();
                    throw new ExecutionException(e);
                }
                // the SDK's own future: cancelling it (below) stops its transfer, a dependent one would not
                parts.add(part);
                part.whenComplete((response, error) -> {
                    inFlight.release();
                    if (error != null) {
                        failed.completeExceptionally(error);
                    }
                });
            }
            CompletableFuture.anyOf(CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)), failed).get();
            if (failed.isCompletedExceptionally()) {
                failed.get();
            }
        } finally {
            parts.forEach(part -> part.cancel(true));
        }
    }
}
