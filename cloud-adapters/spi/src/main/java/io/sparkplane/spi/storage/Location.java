package io.sparkplane.spi.storage;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Set;

/**
 * Where an object is: a scheme, the authority that names the bucket or container, and the key
 * inside it. Parsed from and printed as a URI:
 *
 * <pre>
 * s3://bucket/path/to/key
 * gs://bucket/path/to/key
 * abfss://container@account.dfs.core.windows.net/path/to/key
 * wasbs://container@account.blob.core.windows.net/path/to/key
 * file:///absolute/path            (authority empty, key "absolute/path")
 * </pre>
 *
 * A key never starts with {@code /}, has no empty, {@code .} or {@code ..} segment, and may end
 * with {@code /} when it names a prefix. Keys are kept decoded; {@link #uri()} encodes them again.
 *
 * @param scheme lower case, one of {@link #SCHEMES}
 * @param authority the bucket ({@code s3}, {@code gs}), {@code container@host} (Azure), or empty ({@code file})
 * @param key the object's key, possibly empty (the root of the bucket)
 */
public record Location(String scheme, String authority, String key) {

    public static final Set<String> SCHEMES = Set.of("s3", "gs", "abfss", "wasbs", "file");

    public Location {
        requireNonNull(scheme, "scheme is null");
        requireNonNull(authority, "authority is null");
        requireNonNull(key, "key is null");
        if (!SCHEMES.contains(scheme)) {
            throw new IllegalArgumentException("unsupported scheme '" + scheme + "'; supported: s3, gs, abfss, wasbs, file");
        }
        if (scheme.equals("file") != authority.isEmpty()) {
            throw new IllegalArgumentException(scheme.equals("file")
                    ? "a file location has no host: file:///absolute/path"
                    : "a " + scheme + " location needs a bucket or container: " + scheme + "://<bucket>/<key>");
        }
        checkKey(key);
    }

    /** @throws IllegalArgumentException naming what is wrong with {@code uri} */
    public static Location parse(String uri) {
        requireNonNull(uri, "uri is null");
        URI parsed;
        try {
            parsed = new URI(uri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a URI: " + e.getMessage());
        }
        if (parsed.getScheme() == null) {
            throw new IllegalArgumentException("not an absolute URI (scheme://...): " + uri);
        }
        if (parsed.getRawQuery() != null || parsed.getRawFragment() != null) {
            throw new IllegalArgumentException("a location has no query or fragment: " + uri);
        }
        if (parsed.getRawPath() != null && parsed.getRawPath().toUpperCase(java.util.Locale.ROOT).contains("%2F")) {
            throw new IllegalArgumentException("encoded '/' in a location: " + uri);
        }
        String scheme = parsed.getScheme().toLowerCase(java.util.Locale.ROOT);
        String authority = parsed.getAuthority() == null ? "" : parsed.getAuthority();
        String path = parsed.getPath() == null ? "" : parsed.getPath();
        if (parsed.isOpaque()) {
            throw new IllegalArgumentException("not a hierarchical URI (scheme://authority/key): " + uri);
        }
        String key = path.startsWith("/") ? path.substring(1) : path;
        return new Location(scheme, authority, key);
    }

    /** The location as a URI string, the key percent-encoded where it must be. */
    public String uri() {
        try {
            // only the path is encoded: an authority such as my_bucket or host:port is kept as given
            String path = new URI(null, null, "/" + key, null).toASCIIString();
            return scheme + "://" + authority + path;
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot print location " + scheme + "://" + authority + "/" + key, e);
        }
    }

    /** The location of {@code relative} (a key, {@code a/b}) under this one, as under a directory. */
    public Location resolve(String relative) {
        requireNonNull(relative, "relative is null");
        if (relative.startsWith("/")) {
            throw new IllegalArgumentException("not a relative key: " + relative);
        }
        String base = key.isEmpty() || key.endsWith("/") ? key : key + "/";
        return new Location(scheme, authority, base + relative);
    }

    /** This location as a prefix: its key ends with {@code /} (unless it is the root). */
    public Location asPrefix() {
        return key.isEmpty() || key.endsWith("/") ? this : new Location(scheme, authority, key + "/");
    }

    /** The last segment of the key, {@code ""} at the root. */
    public String name() {
        String trimmed = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    @Override
    public String toString() {
        return uri();
    }

    private static void checkKey(String key) {
        if (key.startsWith("/")) {
            throw new IllegalArgumentException("a key does not start with '/': " + key);
        }
        if (key.indexOf('\0') >= 0 || key.indexOf('\\') >= 0) {
            throw new IllegalArgumentException("a key has no NUL or backslash");
        }
        if (key.isEmpty()) {
            return;
        }
        String trimmed = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
        for (String segment : trimmed.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("a key has no empty, '.' or '..' segment: " + key);
            }
        }
    }
}
