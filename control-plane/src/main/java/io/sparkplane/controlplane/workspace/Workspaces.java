package io.sparkplane.controlplane.workspace;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.sparkplane.controlplane.auth.Caller;
import io.sparkplane.controlplane.config.SparkplaneConfig;
import io.sparkplane.controlplane.plugin.Plugins;
import io.sparkplane.controlplane.problem.FieldError;
import io.sparkplane.controlplane.problem.ProblemException;
import io.sparkplane.controlplane.problem.ProblemType;
import io.sparkplane.controlplane.run.Clocks;
import io.sparkplane.controlplane.run.Transactions;
import io.sparkplane.controlplane.staging.ConfiguredObjectStores;
import io.sparkplane.controlplane.staging.Staging;
import io.sparkplane.spi.storage.Location;
import io.sparkplane.spi.storage.ObjectStoreException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.PersistenceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jboss.logging.Logger;

/**
 * The workspaces: each run and artifact belongs to one, and its staging location, allowed URI
 * schemes and store profile are the run's. {@value #DEFAULT} always exists and follows the control
 * plane's configuration; every other keeps the staging location and store profile it was created
 * with, and its schemes as far as the control plane still allows them. A workspace never changes
 * once created, so each is read from PostgreSQL once per control plane and kept.
 */
@ApplicationScoped
public class Workspaces {

    public static final String DEFAULT = "default";
    private static final Logger LOG = Logger.getLogger(Workspaces.class);

    private final Location defaultStaging;
    private final List<String> defaultSchemes;
    private final WorkspaceRequestValidator validator;
    private final Clocks clocks;
    private final ConfiguredObjectStores stores;
    private final ConcurrentMap<String, Workspace> known = new ConcurrentHashMap<>();

    Workspaces(SparkplaneConfig config, Staging staging, ConfiguredObjectStores stores, Plugins plugins, Clocks clocks) {
        this.stores = stores;
        this.defaultStaging = staging.layout().root();
        this.defaultSchemes = List.copyOf(config.inputs().allowedSchemes());
        this.validator = new WorkspaceRequestValidator(new HashSet<>(defaultSchemes), ConfiguredObjectStores.fileRoots(config),
                stores.profileNames(), plugins::checkLocation);
        this.clocks = clocks;
    }

