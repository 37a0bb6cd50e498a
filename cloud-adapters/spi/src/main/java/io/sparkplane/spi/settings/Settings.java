package io.sparkplane.spi.settings;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The settings of one engine profile or store profile, checked against what its factory declares:
 * a key no {@link Setting} names is an error at once, listing the known names. Read through the
 * typed getters, which fill in the declared default and name the full key in every error.
 * Immutable; no I/O.
 */
public final class Settings {

    private final String prefix;
    private final Map<String, String> values;
    private final Map<String, Setting> declared;

    private Settings(String prefix, Map<String, String> values, Map<String, Setting> declared) {
        this.prefix = prefix;
        this.values = values;
        this.declared = declared;
    }

    /**
     * @param prefix what the keys are written under, with its final dot ({@code sparkplane.backends.k8s.})
     * @param values by key under the prefix ({@code image}, {@code node-selector.pool})
     * @throws SettingException naming the first unknown key and every known name
     */
    public static Settings of(String prefix, Map<String, String> values, List<Setting> accepted) {
        requireNonNull(prefix, "prefix is null");
        Map<String, Setting> declared = new LinkedHashMap<>();
        for (Setting setting : accepted) {
            if (declared.putIfAbsent(setting.name(), setting) != null) {
                throw new IllegalArgumentException("setting " + setting.name() + " is declared twice");
            }
        }
        Map<String, String> known = new TreeMap<>();
        for (String key : new TreeSet<>(values.keySet())) {
            String name = declared.values().stream().anyMatch(setting -> setting.matches(key)) ? key : fromEnvironment(key, declared);
            if (name == null) {
                throw new SettingException(prefix + key + " is not a known setting; known: " + String.join(", ", names(declared)));
            }
            known.merge(name, values.get(key), (given, fromEnvironment) -> given);
        }
        return new Settings(prefix, Map.copyOf(known), declared);
    }

    /**
     * The declared setting an environment variable stands for: its name reaches here with every
     * {@code _} turned into a dot ({@code SPARKPLANE_BACKENDS_K8S_PULL_FAILURE_GRACE} as
     * {@code pull.failure.grace}), so a name is matched with its dashes and dots alike. Map
     * entries cannot be recovered so (their keys' own dots and dashes are lost).
     */
    private static String fromEnvironment(String key, Map<String, Setting> declared) {
        String spelt = environmentForm(key);
        return declared.values().stream()
                .filter(setting -> !setting.map() && environmentForm(setting.name()).equals(spelt))
                .map(Setting::name)
                .findFirst()
                .orElse(null);
    }

    private static String environmentForm(String name) {
        return name.toLowerCase(Locale.ROOT).replace('-', '.');
    }

    private static List<String> names(Map<String, Setting> declared) {
        return declared.values().stream().map(setting -> setting.map() ? setting.name() + ".<key>" : setting.name()).sorted().toList();
    }

    public String prefix() {
        return prefix;
    }

    /** The full key of a setting, as an operator writes it. */
    public String key(String name) {
        return prefix + name;
    }

    /** Whether the operator gave the setting (a declared default does not count). */
    public boolean given(String name) {
        declared(name);
        String value = values.get(name);
        return value != null && !value.isBlank();
    }

    /** The given value, else the declared default, else empty. */
    public Optional<String> optional(String name) {
        Setting setting = declared(name);
        String value = values.get(name);
        if (value != null && !value.isBlank()) {
            return Optional.of(value.trim());
        }
        return setting.defaultValue();
    }

    /** The value or default; a required setting left unset is an error. */
    public String string(String name) {
        Setting setting = declared(name);
        return optional(name).orElseThrow(() -> new SettingException(key(name) + " is required"
                + (setting.required() ? ": " + setting.description() : "")));
    }

    public int integer(String name, int min, int max) {
        return (int) number(name, min, max);
    }

