package io.sparkplane.spi.storage;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;

/**
 * Exactly {@code length} bytes of a stream: reads stop there, and a stream that ends sooner fails
 * with {@link ContentException} instead of letting a store keep an object shorter than its
 * Content-Length. Does not close the stream it wraps (the caller of {@code put} owns it).
 */
public final class ExactLengthInputStream extends InputStream {

    private final InputStream content;
    private final long length;
    private long read;

    public ExactLengthInputStream(InputStream content, long length) {
        this.content = requireNonNull(content, "content is null");
        if (length < 0) {
            throw new IllegalArgumentException("length is negative");
        }
        this.length = length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int count = read(one, 0, 1);
        return count < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) throws IOException {
        if (count == 0) {
            return 0;
        }
        long left = length - read;
        if (left == 0) {
            return -1;
        }
        int got;
        try {
            got = content.read(buffer, offset, (int) Math.min(count, left));
        } catch (IOException e) {
            throw ContentException.unreadable(read, e);
        }
        if (got < 0) {
            throw ContentException.tooShort(read, length);
        }
        read += got;
        return got;
    }

    @Override
    public int available() throws IOException {
        try {
            return (int) Math.min(content.available(), length - read);
        } catch (IOException e) {
            throw ContentException.unreadable(read, e);
        }
    }
}
