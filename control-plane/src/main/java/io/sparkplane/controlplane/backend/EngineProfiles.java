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
 * value stops it there, naming the key), and those made through the API ({@code engine_profile},
 * read again every few seconds so that each replica follows changes); each profile's backend is
 * created on first use. The control plane names no backend type: it loops over the profiles.
 */
@Startup // configured when the control plane starts, so a mistake stops it there and not at the first run
@ApplicationScoped
public class EngineProfiles {

    public static final String PREFIX = "sparkplane.backends.";
    public static final String TYPE = "type";
    public static final String ENABLED = "enabled";
    static final String ENGINE_API_URL = "engine-api-url";
    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(EngineProfiles.class);
    /** A profile's name is one segment of a key, and is stored with every run. */
    private static final Pattern NAME = Pattern.compile("[a-z]([a-z0-9-]{0,61}[a-z0-9])?");

    /** The settings every profile has, whatever its type. */
    private static final Setting ENGINE_API_URL_SETTING = Setting.optional(ENGINE_API_URL,
            "where this profile's engines reach the control plane's internal API; unset: sparkplane.engine-api-url");
    static final List<Setting> PROFILE_SETTINGS = List.of(
            Setting.required(TYPE, "the backend type"),
            Setting.of(ENABLED, "true", "false: runs cannot name the profile, and nothing of it starts"),
            ENGINE_API_URL_SETTING);

    /** How old the stored profiles this replica acts on may be: a change on another replica is seen within this. */
    private static final Duration STORED_MAX_AGE = Duration.ofSeconds(2);

    private final Map<String, EngineProfile> profiles;
    private final String defaultName;
    private final SparkplaneConfig config;
    private final InstalledEngine engine;
    private final Plugins plugins;
    private final StoredEngineProfiles store;
    /** The profiles made through the API, as this replica last read them; replaced whole on each read. */
    private volatile SortedMap<String, Configured> stored = Collections.emptySortedMap();
    /** When this replica last read the stored profiles ({@link System#nanoTime}); meaningless until {@link #storedRead}. */
    private volatile long storedReadAt;
    private volatile boolean storedRead;

    /** A stored profile configured at one revision; a profile whose settings no longer configure is kept with its error. */
    private record Configured(long revision, Optional<EngineProfile> profile, Optional<String> error) {}

