package io.sparkplane.controlplane.profile;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An engine profile as the API shows it.
 *
 * @param source   {@code configuration} ({@code sparkplane.backends.*}; the API cannot change it) or {@code api}
 * @param settings as given; a secret setting that is not a reference shows {@code ***}
 * @param error    why the profile cannot take runs now (its settings no longer configure); absent when it can
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EngineProfileView(
        String name,
        String type,
        Map<String, String> settings,
        String description,
        String source,
        Limits limits,
        String error,
        Instant createdAt,
        Instant updatedAt) {

    /** What the profile's type allows, from its settings. */
    public record Limits(int maxConcurrentRuns, int maxExecutorsPerRun) {}

    public record Page(List<EngineProfileView> items) {}
}
