package io.sparkplane.spi.settings;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One setting a backend or store accepts, as its factory declares it: the name under the profile's
 * prefix ({@code image} of {@code sparkplane.backends.<profile>.image}), its default, and one line
 * for the docs. The declaration is the one place a default is written; {@link Settings} reads it
 * and each module's docs page is checked to list every declared name.
 *
 * @param name lower-case words joined by dashes, dots between groups ({@code pull-failure-grace})
 * @param defaultValue what an unset setting is read as; empty: unset means none, or an error when
 *     {@code required}
 * @param required unset is an error naming the key and {@code description}
 * @param secret its value is never shown, not in errors either
 * @param map a family of settings, {@code <name>.<key>} each ({@code node-selector.pool=spark}); a
 *     key with dots is quoted ({@code node-selector."kubernetes.io/os"=linux})
 */
public record Setting(String name, Optional<String> defaultValue, String description, boolean required, boolean secret, boolean map) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*(\\.[a-z0-9]+(-[a-z0-9]+)*)*");

    public Setting {
        requireNonNull(name, "name is null");
        requireNonNull(defaultValue, "defaultValue is null");
        requireNonNull(description, "description is null");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a setting's name is lower-case words joined by dashes, not " + name);
        }
        if (required && defaultValue.isPresent()) {
            throw new IllegalArgumentException("setting " + name + " is required and has a default");
        }
        if (map && (required || defaultValue.isPresent())) {
            throw new IllegalArgumentException("map setting " + name + " has no default and is never required");
        }
    }

    /** A setting read as {@code defaultValue} when unset. */
    public static Setting of(String name, String defaultValue, String description) {
        return new Setting(name, Optional.of(defaultValue), description, false, false, false);
    }

    /** A setting that may be left unset, meaning none. */
    public static Setting optional(String name, String description) {
        return new Setting(name, Optional.empty(), description, false, false, false);
    }

    /** A setting that must be given; the error for its absence says {@code description}. */
    public static Setting required(String name, String description) {
        return new Setting(name, Optional.empty(), description, true, false, false);
    }

    /** An optional setting whose value is a credential: it is never shown. */
    public static Setting secret(String name, String description) {
        return new Setting(name, Optional.empty(), description, false, true, false);
    }

    /** A family of settings {@code <name>.<key>}, read as a map. */
    public static Setting map(String name, String description) {
        return new Setting(name, Optional.empty(), description, false, false, true);
    }

    /** Whether {@code key} (under the prefix) is this setting or, for a map, one of its entries. */
    boolean matches(String key) {
        return map ? key.startsWith(name + ".") && key.length() > name.length() + 1 : key.equals(name);
    }
}
