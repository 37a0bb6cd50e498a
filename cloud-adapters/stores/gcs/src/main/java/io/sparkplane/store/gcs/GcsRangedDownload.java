package io.sparkplane.store.gcs;

import static java.util.Objects.requireNonNull;

import com.google.cloud.ReadChannel;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One object copied into a file as ranged reads run in parallel, each through its own {@link
 * ReadChannel} (which the SDK retries and resumes) and written at its offset. The object id carries
 * the generation, so every range comes from the same version.
 */
final class GcsRangedDownload {

    private static final int BUFFER_BYTES = 1024 * 1024;

    private final Storage storage;
    private final BlobId object;
    private final long size;
    private final long partBytes;
    private final int parallelism;

    GcsRangedDownload(Storage storage, BlobId object, long size, long partBytes, int parallelism) {
        this.storage = requireNonNull(storage, "storage is null");
        this.object = requireNonNull(object, "object is null");
        this.size = size;
        this.partBytes = partBytes;
        this.parallelism = parallelism;
    }

    /** Writes the object into {@code target}, which exists and is replaced from offset 0. */
    void into(Path target) throws IOException {
        int parts = Math.toIntExact((size + partBytes - 1) / partBytes);
        ExecutorService readers = Executors.newFixedThreadPool(Math.min(parts, parallelism), runnable -> {
            Thread thread = new Thread(runnable, "gcs-download-" + object.getName());
            thread.setDaemon(true);
            return thread;
        });
        try (FileChannel file = FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            List<Future<Void>> ranges = new ArrayList<>();
            for (long start = 0; start < size; start += partBytes) {
                long from = start;
                long to = Math.min(size, start + partBytes);
                ranges.add(readers.submit(() -> copyRange(from, to, file)));
            }
            for (Future<Void> range : ranges) {
                awaitRange(range);
            }
        } finally {
            readers.shutdownNow(); // after a failure, the other ranges need not finish
        }
    }

    private Void copyRange(long from, long to, FileChannel file) throws IOException {
        try (ReadChannel reader = storage.reader(object)) {
            reader.seek(from);
            reader.limit(to);
            ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
            long position = from;
            while (position < to) {
                buffer.clear();
                if (reader.read(buffer) < 0) {
                    throw new EOFException("the object ended at byte " + position + " of " + size);
                }
                buffer.flip();
                while (buffer.hasRemaining()) {
                    position += file.write(buffer, position);
                }
            }
        }
        return null;
    }

    private static void awaitRange(Future<Void> range) throws IOException {
        try {
            range.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while downloading");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(cause);
        }
    }
}
