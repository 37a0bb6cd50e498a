package io.sparkplane.store.gcs;

import static java.util.Objects.requireNonNull;

/**
 * Where the store's credentials come from. Closed: the store resolves each variant itself, so a
 * new source is a new case here rather than a string in a configuration file.
 */
public sealed interface GcsCredentials {

    /** The SDK's Application Default Credentials chain (GOOGLE_APPLICATION_CREDENTIALS, gcloud, metadata server). */
    static GcsCredentials applicationDefault() {
        return new ApplicationDefault();
    }

    /** No credentials at all: for emulators, which reject nothing and refuse tokens they cannot check. */
    static GcsCredentials none() {
        return new None();
    }

    /** A service account key, the JSON document the console downloads. */
    static GcsCredentials serviceAccountKey(String json) {
        return new ServiceAccountKey(json);
    }

    record ApplicationDefault() implements GcsCredentials {
    }

    record None() implements GcsCredentials {
    }

    /** @param json the key file's content; a secret, so {@link #toString()} never prints it */
    record ServiceAccountKey(String json) implements GcsCredentials {

        public ServiceAccountKey {
            requireNonNull(json, "json is null");
            if (json.isBlank()) {
                throw new IllegalArgumentException("the service account key is empty");
            }
        }

        @Override
        public String toString() {
            return "ServiceAccountKey[json=***]";
        }
    }
}
