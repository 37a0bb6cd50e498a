package io.sparkplane.controlplane.http;

import io.sparkplane.controlplane.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Function;

/**
 * The opaque {@code cursor} of the list operations: a kind and the position's parts, joined by
 * {@code |} and base64url-encoded. Clients only pass it back; anything else is a 400 on
 * {@code query:cursor}. Parts must not hold a {@code |}.
 */
public final class PageCursors {

    private PageCursors() {}

    /** @param kind names the list and the cursor's format, so that one list's cursor is refused by another */
    public static String encode(String kind, Object... parts) {
        StringBuilder raw = new StringBuilder(kind);
        for (Object part : parts) {
            raw.append('|').append(part);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The position a cursor of this kind holds, read by {@code parse} from its parts. */
    public static <T> T decode(String cursor, String kind, int parts, Function<String[], T> parse) {
        try {
            String[] fields = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|", -1);
            if (fields.length != parts + 1 || !fields[0].equals(kind)) {
                throw new IllegalArgumentException("unknown cursor format");
            }
            return parse.apply(java.util.Arrays.copyOfRange(fields, 1, fields.length));
        } catch (RuntimeException e) {
            throw ProblemException.invalid("query:cursor", "is not a cursor this API handed out");
        }
    }
}
