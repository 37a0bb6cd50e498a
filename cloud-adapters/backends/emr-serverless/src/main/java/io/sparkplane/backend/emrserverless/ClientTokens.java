package io.sparkplane.backend.emrserverless;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The {@code clientToken} of a create call, derived from the name of what it creates: a call
 * repeated after a timeout or a crash carries the same token, and EMR Serverless answers it with
 * what the first call made instead of making a second.
 */
final class ClientTokens {

    /** What the API takes: 1 to 64 of these characters. */
    static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final int HASH_LENGTH = 16;

    private ClientTokens() {}

    /** The name itself when the API takes it; else its valid characters and a hash of the whole name, 64 at most. */
    static String of(String name) {
        if (VALID.matcher(name).matches()) {
            return name;
        }
        String kept = name.replaceAll("[^A-Za-z0-9._-]", "-");
        String prefix = kept.substring(0, Math.min(kept.length(), 64 - HASH_LENGTH - 1));
        return prefix + "-" + sha256(name).substring(0, HASH_LENGTH);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
