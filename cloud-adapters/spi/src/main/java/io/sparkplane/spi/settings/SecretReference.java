package io.sparkplane.spi.settings;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * Where a credential lives, named in a profile instead of the credential itself: an environment
 * variable of the control plane ({@code env:HDI_PASSWORD}) or a file ({@code file:/run/secrets/hdi},
 * a mounted Kubernetes Secret). The reference is configuration and may be shown; the value is read
 * when needed (a rotated file is read again) and never kept in a profile, a cluster's attributes, a
 * log or an error.
 */
public record SecretReference(Kind kind, String name) {

    public enum Kind { ENV, FILE }

    public SecretReference {
        requireNonNull(kind, "kind is null");
        requireNonNull(name, "name is null");
    }

    /** {@code env:NAME} or {@code file:/absolute/path}. */
    public static SecretReference parse(String reference) {
        requireNonNull(reference, "reference is null");
        if (reference.startsWith("env:") && reference.substring(4).matches("[A-Za-z_][A-Za-z0-9_]*")) {
            return new SecretReference(Kind.ENV, reference.substring(4));
        }
        if (reference.startsWith("file:") && Path.of(reference.substring(5)).isAbsolute()) {
            return new SecretReference(Kind.FILE, reference.substring(5));
        }
        throw new IllegalArgumentException("must be env:<VARIABLE> or file:<absolute path>");
    }

    /** The credential, from the process's environment or the file (a trailing line break dropped). */
    public String resolve() {
        return resolve(System.getenv()::get);
    }

    /** The credential, environment variables read through {@code environment} (tests give their own). */
    public String resolve(Function<String, String> environment) {
        String value;
        if (kind == Kind.ENV) {
            value = environment.apply(name);
            if (value == null || value.isEmpty()) {
                throw new SettingException("the secret reference " + this + " names an environment variable that is not set");
            }
            return value;
        }
        try {
            value = Files.readString(Path.of(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SettingException("the secret reference " + this + " names a file that cannot be read: " + e.getClass().getSimpleName());
        }
        value = value.endsWith("\r\n") ? value.substring(0, value.length() - 2)
                : value.endsWith("\n") ? value.substring(0, value.length() - 1) : value;
        if (value.isEmpty()) {
            throw new SettingException("the secret reference " + this + " names an empty file");
        }
        return value;
    }

    /** The reference as written in a profile; never the value. */
    @Override
    public String toString() {
        return (kind == Kind.ENV ? "env:" : "file:") + name;
    }

    /** For tests that give their own environment. */
    public static Function<String, String> environment(Map<String, String> variables) {
        return variables::get;
    }
}
