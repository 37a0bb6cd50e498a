package io.sparkplane.controlplane.auth;

import java.util.Locale;
import java.util.Optional;

/** Reads the credentials of an {@code Authorization: Bearer <secret>} header (RFC 6750). Pure. */
public final class BearerCredentials {

    private BearerCredentials() {}

    public static Optional<String> of(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String trimmed = header.strip();
        int space = trimmed.indexOf(' ');
        if (space <= 0 || !trimmed.substring(0, space).toLowerCase(Locale.ROOT).equals("bearer")) {
            return Optional.empty();
        }
        String credentials = trimmed.substring(space + 1).strip();
        return credentials.isEmpty() ? Optional.empty() : Optional.of(credentials);
    }
}
