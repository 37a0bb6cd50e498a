package io.sparkplane.controlplane.backend;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * An engine profile made through the API, as stored: its type and settings as given (secret settings
 * are references, {@code env:NAME} or {@code file:/path}), and a revision that each change raises.
 */
public record StoredEngineProfile(String name, String type, Map<String, String> settings, Optional<String> description, long revision,
        Instant createdAt, Instant updatedAt) {}
