package io.sparkplane.controlplane.staging;

import static java.util.Objects.requireNonNull;

import io.sparkplane.spi.storage.Location;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses what a run names as code or a file into a {@link RunInput}, or says in one sentence why it
 * may not: checked before anything is stored. Pure but for host lookups, which go through the
 * given {@link PublicAddresses.Resolver}.
 *
 * @param allowedSchemes the URI schemes allowed besides artifacts ({@code s3}, {@code https}, ...)
 * @param localRoots directories under which local paths are allowed; empty outside development
 */
public record RunInputParser(Set<String> allowedSchemes, List<Path> localRoots, PublicAddresses.Resolver resolver) {

    public static final String ARTIFACT_PREFIX = "artifact:sha256:";
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9._+=-]{1,255}");
    private static final Set<String> STORE_SCHEMES = Set.of("s3", "gs", "abfss", "wasbs");
    private static final Set<String> WEB_SCHEMES = Set.of("https", "http");

    /** Whether a name is one an artifact's file may have: 1 to 255 letters, digits or {@code ._+=-}, not {@code .} or {@code ..}. */
    public static boolean isArtifactFileName(String name) {
        return FILE_NAME.matcher(name).matches() && !name.equals(".") && !name.equals("..");
    }

    public RunInputParser {
        allowedSchemes = Set.copyOf(allowedSchemes);
        localRoots = requireNonNull(localRoots, "localRoots is null").stream().map(root -> root.toAbsolutePath().normalize()).toList();
        requireNonNull(resolver, "resolver is null");
    }

    /** Thrown with the reason a value is refused. */
    public static final class InvalidInputException extends Exception {
        public InvalidInputException(String message) {
            super(message);
        }
    }

    public RunInput parse(String value) throws InvalidInputException {
        if (value.startsWith(ARTIFACT_PREFIX)) {
            return artifact(value.substring(ARTIFACT_PREFIX.length()));
        }
        if (value.startsWith("/") || value.regionMatches(true, 0, "file:", 0, 5)) {
            return local(value);
        }
        int colon = value.indexOf(':');
        String scheme = colon < 0 ? "" : value.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!scheme.matches("[a-z][a-z0-9+.-]*")) {
            throw new InvalidInputException("must be an artifact (" + ARTIFACT_PREFIX + "<hash>/<name>), an object store URI ("
                    + "s3://, gs://, abfss://, wasbs://) or an https:// URL");
        }
        if (!allowedSchemes.contains(scheme)) {
            throw new InvalidInputException("the scheme " + scheme + ":// is not allowed here; allowed: artifacts and "
                    + String.join(", ", new java.util.TreeSet<>(allowedSchemes)));
        }
        if (STORE_SCHEMES.contains(scheme)) {
            return store(value);
        }
        if (WEB_SCHEMES.contains(scheme)) {
            return web(value);
        }
        throw new InvalidInputException("the scheme " + scheme + ":// cannot be fetched by Sparkplane");
    }

    private static RunInput artifact(String rest) throws InvalidInputException {
        int slash = rest.indexOf('/');
        if (slash < 0) {
            throw new InvalidInputException("an artifact names its file: " + ARTIFACT_PREFIX + "<hash>/<name>, such as "
                    + ARTIFACT_PREFIX + "<hash>/job.py");
        }
        ArtifactHash hash;
        try {
            hash = new ArtifactHash(rest.substring(0, slash));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("the artifact's hash: " + e.getMessage());
        }
        String name = rest.substring(slash + 1);
        if (!isArtifactFileName(name)) {
            throw new InvalidInputException("the artifact's file name must be 1 to 255 letters, digits or ._+=- (no slashes), got '"
                    + printable(name) + "'");
        }
        return new RunInput.ArtifactInput(hash, name);
    }

    private static RunInput store(String value) throws InvalidInputException {
        Location location;
        try {
            location = Location.parse(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
        if (location.key().isEmpty() || location.key().endsWith("/")) {
            throw new InvalidInputException("must name an object, not a bucket or a prefix");
        }
        return new RunInput.StoreInput(location);
    }

    private RunInput web(String value) throws InvalidInputException {
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new InvalidInputException("is not a URL: " + e.getReason());
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            throw new InvalidInputException("must be a URL with a host and no user information");
        }
        String path = uri.getPath();
        if (path == null || path.isEmpty() || path.endsWith("/") || uri.getRawFragment() != null) {
            throw new InvalidInputException("must name a file (a path not ending in '/') and have no fragment");
        }
        String problem = PublicAddresses.problem(uri.getHost(), resolver);
        if (problem != null) {
            throw new InvalidInputException(problem + ": only public hosts may be fetched from");
        }
        return new RunInput.WebInput(uri);
    }

    private RunInput local(String value) throws InvalidInputException {
        if (localRoots.isEmpty()) {
            throw new InvalidInputException("local paths are only accepted in development (sparkplane.inputs.local-roots);"
                    + " upload the file as an artifact (POST /api/v1/artifacts) or name an object store URI");
        }
        String raw;
        if (value.startsWith("/")) {
            raw = value;
        } else {
            try {
                URI uri = new URI(value);
                if (uri.getRawAuthority() != null && !uri.getRawAuthority().isEmpty() && !uri.getRawAuthority().equals("localhost")) {
                    throw new InvalidInputException("a file: URI names no host");
                }
                if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                    throw new InvalidInputException("a file: URI has no query or fragment");
                }
                if (uri.getRawPath() != null && uri.getRawPath().toLowerCase(Locale.ROOT).contains("%2f")) {
                    throw new InvalidInputException("must not encode '/'");
                }
                raw = uri.getPath();
            } catch (URISyntaxException e) {
                throw new InvalidInputException("is not a file: URI: " + e.getReason());
            }
        }
        if (raw == null || !raw.startsWith("/")) {
            throw new InvalidInputException("must be an absolute path");
        }
        for (String segment : raw.split("/")) {
            if (segment.equals("..") || segment.equals(".")) {
                throw new InvalidInputException("must not have '.' or '..' segments");
            }
        }
        Path path = Path.of(raw).normalize();
        if (localRoots.stream().noneMatch(path::startsWith)) {
            throw new InvalidInputException("is outside the allowed local roots (sparkplane.inputs.local-roots)");
        }
        if (path.getFileName() == null) {
            throw new InvalidInputException("must name a file");
        }
        return new RunInput.LocalInput(path);
    }

    private static String printable(String value) {
        String cut = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
