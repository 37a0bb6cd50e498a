package io.sparkplane.launcher;

import static java.util.Objects.requireNonNull;

import io.sparkplane.spi.engine.LaunchSpec;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The job's files as local paths in the engine. A local path (development) is used where it is; an
 * artifact, object store URI or web URL is fetched by an {@link InputFetcher} into
 * {@code <inputs>/<n>/<file name>}, one directory per input so equal names do not collide.
 *
 * @param entrypoint the main Python file or jar
 * @param archives local archive paths, each with its {@code #alias} when the run gave one
 */
public record StagedInputs(Path entrypoint, List<Path> pyFiles, List<Path> jars, List<Path> files, List<String> archives) {

    public StagedInputs {
        requireNonNull(entrypoint, "entrypoint is null");
        pyFiles = List.copyOf(pyFiles);
        jars = List.copyOf(jars);
        files = List.copyOf(files);
        archives = List.copyOf(archives);
    }

    /** Why staging failed: a message for the user naming the location. */
    public static final class StagingException extends Exception {
        public StagingException(String message) {
            super(message);
        }
    }

    /** Fetches one input the run names into a local file. */
    @FunctionalInterface
    public interface InputFetcher {
        void fetch(String reference, Path target) throws StagingException;
    }

    /**
     * Resolves every location of the spec: local ones are checked with {@code exists}, the others
     * fetched into {@code inputsDirectory}.
     */
    public static StagedInputs stage(LaunchSpec spec, Path inputsDirectory, InputFetcher fetcher, Predicate<Path> exists)
            throws StagingException {
        Stager stager = new Stager(inputsDirectory, fetcher, exists);
        Path entrypoint = stager.stage(spec.entrypoint().location(), "entrypoint");
        List<Path> pyFiles = stager.stage(spec.pyFiles(), "pyFiles");
        List<Path> jars = stager.stage(spec.jars(), "jars");
        List<Path> files = stager.stage(spec.files(), "files");
        List<String> archives = new ArrayList<>();
        for (String archive : spec.archives()) {
            int hash = archive.lastIndexOf('#');
            String location = hash > 0 ? archive.substring(0, hash) : archive;
            String alias = hash > 0 ? archive.substring(hash) : "";
            archives.add(stager.stage(location, "archives") + alias);
        }
        return new StagedInputs(entrypoint, pyFiles, jars, files, archives);
    }

    public static StagedInputs stage(LaunchSpec spec, Path inputsDirectory, InputFetcher fetcher) throws StagingException {
        return stage(spec, inputsDirectory, fetcher, Files::isRegularFile);
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

    /**
     * The name a fetched input gets: the last segment of its location without query or fragment
     * ({@code artifact:sha256:<hash>/job.py} is {@code job.py}).
     */
    static String fileName(String reference) {
        String path = reference.replaceFirst("[?#].*$", "");
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.isEmpty() || name.equals(".") || name.equals("..") ? "input" : name;
    }

    private static final class Stager {
        private final Path inputsDirectory;
        private final InputFetcher fetcher;
        private final Predicate<Path> exists;
        private int fetched;

        Stager(Path inputsDirectory, InputFetcher fetcher, Predicate<Path> exists) {
            this.inputsDirectory = inputsDirectory;
            this.fetcher = fetcher;
            this.exists = exists;
        }

        List<Path> stage(List<String> locations, String what) throws StagingException {
            List<Path> paths = new ArrayList<>();
            for (String location : locations) {
                paths.add(stage(location, what));
            }
            return paths;
        }

        Path stage(String location, String what) throws StagingException {
            Optional<Path> local = localPath(location);
            if (local.isPresent()) {
                if (!exists.test(local.get())) {
                    throw new StagingException(what + " file " + local.get() + " does not exist or is not a regular file");
                }
                return local.get();
            }
            Path directory = inputsDirectory.resolve(Integer.toString(fetched++));
            try {
                Files.createDirectories(directory);
            } catch (IOException e) {
                throw new StagingException("cannot create " + directory + ": " + e.getMessage());
            }
            Path target = directory.resolve(fileName(location));
            fetcher.fetch(location, target);
            return target;
        }
    }
}
