package io.sparkplane.controlplane.dispatch;

import io.sparkplane.controlplane.staging.ConfiguredObjectStores;
import io.sparkplane.controlplane.staging.ObjectStores;
import io.sparkplane.controlplane.staging.RunInput;
import io.sparkplane.controlplane.staging.RunInputParser;
import io.sparkplane.controlplane.staging.RunInputs;
import io.sparkplane.controlplane.workspace.Workspace;
import io.sparkplane.listener.ListenerJar;
import io.sparkplane.spi.engine.Entrypoint;
import io.sparkplane.spi.engine.LaunchSpec;
import io.sparkplane.spi.engine.StagedAttempt;
import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectStoreException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Stages what an attempt of a service-hosted backend ({@code JobHosting.SERVICE}: EMR, EMR
 * Serverless) needs where its service reads it, in the workspace's staging: the run's inputs under
 * {@code runs/<run>/<attempt>/inputs/<n>/<file name>} (named as the launcher names what it fetches,
 * so {@code main.py} stays {@code main.py}), the backlog listener's jar once per content under
 * {@code engine/}, and the attempt's engine API token as an object the listener reads with the job's
 * own access, never a command-line argument. Every step may be repeated: a provision retried after a
 * crash stages the same objects again.
 */
@ApplicationScoped
public class ServiceStaging {

    private static final Logger LOG = Logger.getLogger(ServiceStaging.class);
    static final String INPUTS = "inputs/";
    static final String TOKEN = "engine/token";
    /** What a service's comma-separated option lists and Hadoop's paths take in a file name as it is. */
    private static final Pattern UNSAFE_NAME_CHARACTER = Pattern.compile("[^A-Za-z0-9._+=@-]");
    private static Path packedListener;

    private final ConfiguredObjectStores storeProfiles;
    private final RunInputs inputs;
    private final RunWorkspaces workspaces;

    ServiceStaging(ConfiguredObjectStores storeProfiles, RunInputs inputs, RunWorkspaces workspaces) {
        this.storeProfiles = storeProfiles;
        this.inputs = inputs;
        this.workspaces = workspaces;
    }

    /** The launch spec naming the staged copies, and what was staged beside them. */
    public record Staged(LaunchSpec launch, StagedAttempt attempt) {}

    /** Why an attempt's inputs could not be staged: a message for the user naming the input. */
    public static final class StagingFailedException extends Exception {
        StagingFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public Staged stage(Workspace workspace, LaunchSpec launch) throws StagingFailedException {
        UUID runId = UUID.fromString(launch.runId());
        Location prefix = workspace.staging().attempt(runId, launch.attempt());
        ObjectStores stores = storeProfiles.profile(workspace.storeProfile()).stores();
        RunInputParser parser = inputs.parser(workspace);
        Copier copier = new Copier(workspace, stores, parser, prefix);
        Entrypoint entrypoint = launch.entrypoint() instanceof Entrypoint.Jar jar
                ? new Entrypoint.Jar(copier.copy(jar.location(), "entrypoint"), jar.mainClass())
                : new Entrypoint.PythonFile(copier.copy(launch.entrypoint().location(), "entrypoint"));
        List<String> pyFiles = copier.copy(launch.pyFiles(), "pyFiles");
        List<String> jars = copier.copy(launch.jars(), "jars");
        List<String> files = copier.copy(launch.files(), "files");
        List<String> archives = new ArrayList<>();
        for (String archive : launch.archives()) {
            int hash = archive.lastIndexOf('#');
            String location = hash > 0 ? archive.substring(0, hash) : archive;
            archives.add(copier.copy(location, "archives") + (hash > 0 ? archive.substring(hash) : ""));
        }
        Location listener = stageListener(workspace, stores);
        Location token = prefix.resolve(TOKEN);
        try {
            byte[] bytes = (launch.token() + "\n").getBytes(StandardCharsets.UTF_8);
            stores.put(token, new ByteArrayInputStream(bytes), bytes.length);
        } catch (ObjectStoreException e) {
            throw new StagingFailedException("cannot stage the attempt's engine token at " + token.uri() + ": " + e.getMessage(), e);
        }
        LaunchSpec staged = new LaunchSpec(launch.runId(), launch.attempt(), launch.runName(), launch.controlPlaneUrl(), launch.token(),
                entrypoint, launch.args(), pyFiles, jars, files, archives, launch.sparkConf(), launch.storageConf(), launch.resources(),
                launch.traceParent());
        LOG.infof("staged %d inputs, the listener and the engine token under %s", copier.count, prefix.uri());
        return new Staged(staged, new StagedAttempt(prefix.uri(), listener.uri(), token.uri()));
    }

