package io.sparkplane.controlplane.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkplane.controlplane.problem.FieldError;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a workspace's changeable settings, at creation and in a {@code PATCH} (JSON merge patch:
 * an absent field is unchanged, a null one cleared). Every problem with its field path. Pure.
 *
 * @param backends the enabled engine profiles, which {@code defaultBackend} must name
 */
public record WorkspaceSettingsRules(Set<String> backends) {

    static final int MAX_DISPLAY_NAME_LENGTH = 200;
    static final int MAX_QUOTA = 1_000_000;
    private static final Set<String> PATCH_FIELDS = Set.of("displayName", "defaultBackend", "quotas");
    private static final Set<String> QUOTA_FIELDS = Set.of("maxActiveRuns", "maxExecutors", "maxQueuedRuns");

    public WorkspaceSettingsRules {
        backends = Set.copyOf(backends);
    }

    /** The result of a check: the settings when there are no errors. */
    public record Checked(WorkspaceSettings settings, List<FieldError> errors) {}

    public Checked ofRequest(CreateWorkspaceRequest request) {
        List<FieldError> errors = new ArrayList<>();
        Optional<String> displayName = Optional.ofNullable(request.displayName());
        displayName.ifPresent(name -> checkDisplayName(name, errors));
        Optional<String> defaultBackend = Optional.ofNullable(request.defaultBackend());
        defaultBackend.ifPresent(backend -> checkBackend(backend, errors));
        WorkspaceQuotas quotas = WorkspaceQuotas.NONE;
        if (request.quotas() != null) {
            quotas = new WorkspaceQuotas(quota("quotas.maxActiveRuns", request.quotas().maxActiveRuns(), errors),
                    quota("quotas.maxExecutors", request.quotas().maxExecutors(), errors),
                    quota("quotas.maxQueuedRuns", request.quotas().maxQueuedRuns(), errors));
        }
        return new Checked(new WorkspaceSettings(displayName, quotas, defaultBackend), errors);
    }

    /** @param patch the parsed body of a {@code PATCH}, an object */
    public Checked patch(WorkspaceSettings current, JsonNode patch) {
        List<FieldError> errors = new ArrayList<>();
        if (!patch.isObject()) {
            return new Checked(current, List.of(new FieldError("$", "the body must be a JSON object")));
        }
        for (Iterator<String> names = patch.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!PATCH_FIELDS.contains(name)) {
                errors.add(new FieldError(name, fixedOrUnknown(name)));
            }
        }
        Optional<String> displayName = current.displayName();
        if (patch.has("displayName")) {
            displayName = text(patch.get("displayName"), "displayName", errors);
            displayName.ifPresent(name -> checkDisplayName(name, errors));
        }
        Optional<String> defaultBackend = current.defaultBackend();
        if (patch.has("defaultBackend")) {
            defaultBackend = text(patch.get("defaultBackend"), "defaultBackend", errors);
            defaultBackend.ifPresent(backend -> checkBackend(backend, errors));
        }
        WorkspaceQuotas quotas = current.quotas();
        if (patch.has("quotas")) {
            JsonNode given = patch.get("quotas");
            if (given.isNull()) {
                quotas = WorkspaceQuotas.NONE;
            } else if (!given.isObject()) {
                errors.add(new FieldError("quotas", "has the wrong type (expected an object)"));
            } else {
                for (Iterator<String> names = given.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (!QUOTA_FIELDS.contains(name)) {
                        errors.add(new FieldError("quotas." + name, "unknown field"));
                    }
                }
                quotas = new WorkspaceQuotas(
                        patchedQuota(given, "maxActiveRuns", quotas.maxActiveRuns(), errors),
                        patchedQuota(given, "maxExecutors", quotas.maxExecutors(), errors),
                        patchedQuota(given, "maxQueuedRuns", quotas.maxQueuedRuns(), errors));
            }
        }
        return new Checked(new WorkspaceSettings(displayName, quotas, defaultBackend), errors);
    }

    private static String fixedOrUnknown(String name) {
        return Set.of("id", "stagingLocation", "allowedSchemes", "storeProfile").contains(name)
                ? "is fixed once the workspace exists, so what its runs and artifacts left in staging is never orphaned"
                : "unknown field";
    }

    private static Optional<String> text(JsonNode value, String field, List<FieldError> errors) {
        if (value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            errors.add(new FieldError(field, "has the wrong type (expected a string or null)"));
            return Optional.empty();
        }
        return Optional.of(value.textValue());
    }

    private static Optional<Integer> patchedQuota(JsonNode quotas, String name, Optional<Integer> current, List<FieldError> errors) {
        if (!quotas.has(name)) {
            return current;
        }
        JsonNode value = quotas.get(name);
        if (value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            errors.add(new FieldError("quotas." + name, "has the wrong type (expected an integer or null)"));
            return current;
        }
        return quota("quotas." + name, value.intValue(), errors);
    }

    private static Optional<Integer> quota(String field, Integer value, List<FieldError> errors) {
        if (value == null) {
            return Optional.empty();
        }
        if (value < 0 || value > MAX_QUOTA) {
            errors.add(new FieldError(field, "must be 0 to " + MAX_QUOTA + ", or null for no limit"));
            return Optional.empty();
        }
        return Optional.of(value);
    }

    private static void checkDisplayName(String name, List<FieldError> errors) {
        if (name.isBlank() || name.length() > MAX_DISPLAY_NAME_LENGTH || name.codePoints().anyMatch(Character::isISOControl)) {
            errors.add(new FieldError("displayName", "must be 1 to " + MAX_DISPLAY_NAME_LENGTH + " printable characters, not only spaces"));
        }
    }

    private void checkBackend(String backend, List<FieldError> errors) {
        if (!backends.contains(backend)) {
            errors.add(new FieldError("defaultBackend", "no engine profile '" + printable(backend) + "'; enabled: " + new TreeSet<>(backends)));
        }
    }

    private static String printable(String value) {
        String cut = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        return cut.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
