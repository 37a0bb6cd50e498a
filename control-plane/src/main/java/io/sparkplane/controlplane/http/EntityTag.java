package io.sparkplane.controlplane.http;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The weak entity tag of a JSON answer and the {@code If-None-Match} check (RFC 9110 §8.8.3, §13.1.2),
 * so that a client polling a run or a list is answered 304 with no body while nothing changed. Weak,
 * because the same JSON may one day be sent compressed or re-encoded. Pure.
 */
public final class EntityTag {

    private EntityTag() {}

    /** {@code W/"<22 characters of the SHA-256 of the bytes>"}. */
    public static String of(byte[] representation) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(representation);
            String hash = Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
            return "W/\"" + hash.substring(0, 22) + "\"";
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JVM has SHA-256", impossible);
        }
    }

    /** Whether an {@code If-None-Match} header names this tag, or is {@code *}; compared weakly, as GET asks. */
    public static boolean matches(String ifNoneMatch, String tag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        String opaque = opaque(tag);
        for (String candidate : ifNoneMatch.split(",")) {
            String trimmed = candidate.trim();
            if (trimmed.equals("*") || (!trimmed.isEmpty() && opaque(trimmed).equals(opaque))) {
                return true;
            }
        }
        return false;
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }
}