    public Optional<Workspace> find(String id) {
        if (id == null || !WorkspaceRequestValidator.ID.matcher(id).matches()) {
            // no workspace has such an id, and a NUL in it would be an error of PostgreSQL's
            return Optional.empty();
        }
        Workspace cached = known.get(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        // joins a caller's transaction (the dispatcher's) instead of holding a second connection beside it
        Optional<Workspace> found = QuarkusTransaction.joiningExisting().call(() -> Optional.ofNullable(WorkspaceEntity.<WorkspaceEntity>findById(id))
                .map(this::effective));
        found.ifPresent(workspace -> known.putIfAbsent(id, workspace));
        return found;
    }

    /** @throws ProblemException 404 when there is no such workspace */
    public Workspace get(String id) {
        return find(id).orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "no workspace '" + id + "'"));
    }

    /**
     * The workspace a request names in {@code field}, {@value #DEFAULT} when it names none.
     *
     * @throws ProblemException 400 naming {@code field} when there is no such workspace
     */
    public Workspace named(String id, String field) {
        String wanted = id == null ? DEFAULT : id;
        return find(wanted).orElseThrow(() -> ProblemException.invalid(field,
                "no workspace '" + wanted + "'; create it first (POST /api/v1/workspaces)"));
    }

    /**
     * The workspace a caller's request names in {@code field}, {@value #DEFAULT} when it names none;
     * one the caller cannot see is refused exactly as one that does not exist.
     *
     * @throws ProblemException 400 naming {@code field}
     */
    public Workspace named(String id, String field, Caller caller) {
        String wanted = id == null ? DEFAULT : id;
        Optional<Workspace> found = caller.sees(wanted) ? find(wanted) : Optional.empty();
        return found.orElseThrow(() -> ProblemException.invalid(field, caller.isAdmin()
                ? "no workspace '" + wanted + "'; create it first (POST /api/v1/workspaces)"
                : "no workspace '" + wanted + "'; this token acts in " + caller.workspaces().stream().sorted().toList()));
    }

    /** @throws ProblemException 404 when there is no such workspace or the caller cannot see it */
    public Workspace get(String id, Caller caller) {
        return (caller.sees(id) ? find(id) : Optional.<Workspace>empty())
                .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "no workspace '" + id + "'"));
    }

    /** The workspaces a caller sees. */
    public List<Workspace> list(Caller caller) {
        return list().stream().filter(workspace -> caller.sees(workspace.id())).toList();
    }

    public Workspace create(CreateWorkspaceRequest request) {
        List<FieldError> errors = validator.validate(request);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        // fixed now: a later change of the control plane's defaults must not move this workspace's files
        Location staging = request.stagingLocation() == null ? defaultStaging : Location.parse(request.stagingLocation()).asPrefix();
        String profile = request.storeProfile() == null ? ConfiguredObjectStores.DEFAULT_PROFILE : request.storeProfile();
        probe(staging, profile);
        WorkspaceEntity entity = new WorkspaceEntity();
        entity.id = request.id();
        entity.createdAt = clocks.now();
        entity.stagingLocation = staging.uri();
        entity.allowedSchemes = request.allowedSchemes() == null ? null : List.copyOf(request.allowedSchemes());
        entity.storeProfile = profile;
        try {
            Transactions.inNewTransaction(() -> {
                if (WorkspaceEntity.findById(entity.id) != null) {
                    throw conflict(entity.id);
                }
                entity.persist();
                WorkspaceEntity.getEntityManager().flush();
            });
        } catch (PersistenceException e) {
            // another request created it between the check and the insert
            if (find(entity.id).isPresent()) {
                throw conflict(entity.id);
            }
            throw e;
        }
        Workspace created = effective(entity);
        LOG.infof("workspace %s created: staging %s, schemes %s, store profile %s", created.id(), created.stagingRoot().uri(),
                created.allowedSchemes(), created.storeProfile());
        return created;
    }

    public List<Workspace> list() {
        return Transactions.inNewTransaction(() -> WorkspaceEntity.<WorkspaceEntity>list("order by id").stream().map(this::effective).toList());
    }

    /**
     * Refuses a staging location its store cannot reach (a missing bucket, denied credentials, a
     * wrong endpoint), so a typo does not leave a workspace whose every run fails at its end. A
     * directory on disk is created, as the control plane's own staging directory is.
     */
    private void probe(Location staging, String profile) {
        try {
            if (staging.scheme().equals("file")) {
                Files.createDirectories(Path.of("/" + staging.key()));
            }
            stores.profile(profile).stores().list(staging.resolve(".sparkplane-probe-" + UUID.randomUUID() + "/"));
        } catch (ObjectStoreException e) {
            throw ProblemException.invalid("stagingLocation", "cannot be reached with store profile '" + profile + "': " + e.getMessage());
        } catch (IOException e) {
            throw ProblemException.invalid("stagingLocation", "the directory cannot be created: " + e.getMessage());
        }
    }

    private Workspace effective(WorkspaceEntity entity) {
        Location staging = entity.stagingLocation == null ? defaultStaging : Location.parse(entity.stagingLocation);
        List<String> schemes = entity.allowedSchemes == null ? defaultSchemes : stillAllowed(entity.allowedSchemes, defaultSchemes);
        String profile = entity.storeProfile == null ? ConfiguredObjectStores.DEFAULT_PROFILE : entity.storeProfile;
        return new Workspace(entity.id, entity.createdAt, staging, schemes, profile);
    }

    /** A workspace's schemes that the control plane still allows: an operator's narrowing applies to every workspace. */
    static List<String> stillAllowed(List<String> workspaceSchemes, List<String> controlPlaneSchemes) {
        return workspaceSchemes.stream().filter(controlPlaneSchemes::contains).toList();
    }

    /** Says at start which workspaces name a store profile that is no longer configured: their operations fail until it is. */
    void checkStoreProfiles(@Observes StartupEvent start) {
        List<WorkspaceEntity> all = Transactions.inNewTransaction(() -> WorkspaceEntity.<WorkspaceEntity>list("storeProfile is not null"));
        for (WorkspaceEntity entity : all) {
            if (!stores.profileNames().contains(entity.storeProfile)) {
                LOG.errorf("workspace %s names store profile %s, which is not configured (sparkplane.store-profiles.%s.*): "
                        + "its uploads, runs and fetches fail until it is", entity.id, entity.storeProfile, entity.storeProfile);
            }
        }
    }

    private static ProblemException conflict(String id) {
        return new ProblemException(ProblemType.CONFLICT, "workspace '" + id + "' exists already; its settings never change");
    }
}
