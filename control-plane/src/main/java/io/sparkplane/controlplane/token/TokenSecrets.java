package io.sparkplane.controlplane.token;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * API token secrets: {@code spk_} and 32 random bytes in URL-safe base64, kept only as their
 * SHA-256. A fast hash suffices because the secret is random, not chosen by a person.
 */
public final class TokenSecrets {

    public static final String PREFIX = "spk_";
    /** How much of a secret is kept in the clear to tell tokens apart in a list: {@code spk_} and 8 characters. */
    static final int SHOWN_LENGTH = PREFIX.length() + 8;
    private static final int RANDOM_BYTES = 32;
    private static final Pattern WELL_FORMED = Pattern.compile("spk_[A-Za-z0-9_-]{43,128}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenSecrets() {}

    public static String generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether a string has the shape of a token secret (a configured bootstrap secret must). */
    public static boolean wellFormed(String secret) {
        return secret != null && WELL_FORMED.matcher(secret).matches();
    }

    public static String hash(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    public static String shownPrefix(String secret) {
        return secret.substring(0, Math.min(SHOWN_LENGTH, secret.length()));
    }
}