    /**
     * Deletes the attempt's token object once the attempt is over and its outputs are in: the token
     * opens nothing then, and staging keeps no credential longer than it must.
     */
    public void forgetToken(UUID runId, int attempt) {
        Optional<Workspace> found = workspaces.of(runId);
        if (found.isEmpty()) {
            return;
        }
        Workspace workspace = found.get();
        storeProfiles.profile(workspace.storeProfile()).stores().delete(workspace.staging().attempt(runId, attempt).resolve(TOKEN));
    }

    /** The listener's jar under {@code engine/sparkplane-listener-<sha256>.jar}, put once per content. */
    private static Location stageListener(Workspace workspace, ObjectStores stores) throws StagingFailedException {
        Path jar;
        try {
            jar = listenerJar();
        } catch (IOException e) {
            throw new StagingFailedException("cannot find the backlog listener's jar: " + e.getMessage(), e);
        }
        try {
            String sha = sha256(jar);
            Location target = workspace.stagingRoot().asPrefix().resolve("engine/sparkplane-listener-" + sha.substring(0, 16) + ".jar");
            if (stores.stat(target).isEmpty()) {
                stores.put(target, jar);
            }
            return target;
        } catch (IOException | ObjectStoreException e) {
            throw new StagingFailedException("cannot stage the backlog listener's jar: " + e.getMessage(), e);
        }
    }

    /** The listener's jar; when the control plane runs from a build, its classes directory packed as one, once. */
    static synchronized Path listenerJar() throws IOException {
        Path location = ListenerJar.location();
        if (Files.isRegularFile(location)) {
            return location;
        }
        if (packedListener != null && Files.isRegularFile(packedListener)) {
            return packedListener;
        }
        Path jar = Files.createTempFile("sparkplane-listener", ".jar");
        jar.toFile().deleteOnExit();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar)); Stream<Path> files = Files.walk(location)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                JarEntry entry = new JarEntry(location.relativize(file).toString().replace('\\', '/'));
                entry.setTime(0);
                out.putNextEntry(entry);
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        packedListener = jar;
        return jar;
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Copies each input to {@code inputs/<n>/<file name>} in the order the launcher would fetch them. */
    private final class Copier {
        private final Workspace workspace;
        private final ObjectStores stores;
        private final RunInputParser parser;
        private final Location prefix;
        private int count;

        Copier(Workspace workspace, ObjectStores stores, RunInputParser parser, Location prefix) {
            this.workspace = workspace;
            this.stores = stores;
            this.parser = parser;
            this.prefix = prefix;
        }

        List<String> copy(List<String> locations, String what) throws StagingFailedException {
            List<String> copied = new ArrayList<>();
            for (String location : locations) {
                copied.add(copy(location, what));
            }
            return copied;
        }

        String copy(String location, String what) throws StagingFailedException {
            Location target = prefix.resolve(INPUTS + count++ + "/" + fileName(location));
            String shown = location.replaceFirst("\\?.*$", "?...");
            Path temporary = null;
            try {
                RunInput input = parser.parse(location);
                RunInputs.Opened opened = inputs.open(workspace, input);
                // through a file: a web input may not say its length, and a store's put wants one
                temporary = Files.createTempFile("sparkplane-input", ".bin");
                try (InputStream content = opened.content()) {
                    Files.copy(content, temporary, StandardCopyOption.REPLACE_EXISTING);
                }
                stores.put(target, temporary);
                return target.uri();
            } catch (RunInputParser.InvalidInputException e) {
                throw new StagingFailedException(what + " " + shown + ": " + e.getMessage(), e);
            } catch (RunInputs.InputUnavailableException | ObjectStoreException e) {
                throw new StagingFailedException("cannot stage " + what + " " + shown + ": " + e.getMessage(), e);
            } catch (IOException e) {
                throw new StagingFailedException("cannot stage " + what + " " + shown + ": " + e.getMessage(), e);
            } finally {
                if (temporary != null) {
                    try {
                        Files.deleteIfExists(temporary);
                    } catch (IOException e) {
                        LOG.debugf("cannot delete %s: %s", temporary, e.getMessage());
                    }
                }
            }
        }
    }

    /**
     * The last segment of a location without query or fragment, as the launcher names what it
     * fetches, with any character but letters, digits and {@code ._+=@-} as {@code _}: a comma would
     * split the service's {@code --jars} list, a space its parameters, a {@code %} be decoded again.
     */
    static String fileName(String location) {
        String path = location.replaceFirst("[?#].*$", "");
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.isEmpty() || name.equals(".") || name.equals("..") ? "input" : UNSAFE_NAME_CHARACTER.matcher(name).replaceAll("_");
    }
}
