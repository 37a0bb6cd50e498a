package io.sparkplane.controlplane.staging;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * An artifact's bytes as read from staging, hashed on the way: at the end, bytes that are not the
 * ones its name promises (replaced in the bucket by anyone with write access) end the read with an
 * {@link IOException} instead of reaching a job.
 */
final class VerifiedArtifactStream extends FilterInputStream {

    private final ArtifactHash expected;
    private final MessageDigest digest;
    private boolean checked;

    VerifiedArtifactStream(InputStream content, ArtifactHash expected) {
        super(content);
        this.expected = expected;
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    @Override
    public int read() throws IOException {
        int next = super.read();
        if (next < 0) {
            check();
        } else {
            digest.update((byte) next);
        }
        return next;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int read = super.read(buffer, offset, length);
        if (read < 0) {
            check();
        } else {
            digest.update(buffer, offset, read);
        }
        return read;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("an artifact is read whole, so that its hash can be checked");
    }

    private void check() throws IOException {
        if (!checked) {
            checked = true;
            ArtifactHash actual = ArtifactHash.of(digest.digest());
            if (!actual.equals(expected)) {
                throw new IOException("artifact " + expected + " in staging does not hash to its name (" + actual + "): it was changed there");
            }
        }
    }
}
