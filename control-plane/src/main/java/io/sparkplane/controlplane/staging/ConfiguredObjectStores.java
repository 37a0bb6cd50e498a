package io.sparkplane.controlplane.staging;

import io.sparkplane.controlplane.config.SparkplaneConfig;
import io.sparkplane.controlplane.plugin.Plugins;
import io.sparkplane.controlplane.problem.ProblemException;
import io.sparkplane.controlplane.problem.ProblemType;
import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.StoreContext;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The store profiles of this control plane: {@value #DEFAULT_PROFILE}, from {@code sparkplane.store.*},
 * which the control plane's own staging and the {@code default} workspace use, and each named one
 * of {@code sparkplane.store-profiles.<name>.*}, which a workspace may pick. Each reaches
 * every installed store with its own settings ({@code file://} under the staging directory and the
 * development input roots). Every profile is checked at start.
 */
@Singleton
public class ConfiguredObjectStores {

    public static final String DEFAULT_PROFILE = "default";
    private static final Pattern PROFILE_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private final Map<String, StoreProfile> profiles = new LinkedHashMap<>();

    ConfiguredObjectStores(SparkplaneConfig config, Plugins plugins) {
        StoreContext context = new StoreContext(fileRoots(config));
        profiles.put(DEFAULT_PROFILE, new StoreProfile(DEFAULT_PROFILE, "sparkplane.store.", config.store(), plugins.stores(), context));
        config.storeProfiles().forEach((name, settings) -> {
            if (!PROFILE_NAME.matcher(name).matches() || name.equals(DEFAULT_PROFILE)) {
                throw new IllegalArgumentException("sparkplane.store-profiles." + name + ": a profile name is 1 to 63 lower-case letters,"
                        + " digits and dashes, and not '" + DEFAULT_PROFILE + "' (that is sparkplane.store.*)");
            }
            profiles.put(name, new StoreProfile(name, "sparkplane.store-profiles." + name + ".", settings, plugins.stores(), context));
        });
    }

    /** The staging directory (when staging is on disk) and the development input roots. */
    public static List<Path> fileRoots(SparkplaneConfig config) {
        List<Path> roots = new ArrayList<>();
        Location staging = Staging.stagingRoot(config);
        if (staging.scheme().equals("file")) {
            roots.add(Path.of("/" + staging.key()));
        }
        config.inputs().localRoots().ifPresent(roots::addAll);
        if (roots.isEmpty()) {
            // a store must have a root: staging elsewhere and no local inputs leave only Sparkplane's home
            roots.add(config.home().toAbsolutePath().resolve("staging"));
        }
        return roots;
    }

    /**
     * The profile of this name; {@value #DEFAULT_PROFILE} for null.
     *
     * @throws ProblemException 503 when no such profile is configured (a workspace's, removed since)
     */
    public StoreProfile profile(String name) {
        StoreProfile profile = profiles.get(name == null ? DEFAULT_PROFILE : name);
        if (profile == null) {
            throw new ProblemException(ProblemType.SERVICE_UNAVAILABLE, "store profile '" + name
                    + "' is not configured (sparkplane.store-profiles." + name + ".*); configured: " + profiles.keySet());
        }
        return profile;
    }

    public Set<String> profileNames() {
        return profiles.keySet();
    }

    @Produces
    @Singleton
    ObjectStores objectStores() {
        return profiles.get(DEFAULT_PROFILE).stores();
    }

    @PreDestroy
    void close() {
        profiles.values().forEach(StoreProfile::close);
    }
}
