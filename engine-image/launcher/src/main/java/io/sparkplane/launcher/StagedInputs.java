package io.sparkplane.launcher;

import static java.util.Objects.requireNonNull;

import io.sparkplane.spi.engine.LaunchSpec;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The job's files as local paths. For now every location must be an absolute local path or a
 * {@code file:} URI; fetching from object stores comes with the stores.
 *
 * @param entrypoint the main Python file or jar
 */
public record StagedInputs(Path entrypoint, List<Path> pyFiles, List<Path> jars, List<Path> files) {

    public StagedInputs {
        requireNonNull(entrypoint, "entrypoint is null");
        pyFiles = List.copyOf(pyFiles);
        jars = List.copyOf(jars);
        files = List.copyOf(files);
    }

    /** Why staging failed: a message for the user naming the location. */
    public static final class StagingException extends Exception {
        public StagingException(String message) {
            super(message);
        }
    }

    /** Resolves every location of the spec and checks, with {@code exists}, that the file is there. */
    public static StagedInputs stage(LaunchSpec spec, Predicate<Path> exists) throws StagingException {
        return new StagedInputs(
                existing(spec.entrypoint().location(), "entrypoint", exists),
                existing(spec.pyFiles(), "pyFiles", exists),
                existing(spec.jars(), "jars", exists),
                existing(spec.files(), "files", exists));
    }

    public static StagedInputs stage(LaunchSpec spec) throws StagingException {
        return stage(spec, Files::isRegularFile);
    }

    /** Turns an absolute path or {@code file:} URI into a local path; anything else is empty. */
    public static Optional<Path> localPath(String location) {
        if (location.startsWith("/")) {
            return Optional.of(Path.of(location).normalize());
        }
        if (location.startsWith("file:")) {
            try {
                URI uri = new URI(location);
                if (uri.getAuthority() != null && !uri.getAuthority().isEmpty() && !uri.getAuthority().equals("localhost")) {
                    return Optional.empty();
                }
                String path = uri.getPath();
                return path == null || !path.startsWith("/") ? Optional.empty() : Optional.of(Path.of(path).normalize());
            } catch (URISyntaxException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static List<Path> existing(List<String> locations, String what, Predicate<Path> exists) throws StagingException {
        List<Path> paths = new ArrayList<>();
        for (String location : locations) {
            paths.add(existing(location, what, exists));
        }
        return paths;
    }

    private static Path existing(String location, String what, Predicate<Path> exists) throws StagingException {
        Path path = localPath(location).orElseThrow(() -> new StagingException("cannot stage " + what + " " + location
                + ": only absolute local paths and file: URIs are supported"));
        if (!exists.test(path)) {
            throw new StagingException(what + " file " + path + " does not exist or is not a regular file");
        }
        return path;
    }
}
