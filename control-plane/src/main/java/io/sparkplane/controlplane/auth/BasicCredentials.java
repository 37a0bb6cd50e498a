package io.sparkplane.controlplane.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads the password of an {@code Authorization: Basic <base64(user:password)>} header (RFC 7617).
 * The Livy batch API takes an API token as the password (any user name), because Livy's clients
 * (Airflow's Livy connection, given a login) send Basic credentials where they cannot send a bearer
 * token. Pure.
 */
public final class BasicCredentials {

    private BasicCredentials() {}

    public static Optional<String> password(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String trimmed = header.strip();
        int space = trimmed.indexOf(' ');
        if (space <= 0 || !trimmed.substring(0, space).toLowerCase(Locale.ROOT).equals("basic")) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(trimmed.substring(space + 1).strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0 || colon == decoded.length() - 1) {
            return Optional.empty();
        }
        return Optional.of(decoded.substring(colon + 1));
    }
}
