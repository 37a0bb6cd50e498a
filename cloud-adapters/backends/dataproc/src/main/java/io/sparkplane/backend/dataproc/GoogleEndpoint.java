package io.sparkplane.backend.dataproc;

import static java.util.Objects.requireNonNull;

/**
 * Where Dataproc's gRPC API is and how it is reached.
 *
 * @param hostAndPort {@code host:port}
 * @param plaintext no TLS and no credentials: an emulator or a fake on loopback, never Google
 * @param credentials whether calls carry Application Default Credentials
 */
public record GoogleEndpoint(String hostAndPort, boolean plaintext, boolean credentials) {

    public GoogleEndpoint {
        requireNonNull(hostAndPort, "hostAndPort is null");
        if (plaintext && credentials) {
            throw new IllegalArgumentException("credentials are never sent in plaintext");
        }
    }

    /** Google's regional endpoint, which Dataproc asks for in every region but {@code global}. */
    static GoogleEndpoint regional(String region) {
        return new GoogleEndpoint(region + "-dataproc.googleapis.com:443", false, true);
    }
}
