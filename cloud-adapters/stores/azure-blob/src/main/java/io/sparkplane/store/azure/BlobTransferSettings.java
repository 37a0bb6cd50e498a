package io.sparkplane.store.azure;

/**
 * How files move: uploads larger than {@code singleUploadLimitBytes} are staged as blocks of
 * {@code blockSizeBytes} and committed as one block list; downloads read ranges of the same size;
 * up to {@code maxConcurrency} blocks or ranges are in flight at once.
 */
public record BlobTransferSettings(long blockSizeBytes, long singleUploadLimitBytes, int maxConcurrency) {

    private static final long MEBIBYTE = 1024 * 1024;

    /**
     * 8 MiB blocks, four at a time. The single-upload limit is lowered from the SDK's 256 MiB to one
     * block, so a large file is sent in parallel and a failed block is retried alone.
     */
    public static final BlobTransferSettings DEFAULT = new BlobTransferSettings(8 * MEBIBYTE, 8 * MEBIBYTE, 4);

    /** The Blob service's limits for one staged block and for one Put Blob request (API 2019-12-12 on). */
    private static final long MAX_BLOCK_BYTES = 4000 * MEBIBYTE;
    private static final long MAX_SINGLE_UPLOAD_BYTES = 5000 * MEBIBYTE;

    public BlobTransferSettings {
        if (blockSizeBytes < 1 || blockSizeBytes > MAX_BLOCK_BYTES) {
            throw new IllegalArgumentException("blockSizeBytes must be in 1.." + MAX_BLOCK_BYTES + ": " + blockSizeBytes);
        }
        if (singleUploadLimitBytes < 1 || singleUploadLimitBytes > MAX_SINGLE_UPLOAD_BYTES) {
            throw new IllegalArgumentException("singleUploadLimitBytes must be in 1.." + MAX_SINGLE_UPLOAD_BYTES + ": " + singleUploadLimitBytes);
        }
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency must be at least 1: " + maxConcurrency);
        }
    }
}
