package io.sparkplane.cli.config;

import io.sparkplane.cli.CliException;
import io.sparkplane.cli.ExitCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The CLI's profiles, in the INI shape of the AWS and Databricks CLIs' files:
 *
 * <pre>
 * [default]
 * host = https://sparkplane.example.com
 * token = spk_...
 * workspace = analytics
 * </pre>
 *
 * Written by {@code sparkplane login}, readable by its owner only (0600), since it holds tokens.
 */
public final class ConfigFile {

    private static final Set<String> KEYS = Set.of("host", "token", "workspace");

    private final Map<String, Profile> profiles;

    private ConfigFile(Map<String, Profile> profiles) {
        this.profiles = Collections.unmodifiableMap(new LinkedHashMap<>(profiles));
    }

    public static ConfigFile empty() {
        return new ConfigFile(Map.of());
    }

    /** The file's profiles; none when it does not exist. */
    public static ConfigFile read(Path path) {
        if (!Files.exists(path)) {
            return empty();
        }
        try {
            return parse(Files.readAllLines(path, StandardCharsets.UTF_8), path.toString());
        } catch (IOException e) {
            throw new CliException(ExitCode.USAGE, "cannot read " + path + ": " + e.getMessage());
        }
    }

    /** @param source what to call the text in errors, such as its path */
    static ConfigFile parse(List<String> lines, String source) {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        String section = null;
        for (int number = 1; number <= lines.size(); number++) {
            String line = lines.get(number - 1).strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).strip();
                if (section.isEmpty()) {
                    throw invalid(source, number, "a profile needs a name, as in [default]");
                }
                sections.putIfAbsent(section, new LinkedHashMap<>());
                continue;
            }
            int equals = line.indexOf('=');
            if (equals <= 0) {
                throw invalid(source, number, "expected [profile] or key = value");
            }
            if (section == null) {
                throw invalid(source, number, "a key before any [profile]");
            }
            String key = line.substring(0, equals).strip();
            if (!KEYS.contains(key)) {
                throw invalid(source, number, "unknown key '" + key + "'; the keys are host, token and workspace");
            }
            sections.get(section).put(key, line.substring(equals + 1).strip());
        }
        Map<String, Profile> profiles = new LinkedHashMap<>();
        sections.forEach((name, values) -> profiles.put(name, new Profile(nonEmpty(values.get("host")), nonEmpty(values.get("token")),
                nonEmpty(values.get("workspace")))));
        return new ConfigFile(profiles);
    }

    public Optional<Profile> profile(String name) {
        return Optional.ofNullable(profiles.get(name));
    }

    public Map<String, Profile> profiles() {
        return profiles;
    }

    /** This file with the profile set (added, or replaced whole). */
    public ConfigFile with(String name, Profile profile) {
        Map<String, Profile> changed = new LinkedHashMap<>(profiles);
        changed.put(name, profile);
        return new ConfigFile(changed);
    }

    String format() {
        StringBuilder text = new StringBuilder("# Sparkplane CLI profiles, written by 'sparkplane login'. Keep this file private: it holds API tokens.\n");
        profiles.forEach((name, profile) -> {
            text.append('\n').append('[').append(name).append("]\n");
            profile.host().ifPresent(host -> text.append("host = ").append(host).append('\n'));
            profile.token().ifPresent(token -> text.append("token = ").append(token).append('\n'));
            profile.workspace().ifPresent(workspace -> text.append("workspace = ").append(workspace).append('\n'));
        });
        return text.toString();
    }

    /**
     * Writes the file readable and writable by its owner only (0600), in a directory only its owner
     * enters (0700) when this creates it; the old file is replaced at once, never left half written.
     */
    public void write(Path path) {
        try {
            Path directory = path.toAbsolutePath().getParent();
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            Path temporary = directory.resolve("." + path.getFileName() + ".new");
            Files.deleteIfExists(temporary);
            try {
                Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException e) {
                throw new IOException("another 'sparkplane login' is writing " + path, e);
            }
            Files.writeString(temporary, format(), StandardCharsets.UTF_8);
            try {
                Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new CliException(ExitCode.USAGE, "cannot write " + path + ": " + e.getMessage());
        }
    }

    private static Optional<String> nonEmpty(String value) {
        return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    private static CliException invalid(String source, int line, String message) {
        return new CliException(ExitCode.USAGE, source + ":" + line + ": " + message);
    }
}
