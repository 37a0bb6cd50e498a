package io.sparkplane.spi.settings;

/**
 * A setting is unknown, missing or does not parse. The message starts with the full key
 * ({@code sparkplane.backends.k8s.image: ...}) and never holds a secret's value; the control plane
 * stops at start with it.
 */
public final class SettingException extends IllegalArgumentException {

    public SettingException(String message) {
        super(message);
    }

    public SettingException(String message, Throwable cause) {
        super(message, cause);
    }
}
