package io.sparkplane.controlplane.workspace;

import io.sparkplane.controlplane.problem.FieldError;
import io.sparkplane.spi.storage.Location;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks a new workspace before anything is stored: every problem with its field path. Pure.
 *
 * @param allowedSchemes the control plane's own allowed input schemes, the most a workspace may allow
 * @param fileRoots the directories a {@code file://} staging location may be under
 * @param storeProfiles the names of the control plane's store profiles
 * @param storeCheck what the store of a location's scheme finds wrong with it, if anything
 */
public record WorkspaceRequestValidator(Set<String> allowedSchemes, List<Path> fileRoots, Set<String> storeProfiles,
        Function<Location, Optional<String>> storeCheck) {

    /** A DNS label, so the id can name a Kubernetes namespace or a bucket prefix as it is. */
    static final Pattern ID = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    static final int MAX_LOCATION_LENGTH = 2048;

    public WorkspaceRequestValidator {
        allowedSchemes = Set.copyOf(allowedSchemes);
        fileRoots = fileRoots.stream().map(root -> root.toAbsolutePath().normalize()).toList();
        storeProfiles = Set.copyOf(storeProfiles);
    }

    public List<FieldError> validate(CreateWorkspaceRequest request) {
        List<FieldError> errors = new ArrayList<>();
        if (request == null) {
            errors.add(new FieldError("$", "a workspace needs at least an id"));
            return errors;
        }
        if (request.id() == null) {
            errors.add(new FieldError("id", "is required"));
        } else if (!ID.matcher(request.id()).matches()) {
            errors.add(new FieldError("id", "must be 1 to 63 lower-case letters, digits and dashes, starting and ending with a letter or digit"));
        }
        if (request.stagingLocation() != null) {
            if (request.stagingLocation().isEmpty() || request.stagingLocation().length() > MAX_LOCATION_LENGTH) {
                errors.add(new FieldError("stagingLocation", "must be 1 to " + MAX_LOCATION_LENGTH + " characters"));
            } else {
                stagingProblem(request.stagingLocation()).ifPresent(problem -> errors.add(new FieldError("stagingLocation", problem)));
            }
        }
        if (request.storeProfile() != null && !storeProfiles.contains(request.storeProfile())) {
            errors.add(new FieldError("storeProfile", "no store profile '" + request.storeProfile() + "'; configured: "
                    + new java.util.TreeSet<>(storeProfiles) + " (sparkplane.store-profiles.<name>.*)"));
        }
        if (request.allowedSchemes() != null) {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < request.allowedSchemes().size(); i++) {
                String scheme = request.allowedSchemes().get(i);
                String field = "allowedSchemes[" + i + "]";
                if (scheme == null || !allowedSchemes.contains(scheme)) {
                    errors.add(new FieldError(field, "'" + scheme + "' is not allowed by this control plane; one of "
                            + new java.util.TreeSet<>(allowedSchemes)));
                } else if (!seen.add(scheme)) {
                    errors.add(new FieldError(field, "'" + scheme + "' is listed twice"));
                }
            }
        }
        return errors;
    }

    private Optional<String> stagingProblem(String value) {
        Location location;
        try {
            location = Location.parse(value);
        } catch (IllegalArgumentException e) {
            return Optional.of("not a storage URI: " + e.getMessage());
        }
        Optional<String> storesWord = storeCheck.apply(location);
        if (storesWord.isPresent()) {
            return storesWord;
        }
        if (location.scheme().equals("file")) {
            Path directory = Path.of("/" + location.key()).normalize();
            if (fileRoots.stream().noneMatch(directory::startsWith)) {
                return Optional.of("a file:// staging location must be under " + fileRoots
                        + " (the control plane's staging directory and sparkplane.inputs.local-roots)");
            }
        }
        return Optional.empty();
    }
}
