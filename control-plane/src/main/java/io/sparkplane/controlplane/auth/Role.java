package io.sparkplane.controlplane.auth;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a token may do: {@code admin} everything, {@code editor} submit, cancel, upload and read in its workspaces, {@code viewer} read there. */
public enum Role {
    ADMIN,
    EDITOR,
    VIEWER;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> parse(String value) {
        return Arrays.stream(values()).filter(role -> role.wireName().equals(value)).findFirst();
    }
}