    EngineProfiles(SparkplaneConfig config, Plugins plugins, StoredEngineProfiles store) {
        this.config = config;
        this.plugins = plugins;
        this.store = store;
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
        this.engine = new InstalledEngine(config.connectorDirectory().orElse(config.home().resolve("engine").resolve("connectors")));
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

    /** The enabled profiles' names, sorted: the configuration's and those made through the API; known without starting anything. */
    public Set<String> names() {
        SortedMap<String, Configured> current = stored(false);
        if (current.isEmpty()) {
            return profiles.keySet();
        }
        java.util.SortedSet<String> names = new java.util.TreeSet<>(profiles.keySet());
        current.forEach((name, configured) -> configured.profile().ifPresent(profile -> names.add(name)));
        return Collections.unmodifiableSortedSet(names);
    }

    /** Whether the profile is the configuration's (which the API cannot change). */
    public boolean configured(String name) {
        return profiles.containsKey(name);
    }

    /** The backend types installed, for a new profile's {@code type}. */
    public List<String> types() {
        return plugins.backendTypes();
    }

    /**
     * Checks a profile's settings as its type's factory reads them, without starting anything.
     *
     * @param prefix put before each setting's key in an error ({@code settings.})
     * @return the error naming the first key that is wrong (or the unknown type); empty when the profile configures
     */
    public Optional<String> check(String name, String type, Map<String, String> settings, String prefix) {
        Optional<EngineBackendFactory<?>> factory = plugins.backend(type);
        if (factory.isEmpty()) {
            return Optional.of("type is '" + type + "', which no installed plug-in provides; types: " + String.join(", ", plugins.backendTypes()));
        }
        try {
            EngineProfile.configure(name, factory.get(), Settings.of(prefix, settings, accepted(factory.get())), Optional.empty()).close();
            return Optional.empty();
        } catch (SettingException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** Whether a setting of the type is declared secret (shown as {@code ***} unless it is a reference). */
    public boolean secret(String type, String key) {
        return plugins.backend(type).map(factory -> accepted(factory).stream().anyMatch(setting -> setting.secret()
                && (setting.name().equals(key) || setting.map() && key.startsWith(setting.name() + ".")))).orElse(false);
    }

    /** The configuration's profiles' settings as given ({@code type} and {@code enabled} among them). */
    public Map<String, Map<String, String>> configuredSettings() {
        return config.backends();
    }

    /** Why a stored profile cannot take runs (its type is gone, its settings no longer configure); empty when it can or is unknown. */
    public Optional<String> storedError(String name) {
        Configured configured = stored(false).get(name);
        return configured == null ? Optional.empty() : configured.error();
    }

    /** Reads the stored profiles now: a profile just made, changed or deleted through the API takes effect on this replica at once. */
    public void reload() {
        stored(true);
    }

    private static List<Setting> accepted(EngineBackendFactory<?> factory) {
        List<Setting> accepted = new ArrayList<>();
        // a stored profile's type is its own field, and it is enabled while it exists
        accepted.add(ENGINE_API_URL_SETTING);
        accepted.addAll(factory.settings());
        return accepted;
    }

    /** The stored profiles, read again when older than {@link #STORED_MAX_AGE} (or now); each configured once per revision. */
    private SortedMap<String, Configured> stored(boolean now) {
        if (!now && fresh()) {
            return stored;
        }
        synchronized (this) {
            if (!now && fresh()) {
                return stored;
            }
            SortedMap<String, Configured> before = stored;
            SortedMap<String, Configured> after = new TreeMap<>();
            for (StoredEngineProfile row : store.all()) {
                if (profiles.containsKey(row.name())) {
                    // the configuration made a profile of the same name since: it wins, as it did at start
                    continue;
                }
                Configured known = before.get(row.name());
                if (known != null && known.revision() == row.revision()) {
                    after.put(row.name(), known);
                    continue;
                }
                after.put(row.name(), configureStored(row));
            }
            stored = Collections.unmodifiableSortedMap(after);
            storedReadAt = System.nanoTime();
            storedRead = true;
            before.forEach((name, configured) -> {
                Configured kept = after.get(name);
                if (kept != configured) {
                    // changed or deleted: its backend goes; a new one adopts what the old one started, as after a restart
                    configured.profile().ifPresent(EngineProfile::close);
                }
            });
            return stored;
        }
    }

    private boolean fresh() {
        return storedRead && System.nanoTime() - storedReadAt < STORED_MAX_AGE.toNanos();
    }

    private Configured configureStored(StoredEngineProfile row) {
        String prefix = "engine profile " + row.name() + ": ";
        Optional<EngineBackendFactory<?>> factory = plugins.backend(row.type());
        if (factory.isEmpty()) {
            String error = prefix + "type '" + row.type() + "' is no installed plug-in's";
            LOG.warnf("%s; its runs are refused", error);
            return new Configured(row.revision(), Optional.empty(), Optional.of(error));
        }
        try {
            Settings settings = Settings.of(PREFIX + row.name() + ".", row.settings(), accepted(factory.get()));
            return new Configured(row.revision(), Optional.of(EngineProfile.configure(row.name(), factory.get(), settings,
                    settings.optional(ENGINE_API_URL))), Optional.empty());
        } catch (SettingException e) {
            LOG.warnf("%s%s; its runs are refused", prefix, e.getMessage());
            return new Configured(row.revision(), Optional.empty(), Optional.of(prefix + e.getMessage()));
        }
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
        if (profile != null) {
            return profile;
        }
        Configured configured = stored(false).get(name);
        if (configured == null) {
            // made through the API on another replica a moment ago
            configured = stored(true).get(name);
        }
        if (configured == null || configured.profile().isEmpty()) {
            throw new IllegalArgumentException("no engine profile named " + name + " is enabled; enabled: " + String.join(", ", names())
                    + (configured == null ? "" : " (" + configured.error().orElse("") + ")"));
        }
        return configured.profile().get();
    }

    @PreDestroy
    void close() {
        profiles.values().forEach(EngineProfile::close);
        stored.values().forEach(configured -> configured.profile().ifPresent(EngineProfile::close));
    }
}
