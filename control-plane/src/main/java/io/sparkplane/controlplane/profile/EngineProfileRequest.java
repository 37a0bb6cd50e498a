package io.sparkplane.controlplane.profile;

import java.util.Map;

/**
 * The body of {@code POST /api/v1/engine-profiles} and {@code PUT /api/v1/engine-profiles/{name}}
 * (absent fields are null).
 *
 * @param settings the type's settings by key, as {@code sparkplane.backends.<profile>.<key>} takes them
 *     (docs/configuration.md#engine-profiles); a secret one as a reference ({@code env:NAME}, {@code file:/path})
 */
public record EngineProfileRequest(String name, String type, Map<String, String> settings, String description) {}