    /** A whole number between {@code min} and {@code max}. */
    public long number(String name, long min, long max) {
        String value = optional(name).orElseThrow(() -> missing(name));
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw invalid(name, "must be a whole number");
        }
        if (parsed < min || parsed > max) {
            throw invalid(name, "must be between " + min + " and " + max);
        }
        return parsed;
    }

    public double decimal(String name, double min, double max) {
        String value = optional(name).orElseThrow(() -> missing(name));
        double parsed;
        try {
            parsed = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw invalid(name, "must be a number");
        }
        if (!(parsed >= min && parsed <= max)) {
            throw invalid(name, "must be between " + min + " and " + max);
        }
        return parsed;
    }

    /**
     * One of an enum's constants, written in lower case with dashes ({@code when-required} for
     * {@code WHEN_REQUIRED}); any case, and underscores for dashes, as the SDKs spell them, are taken too.
     */
    public <E extends Enum<E>> E choice(String name, Class<E> type) {
        String value = optional(name).orElseThrow(() -> missing(name));
        String normalized = value.toLowerCase(Locale.ROOT).replace('_', '-');
        for (E constant : type.getEnumConstants()) {
            if (spelt(constant).equals(normalized)) {
                return constant;
            }
        }
        throw invalid(name, "must be one of " + Arrays.stream(type.getEnumConstants()).map(Settings::spelt).toList());
    }

    private static String spelt(Enum<?> constant) {
        return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** An absolute {@code http://} or {@code https://} URL with a host. */
    public Optional<URI> url(String name) {
        return optional(name).map(value -> {
            URI uri;
            try {
                uri = new URI(value);
            } catch (URISyntaxException e) {
                throw invalid(name, "is not a URL");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw invalid(name, "must be an http:// or https:// URL with a host");
            }
            return uri;
        });
    }

    public boolean bool(String name) {
        String value = optional(name).orElseThrow(() -> missing(name)).toLowerCase(Locale.ROOT);
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(name, "must be true or false");
        };
    }

    /** An ISO-8601 duration ({@code PT30S}), not negative. */
    public Duration duration(String name) {
        String value = optional(name).orElseThrow(() -> missing(name));
        try {
            Duration parsed = Duration.parse(value);
            if (parsed.isNegative()) {
                throw invalid(name, "must not be negative");
            }
            return parsed;
        } catch (DateTimeParseException e) {
            throw invalid(name, "must be an ISO-8601 duration such as PT30S");
        }
    }

    public Optional<Path> path(String name) {
        return optional(name).map(Path::of);
    }

    /**
     * A credential's reference ({@link SecretReference}: {@code env:NAME} or {@code file:/path}); unset:
     * none. A value that is not a reference is refused without being shown.
     */
    public Optional<SecretReference> secretReference(String name) {
        Optional<String> value = optional(name);
        try {
            return value.map(SecretReference::parse);
        } catch (IllegalArgumentException e) {
            // not echoed: a password pasted where its reference belongs must not reach a log
            throw new SettingException(key(name) + " " + e.getMessage());
        }
    }

    /** Comma-separated values, blanks dropped; unset: none. */
    public List<String> list(String name) {
        return optional(name)
                .map(value -> Arrays.stream(value.split(",")).map(String::trim).filter(entry -> !entry.isEmpty()).toList())
                .orElse(List.of());
    }

    /** The entries of a map setting by key, quotes around a key removed, in key order. */
    public Map<String, String> map(String name) {
        Setting setting = declared(name);
        if (!setting.map()) {
            throw new IllegalStateException("setting " + name + " is not declared as a map");
        }
        Map<String, String> entries = new TreeMap<>();
        values.forEach((key, value) -> {
            if (setting.matches(key)) {
                String entry = key.substring(name.length() + 1);
                if (entry.length() > 1 && entry.startsWith("\"") && entry.endsWith("\"")) {
                    entry = entry.substring(1, entry.length() - 1);
                }
                entries.put(entry, value);
            }
        });
        return entries;
    }

    /** An error about a setting's value, naming its key and never the value of a secret. */
    public SettingException invalid(String name, String problem) {
        Setting setting = declared(name);
        String value = values.get(name);
        String shown = setting.secret() || value == null ? "" : " (was '" + printable(value) + "')";
        return new SettingException(key(name) + " " + problem + shown);
    }

    private SettingException missing(String name) {
        return new SettingException(key(name) + " is required");
    }

    private Setting declared(String name) {
        Setting setting = declared.get(name);
        if (setting == null) {
            throw new IllegalStateException("setting " + name + " is read but not declared; declared: " + new ArrayList<>(declared.keySet()));
        }
        return setting;
    }

    private static String printable(String value) {
        String cleaned = value.replaceAll("\\p{Cntrl}", "?");
        return cleaned.length() > 80 ? cleaned.substring(0, 80) + "..." : cleaned;
    }

    /** The keys and values, secrets hidden: for logs. */
    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        values.forEach((key, value) -> shown.put(prefix + key,
                declared.values().stream().anyMatch(setting -> setting.secret() && setting.matches(key)) ? "***" : value));
        return shown.toString();
    }
}
