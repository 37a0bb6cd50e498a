package io.sparkplane.store.gcs;

import static java.util.Objects.requireNonNull;

import io.sparkplane.spi.settings.Setting;
import io.sparkplane.spi.settings.SettingException;
import io.sparkplane.spi.settings.Settings;
import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectStore;
import io.sparkplane.spi.storage.ObjectStoreFactory;
import io.sparkplane.spi.storage.StoreContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The {@code gcs} store ({@code gs://}): {@code sparkplane.store.gcs.*}, and the GCS connector's conf for jobs. */
public final class GcsStoreFactory implements ObjectStoreFactory<GcsStoreFactory.Configuration> {

    static final String PROJECT_ID = "project-id";
    static final String ENDPOINT = "endpoint";
    static final String CREDENTIALS = "credentials";
    static final String SERVICE_ACCOUNT_KEY_FILE = "service-account-key-file";

    private static final List<Setting> SETTINGS = List.of(
            Setting.optional(PROJECT_ID, "the project; unset: the SDK's default"),
            Setting.optional(ENDPOINT, "the JSON API's address (an emulator's); unset: Google's"),
            Setting.of(CREDENTIALS, "application-default", "application-default, or none for emulators"),
            Setting.optional(SERVICE_ACCOUNT_KEY_FILE, "a service account key file instead; jobs' gs:// paths read the same file"));

    /**
     * @param store how the control plane reaches GCS
     * @param serviceAccountKeyFile the key file the credentials were read from, which jobs read too
     */
    public record Configuration(GcsStoreSettings store, Optional<Path> serviceAccountKeyFile) {
        public Configuration {
            requireNonNull(store, "store is null");
            requireNonNull(serviceAccountKeyFile, "serviceAccountKeyFile is null");
        }
    }

    @Override
    public String name() {
        return "gcs";
    }

    @Override
    public Set<String> schemes() {
        return Set.of("gs");
    }

    @Override
    public List<Setting> settings() {
        return SETTINGS;
    }

    @Override
    public Configuration configure(Settings settings) {
        GcsStoreSettings parsed = GcsStoreSettings.defaults();
        try {
            Optional<String> project = settings.optional(PROJECT_ID);
            if (project.isPresent()) {
                parsed = parsed.withProjectId(project.get());
            }
            if (settings.optional(ENDPOINT).isPresent()) {
                parsed = parsed.withEndpoint(settings.url(ENDPOINT).orElseThrow());
            }
        } catch (SettingException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw settings.invalid(ENDPOINT, e.getMessage());
        }
        Optional<Path> keyFile = settings.path(SERVICE_ACCOUNT_KEY_FILE);
        String credentials = settings.string(CREDENTIALS);
        if (keyFile.isPresent()) {
            if (settings.given(CREDENTIALS)) {
                throw new SettingException(settings.prefix() + "*: give " + CREDENTIALS + " or " + SERVICE_ACCOUNT_KEY_FILE + ", not both");
            }
            try {
                parsed = parsed.withCredentials(GcsCredentials.serviceAccountKey(Files.readString(keyFile.get(), StandardCharsets.UTF_8)));
            } catch (IOException | IllegalArgumentException e) {
                throw new SettingException(settings.key(SERVICE_ACCOUNT_KEY_FILE) + " cannot be read: " + e.getMessage());
            }
        } else if (credentials.equals("none")) {
            parsed = parsed.withCredentials(GcsCredentials.none());
        } else if (!credentials.equals("application-default")) {
            throw settings.invalid(CREDENTIALS, "must be application-default or none (emulators)");
        }
        return new Configuration(parsed, keyFile);
    }

    @Override
    public ObjectStore create(Configuration configuration, StoreContext context) {
        return new GcsObjectStore(configuration.store());
    }

    @Override
    public Map<String, String> engineConf(Configuration configuration, Location stagingRoot) {
        return GcsConnectorConf.of(configuration.store(), configuration.serviceAccountKeyFile());
    }
}
