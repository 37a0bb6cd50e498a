package io.sparkplane.testkit.azure;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

/** A user and password that HTTP Basic authentication checks; its toString never shows the password. */
record BasicLogin(String user, String password) {

    BasicLogin {
        requireNonNull(user, "user is null");
        requireNonNull(password, "password is null");
    }

    /** The user an Authorization header authenticates as this login, or empty. */
    Optional<String> authenticate(Optional<String> authorization) {
        if (authorization.isEmpty() || !authorization.get().regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(authorization.get().substring(6).strip());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        byte[] expected = (user + ":" + password).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, expected) ? Optional.of(user) : Optional.empty();
    }

    @Override
    public String toString() {
        return "BasicLogin[user=" + user + ", password=***]";
    }
}
