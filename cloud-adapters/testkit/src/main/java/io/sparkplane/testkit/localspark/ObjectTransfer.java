package io.sparkplane.testkit.localspark;

import java.io.IOException;

/**
 * The two object-store calls a fake cloud's local runs need: a run's inputs copied out of the
 * store, its event log (and, where the cloud does so, its driver output) put back. Each fake brings
 * the one for its store: gs:// against fake-gcs-server, abfss:// and wasbs:// against Azurite.
 */
public interface ObjectTransfer {

    /** The object's bytes; an IOException names the URI when it is missing or unreadable. */
    byte[] download(String uri) throws IOException;

    /** Writes the object whole, replacing what was there. */
    void upload(String uri, byte[] data) throws IOException;

    /**
     * Whether the URI is one of this store's (copied out before the run, put back after); other
     * URIs reach spark-submit as given. By default any URI with a scheme other than the local ones
     * ({@code file:}, {@code local:}); a store overrides it to name its own schemes.
     */
    default boolean handles(String uri) {
        int colon = uri.indexOf("://");
        if (colon <= 0) {
            return false;
        }
        String scheme = uri.substring(0, colon);
        return !scheme.equals("file") && !scheme.equals("local");
    }
}
