package io.sparkplane.controlplane.profile;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.sparkplane.controlplane.backend.EngineProfiles;
import io.sparkplane.controlplane.backend.StoredEngineProfile;
import io.sparkplane.controlplane.backend.StoredEngineProfiles;
import io.sparkplane.controlplane.auth.Caller;
import io.sparkplane.controlplane.problem.FieldError;
import io.sparkplane.controlplane.problem.ProblemException;
import io.sparkplane.controlplane.problem.ProblemType;
import io.sparkplane.controlplane.run.Clocks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What the engine profiles API does: lists the configuration's profiles and those made through the
 * API, and makes, changes and deletes the latter (admins only), each checked by its type's factory
 * as a configured one is at start.
 */
@ApplicationScoped
public class EngineProfileCatalog {

    static final String SOURCE_CONFIGURATION = "configuration";
    static final String SOURCE_API = "api";
    private static final Pattern NAME = Pattern.compile("[a-z]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final int MAX_SETTINGS = 200;
    private static final int MAX_DESCRIPTION_LENGTH = 1000;
    private static final String SETTINGS = "settings.";
    private static final String REDACTED = "***";

    private final EngineProfiles profiles;
    private final StoredEngineProfiles store;
    private final EntityManager entityManager;
    private final Clocks clocks;

    EngineProfileCatalog(EngineProfiles profiles, StoredEngineProfiles store, EntityManager entityManager, Clocks clocks) {
        this.profiles = profiles;
        this.store = store;
        this.entityManager = entityManager;
        this.clocks = clocks;
    }

    public EngineProfileView.Page list() {
        List<EngineProfileView> views = new ArrayList<>();
        profiles.configuredSettings().keySet().stream().sorted().filter(profiles::configured).forEach(name -> views.add(configuredView(name)));
        store.all().stream().filter(profile -> !profiles.configured(profile.name())).forEach(profile -> views.add(storedView(profile)));
        views.sort(java.util.Comparator.comparing(EngineProfileView::name));
        return new EngineProfileView.Page(views);
    }

    public EngineProfileView get(String name) {
        if (profiles.configured(name)) {
            return configuredView(name);
        }
        return QuarkusTransaction.requiringNew().call(() -> store.find(name, false)).map(this::storedView)
                .orElseThrow(() -> notFound(name));
    }

    public EngineProfileView create(Caller caller, EngineProfileRequest request) {
        caller.requireAdmin("making an engine profile");
        List<FieldError> errors = new ArrayList<>();
        if (request.name() == null || !NAME.matcher(request.name()).matches()) {
            errors.add(new FieldError("name", "required: 1 to 63 lower-case letters, digits and dashes, starting with a letter"));
        }
        Map<String, String> settings = checked(request, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        StoredEngineProfile created = QuarkusTransaction.requiringNew().call(() -> {
            lock();
            if (profiles.configured(request.name()) || store.find(request.name(), false).isPresent()) {
                throw new ProblemException(ProblemType.CONFLICT, "an engine profile named '" + request.name() + "' exists already"
                        + (profiles.configured(request.name()) ? " (in the configuration)" : ""));
            }
            Instant now = clocks.now();
            StoredEngineProfile profile = new StoredEngineProfile(request.name(), request.type(), settings, Optional.ofNullable(request.description()),
                    1, now, now);
            store.insert(profile);
            return profile;
        });
        profiles.reload();
        return storedView(created);
    }

    public EngineProfileView update(Caller caller, String name, EngineProfileRequest given) {
        requireStored(name);
        caller.requireAdmin("changing an engine profile");
        EngineProfileRequest request = secretsKept(name, given);
        List<FieldError> errors = new ArrayList<>();
        if (request.name() != null && !request.name().equals(name)) {
            errors.add(new FieldError("name", "a profile keeps its name ('" + name + "'): runs name it; make a new profile instead"));
        }
        Map<String, String> settings = checked(request, errors);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        StoredEngineProfile updated = QuarkusTransaction.requiringNew().call(() -> {
            StoredEngineProfile current = store.find(name, true).orElseThrow(() -> notFound(name));
            Optional<String> description = Optional.ofNullable(request.description());
            if (current.type().equals(request.type()) && current.settings().equals(settings) && current.description().equals(description)) {
                return current;
            }
            if (!current.type().equals(request.type()) && liveRuns(name) > 0) {
                throw new ProblemException(ProblemType.CONFLICT, "engine profile '" + name + "' has runs that have not ended; its type cannot"
                        + " change under them (a " + request.type() + " backend cannot follow a " + current.type() + " cluster)");
            }
            StoredEngineProfile changed = new StoredEngineProfile(name, request.type(), settings, description, current.revision() + 1,
                    current.createdAt(), clocks.now());
            store.update(changed);
            return changed;
        });
        profiles.reload();
        return storedView(updated);
    }

    /** Refused while runs on it have not ended, a workspace runs on it by default, or a warm pool (or a warm cluster) is on it. */
    public void delete(Caller caller, String name) {
        requireStored(name);
        caller.requireAdmin("deleting an engine profile");
        QuarkusTransaction.requiringNew().run(() -> {
            store.find(name, true).orElseThrow(() -> notFound(name));
            long live = liveRuns(name);
            if (live > 0) {
                throw new ProblemException(ProblemType.CONFLICT, "engine profile '" + name + "' has " + live + " run(s) that have not ended;"
                        + " cancel them (or wait for them) before deleting it");
            }
            @SuppressWarnings("unchecked")
            List<String> workspaces = entityManager.createNativeQuery("select id from workspace where default_backend = :name and deleted_at is null"
                    + " order by id").setParameter("name", name).getResultList();
            if (!workspaces.isEmpty()) {
                throw new ProblemException(ProblemType.CONFLICT, "engine profile '" + name + "' is the default of workspace(s) " + workspaces
                        + "; change their defaultBackend first");
            }
            // a warm pool's clusters are stopped through their profile's backend: none may be left without one
            @SuppressWarnings("unchecked")
            List<String> pools = entityManager.createNativeQuery("select name from warm_pool where profile = :name union"
                    + " select pool_name from warm_pool_member where profile = :name order by 1").setParameter("name", name).getResultList();
            if (!pools.isEmpty()) {
                throw new ProblemException(ProblemType.CONFLICT, "engine profile '" + name + "' has warm pool(s) " + pools
                        + "; delete them (or move them to another profile) and let their warm clusters stop first");
            }
            store.delete(name);
        });
        profiles.reload();
    }

    /** The request, with each secret setting it sends back as shown ({@code ***}) at its stored value. */
    private EngineProfileRequest secretsKept(String name, EngineProfileRequest request) {
        if (request.settings() == null || request.type() == null || !request.settings().containsValue(REDACTED)) {
            return request;
        }
        Map<String, String> stored = QuarkusTransaction.requiringNew().call(() -> store.find(name, false)).map(StoredEngineProfile::settings)
                .orElse(Map.of());
        Map<String, String> settings = new TreeMap<>(request.settings());
        settings.replaceAll((key, value) -> REDACTED.equals(value) && profiles.secret(request.type(), key) && stored.containsKey(key)
                ? stored.get(key) : value);
        return new EngineProfileRequest(request.name(), request.type(), settings, request.description());
    }

    private Map<String, String> checked(EngineProfileRequest request, List<FieldError> errors) {
        Map<String, String> settings = request.settings() == null ? new TreeMap<>() : new TreeMap<>(request.settings());
        if (request.type() == null || request.type().isBlank()) {
            errors.add(new FieldError("type", "required: one of " + profiles.types()));
        } else if (!profiles.types().contains(request.type())) {
            errors.add(new FieldError("type", "no installed plug-in provides '" + printable(request.type()) + "'; types: " + profiles.types()));
        }
        if (settings.size() > MAX_SETTINGS) {
            errors.add(new FieldError("settings", "at most " + MAX_SETTINGS + " settings"));
        }
        settings.forEach((key, value) -> {
            if (value == null) {
                errors.add(new FieldError(SETTINGS + key, "must be a string, not null (leave the setting out for its default)"));
            } else if (value.length() > 4096 || key.length() > 200 || (key + value).chars().anyMatch(Character::isISOControl)) {
                errors.add(new FieldError(SETTINGS + key, "at most 4096 characters, no control characters"));
            }
        });
        if (request.description() != null && (request.description().length() > MAX_DESCRIPTION_LENGTH
                || request.description().chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\t'))) {
            errors.add(new FieldError("description", "at most " + MAX_DESCRIPTION_LENGTH + " characters, no control characters"));
        }
        if (errors.isEmpty()) {
            String name = request.name() == null ? "profile" : request.name();
            profiles.check(name, request.type(), settings, SETTINGS).ifPresent(problem -> {
                // the factory names the key first: "settings.<key> is required"
                String field = problem.startsWith(SETTINGS) ? problem.substring(0, endOfKey(problem)) : "settings";
                errors.add(new FieldError(field, problem.startsWith(field) ? problem.substring(field.length()).trim() : problem));
            });
        }
        return settings;
    }

    private static int endOfKey(String problem) {
        int space = problem.indexOf(' ');
        return space < 0 ? problem.length() : space;
    }

    private long liveRuns(String name) {
        return ((Number) entityManager.createNativeQuery("select count(*) from run where backend = :name"
                + " and state in ('QUEUED', 'PROVISIONING', 'RUNNING', 'CANCELLING')").setParameter("name", name).getSingleResult()).longValue();
    }

    /** One writer of profiles at a time across replicas, so two makes of one name do not both pass the check. */
    private void lock() {
        entityManager.createNativeQuery("select pg_advisory_xact_lock(hashtext('sparkplane.engine-profiles'))").getSingleResult();
    }

    private void requireStored(String name) {
        if (profiles.configured(name)) {
            throw new ProblemException(ProblemType.CONFLICT, "engine profile '" + name + "' is set in the control plane's configuration"
                    + " (sparkplane.backends." + name + ".*); change it there");
        }
    }

    private EngineProfileView configuredView(String name) {
        Map<String, String> given = new TreeMap<>(profiles.configuredSettings().getOrDefault(name, Map.of()));
        String type = given.remove(EngineProfiles.TYPE);
        given.remove(EngineProfiles.ENABLED);
        var limits = profiles.limits(name);
        return new EngineProfileView(name, type, shown(type, given), null, SOURCE_CONFIGURATION,
                new EngineProfileView.Limits(limits.maxConcurrentRuns(), limits.maxExecutorsPerRun()), null, null, null);
    }

    private EngineProfileView storedView(StoredEngineProfile profile) {
        Optional<String> error = profiles.storedError(profile.name());
        EngineProfileView.Limits limits = null;
        if (error.isEmpty() && profiles.names().contains(profile.name())) {
            var known = profiles.limits(profile.name());
            limits = new EngineProfileView.Limits(known.maxConcurrentRuns(), known.maxExecutorsPerRun());
        }
        return new EngineProfileView(profile.name(), profile.type(), shown(profile.type(), profile.settings()), profile.description().orElse(null),
                SOURCE_API, limits, error.orElse(null), profile.createdAt(), profile.updatedAt());
    }

    /** Settings as given, but a secret one that is not a reference ({@code env:}, {@code file:}) as {@code ***}. */
    private Map<String, String> shown(String type, Map<String, String> settings) {
        Map<String, String> shown = new TreeMap<>();
        settings.forEach((key, value) -> shown.put(key, profiles.secret(type, key) && !value.startsWith("env:") && !value.startsWith("file:")
                ? REDACTED : value));
        return shown;
    }

    private static ProblemException notFound(String name) {
        return new ProblemException(ProblemType.NOT_FOUND, "no engine profile named '" + printable(name) + "'");
    }

    private static String printable(String value) {
        String shown = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        return shown.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
