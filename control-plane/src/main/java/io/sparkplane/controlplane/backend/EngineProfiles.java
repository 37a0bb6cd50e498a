package io.sparkplane.controlplane.backend;

import io.quarkus.runtime.Startup;
import io.sparkplane.controlplane.config.SparkplaneConfig;
import io.sparkplane.controlplane.plugin.Plugins;
import io.sparkplane.spi.engine.BackendContext;
import io.sparkplane.spi.engine.BackendLimits;
import io.sparkplane.spi.engine.EngineBackend;
import io.sparkplane.spi.engine.JobHosting;
import io.sparkplane.spi.engine.EngineBackendFactory;
import io.sparkplane.spi.settings.Setting;
import io.sparkplane.spi.settings.SettingException;
import io.sparkplane.spi.settings.Settings;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The engine profiles runs can name: {@code sparkplane.backends.<profile>.type} and that type's
 * settings, each configured by its type's factory when the control plane starts (a wrong key or
 * value stops it there, naming the key), its backend created on first use. The control plane
 * names no backend type: it loops over the profiles.
 */
@Startup // configured when the control plane starts, so a mistake stops it there and not at the first run
@ApplicationScoped
public class EngineProfiles {

    public static final String PREFIX = "sparkplane.backends.";
    static final String TYPE = "type";
    static final String ENABLED = "enabled";
    static final String ENGINE_API_URL = "engine-api-url";
    /** A profile's name is one segment of a key, and is stored with every run. */
    private static final Pattern NAME = Pattern.compile("[a-z]([a-z0-9-]{0,61}[a-z0-9])?");

    /** The settings every profile has, whatever its type. */
    static final List<Setting> PROFILE_SETTINGS = List.of(
            Setting.required(TYPE, "the backend type"),
            Setting.of(ENABLED, "true", "false: runs cannot name the profile, and nothing of it starts"),
            Setting.optional(ENGINE_API_URL,
                    "where this profile's engines reach the control plane's internal API; unset: sparkplane.engine-api-url"));

    private final Map<String, EngineProfile> profiles;
    private final String defaultName;
    private final SparkplaneConfig config;
    private final InstalledEngine engine;

    EngineProfiles(SparkplaneConfig config, Plugins plugins) {
        this.config = config;
        RenamedBackendSettings.check(config.renamedBackendSettings());
        this.profiles = Collections.unmodifiableSortedMap(configure(config.backends(), plugins));
        this.defaultName = config.defaultBackend();
        if (profiles.isEmpty()) {
            throw new SettingException("no engine profile is enabled: configure one with " + PREFIX + "<profile>.type (one of "
                    + String.join(", ", plugins.backendTypes()) + ")");
        }
        if (!profiles.containsKey(defaultName)) {
            throw new SettingException("sparkplane.default-backend is " + defaultName + ", which is not an enabled engine profile; enabled: "
                    + String.join(", ", profiles.keySet()));
        }
        this.engine = new InstalledEngine(config.home());
    }

    /** Every enabled profile, configured; a profile that cannot be is an error naming its key. */
    static SortedMap<String, EngineProfile> configure(Map<String, Map<String, String>> given, Plugins plugins) {
        SortedMap<String, EngineProfile> configured = new TreeMap<>();
        for (Map.Entry<String, Map<String, String>> entry : new TreeMap<>(given).entrySet()) {
            String name = entry.getKey();
            String prefix = PREFIX + name + ".";
            if (!NAME.matcher(name).matches()) {
                throw new SettingException(prefix + "*: a profile's name is 1 to 63 lower-case letters, digits and dashes, starting with a"
                        + " letter, not '" + name + "'");
            }
            Settings common = Settings.of(prefix, commonOf(entry.getValue()), PROFILE_SETTINGS);
            if (!common.bool(ENABLED)) {
                continue;
            }
            String type = common.string(TYPE);
            EngineBackendFactory<?> factory = plugins.backend(type).orElseThrow(() -> new SettingException(prefix + TYPE + " is '" + type
                    + "', which no installed plug-in provides; types: " + String.join(", ", plugins.backendTypes())));
            List<Setting> accepted = new ArrayList<>(PROFILE_SETTINGS);
            accepted.addAll(factory.settings());
            Settings settings = Settings.of(prefix, entry.getValue(), accepted);
            configured.put(name, EngineProfile.configure(name, factory, settings, common.optional(ENGINE_API_URL)));
        }
        return configured;
    }

    /** Only the settings every profile has, so they can be read before the type is known. */
    private static Map<String, String> commonOf(Map<String, String> settings) {
        Map<String, String> common = new TreeMap<>();
        settings.forEach((key, value) -> {
            if (PROFILE_SETTINGS.stream().anyMatch(setting -> setting.name().equals(key.replace('.', '-')))) {
                common.put(key, value);
            }
        });
        return common;
    }

    /** The profile of runs that name none. */
    public String defaultName() {
        return defaultName;
    }

    /** The enabled profiles' names, sorted; known without starting anything. */
    public Set<String> names() {
        return profiles.keySet();
    }

    /**
     * The profile's backend, created now if this is its first use.
     *
     * @throws IllegalArgumentException when no such profile is enabled
     * @throws io.sparkplane.spi.engine.EngineBackendException when its backend cannot start
     */
    public EngineBackend get(String name) {
        return profile(name).backend(new BackendContext(name, config.home().resolve("work"), engine, Clock.systemUTC()));
    }

    public BackendLimits limits(String name) {
        return profile(name).limits();
    }

    /** The Spark conf every run on the profile gets, which a run may not set itself. */
    public Map<String, String> sparkConf(String name) {
        return profile(name).sparkConf();
    }

    /** Where the profile's engines reach this control plane's internal API. */
    public String engineApiUrl(String name) {
        return profile(name).engineApiUrl().orElse(config.engineApiUrl());
    }

    /** Who runs the profile's attempts' spark-submit: a launcher, or the backend's service from staged inputs. */
    public JobHosting hosting(String name) {
        return profile(name).hosting();
    }

    /** How long an attempt on the profile may take to start its job; the type's own, else {@code sparkplane.deadlines.provisioning-timeout}. */
    public Duration provisioningTimeout(String name) {
        return profile(name).provisioningTimeout().orElse(config.deadlines().provisioningTimeout());
    }

    /** Why the profile's backend refused to start (its service says the profile is wrong); empty when it did not. */
    public Optional<String> refusal(String name) {
        return profile(name).refusal();
    }

    /** The staging schemes the profile's service reads its inputs from; empty: any. */
    public Set<String> stagingSchemes(String name) {
        return profile(name).stagingSchemes();
    }

    private EngineProfile profile(String name) {
        EngineProfile profile = profiles.get(name);
        if (profile == null) {
            throw new IllegalArgumentException("no engine profile named " + name + " is enabled; enabled: " + String.join(", ", names()));
        }
        return profile;
    }

    @PreDestroy
    void close() {
        profiles.values().forEach(EngineProfile::close);
    }
}
