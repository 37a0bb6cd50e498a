package io.sparkplane.controlplane.token;

import io.quarkus.runtime.StartupEvent;
import io.sparkplane.controlplane.config.SparkplaneConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.jboss.logging.Logger;

/**
 * On a first start with no tokens, makes one admin token so that someone can call the API at all.
 * Its secret is {@code sparkplane.auth.bootstrap-token} when set (the Helm chart's Kubernetes
 * Secret), else a new one written to {@code {home}/admin-token} (file 0600 in a 0700 directory);
 * only the path is logged.
 */
@ApplicationScoped
public class BootstrapAdminToken {

    public static final String FILE_NAME = "admin-token";
    private static final Logger LOG = Logger.getLogger(BootstrapAdminToken.class);

    private final ApiTokens tokens;
    private final SparkplaneConfig config;

    BootstrapAdminToken(ApiTokens tokens, SparkplaneConfig config) {
        this.tokens = tokens;
        this.config = config;
    }

    void onStart(@Observes @Priority(10) StartupEvent start) {
        var configured = config.auth().bootstrapToken().filter(secret -> !secret.isEmpty());
        if (configured.isPresent() && !TokenSecrets.wellFormed(configured.get())) {
            throw new IllegalStateException("sparkplane.auth.bootstrap-token (SPARKPLANE_AUTH_BOOTSTRAP_TOKEN) must be spk_ and at least "
                    + "43 URL-safe base64 characters (32 random bytes); generate one with: echo spk_$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')");
        }
        if (tokens.anyExist()) {
            return;
        }
        String secret = configured.orElseGet(TokenSecrets::generate);
        Path file = config.home().resolve(FILE_NAME);
        if (configured.isEmpty()) {
            // written before the token exists, so a crash in between leaves a file and no token, never the reverse
            write(file, secret);
        }
        if (tokens.createBootstrap(secret)) {
            LOG.infof(configured.isPresent()
                    ? "created the bootstrap admin token from sparkplane.auth.bootstrap-token"
                    : "created the bootstrap admin token; its secret is in %s", file);
        } else if (configured.isEmpty()) {
            deleteUnused(file, secret);
        }
    }

    /** The file written for a token that was not made (another replica made the first token meanwhile) must not stay behind looking valid. */
    private static void deleteUnused(Path file, String secret) {
        try {
            if (Files.exists(file) && Files.readString(file).strip().equals(secret)) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file, e);
        }
    }

    private static void write(Path file, String secret) {
        try {
            Path directory = file.getParent();
            Files.createDirectories(directory);
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            Path temporary = directory.resolve(FILE_NAME + ".tmp");
            Files.deleteIfExists(temporary);
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, secret + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the bootstrap admin token to " + file, e);
        }
    }
}
