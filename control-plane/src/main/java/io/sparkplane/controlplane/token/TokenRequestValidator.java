package io.sparkplane.controlplane.token;

import io.sparkplane.controlplane.auth.Role;
import io.sparkplane.controlplane.problem.FieldError;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Checks a new token before anything is stored: every problem with its field path. Pure.
 *
 * @param workspaceExists whether a workspace id names a workspace
 */
public record TokenRequestValidator(Predicate<String> workspaceExists) {

    static final int MAX_NAME_LENGTH = 100;
    static final int MAX_DESCRIPTION_LENGTH = 1000;
    static final long MAX_EXPIRY_SECONDS = 10L * 366 * 24 * 3600;

    public List<FieldError> validate(CreateTokenRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request.name() == null) {
            errors.add(new FieldError("name", "is required"));
        } else if (request.name().isBlank() || request.name().length() > MAX_NAME_LENGTH || !printable(request.name())) {
            errors.add(new FieldError("name", "must be 1 to " + MAX_NAME_LENGTH + " printable characters, not only spaces"));
        }
        if (request.description() != null && (request.description().length() > MAX_DESCRIPTION_LENGTH || request.description().indexOf('\0') >= 0)) {
            errors.add(new FieldError("description", "must be at most " + MAX_DESCRIPTION_LENGTH + " characters, without NUL"));
        }
        Role role = null;
        if (request.role() == null) {
            errors.add(new FieldError("role", "is required: admin, editor or viewer"));
        } else {
            role = Role.parse(request.role()).orElse(null);
            if (role == null) {
                errors.add(new FieldError("role", "must be admin, editor or viewer, got '" + sanitized(request.role()) + "'"));
            }
        }
        List<String> workspaces = request.workspaces() == null ? List.of() : request.workspaces();
        if (role == Role.ADMIN && !workspaces.isEmpty()) {
            errors.add(new FieldError("workspaces", "an admin token acts in every workspace; leave workspaces out"));
        } else if (role != null && role != Role.ADMIN && workspaces.isEmpty()) {
            errors.add(new FieldError("workspaces", "an " + request.role() + " token must name at least one workspace"));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < workspaces.size(); i++) {
            String workspace = workspaces.get(i);
            String field = "workspaces[" + i + "]";
            if (workspace == null) {
                errors.add(new FieldError(field, "must be a workspace id, not null"));
            } else if (!seen.add(workspace)) {
                errors.add(new FieldError(field, "names workspace '" + sanitized(workspace) + "' twice"));
            } else if (role != Role.ADMIN && !workspaceExists.test(workspace)) {
                errors.add(new FieldError(field, "no workspace with the id or the display name '" + sanitized(workspace) + "'"));
            }
        }
        if (request.expiresInSeconds() != null && (request.expiresInSeconds() < 1 || request.expiresInSeconds() > MAX_EXPIRY_SECONDS)) {
            errors.add(new FieldError("expiresInSeconds", "must be 1 to " + MAX_EXPIRY_SECONDS + " (ten years); leave it out for a token that never expires"));
        }
        return errors;
    }

    private static boolean printable(String value) {
        return value.codePoints().noneMatch(Character::isISOControl);
    }

    /** A value echoed in an error, without control characters that would break a log line or a terminal. */
    static String sanitized(String value) {
        String cut = value.length() > 80 ? value.substring(0, 80) + "..." : value;
        return cut.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
