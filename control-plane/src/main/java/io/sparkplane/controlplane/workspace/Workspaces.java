package io.sparkplane.controlplane.workspace;

import io.sparkplane.controlplane.config.SparkplaneConfig;
import io.sparkplane.controlplane.problem.FieldError;
import io.sparkplane.controlplane.problem.ProblemException;
import io.sparkplane.controlplane.problem.ProblemType;
import io.sparkplane.controlplane.run.Clocks;
import io.sparkplane.controlplane.run.Transactions;
import io.sparkplane.controlplane.staging.ConfiguredObjectStores;
import io.sparkplane.controlplane.staging.Staging;
import io.sparkplane.spi.storage.Location;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jboss.logging.Logger;

/**
 * The workspaces: each run and artifact belongs to one, and its staging location and allowed URI
 * schemes are the run's. {@value #DEFAULT} always exists and follows the control plane's
 * configuration. A workspace never changes once created, so each is read from PostgreSQL once per
 * control plane and kept.
 */
@ApplicationScoped
public class Workspaces {

    public static final String DEFAULT = "default";
    private static final Logger LOG = Logger.getLogger(Workspaces.class);

    private final Location defaultStaging;
    private final List<String> defaultSchemes;
    private final WorkspaceRequestValidator validator;
    private final Clocks clocks;
    private final ConcurrentMap<String, Workspace> known = new ConcurrentHashMap<>();

    Workspaces(SparkplaneConfig config, Staging staging, ConfiguredObjectStores stores, Clocks clocks) {
        this.defaultStaging = staging.layout().root();
        this.defaultSchemes = List.copyOf(config.inputs().allowedSchemes());
        this.validator = new WorkspaceRequestValidator(new HashSet<>(defaultSchemes), ConfiguredObjectStores.fileRoots(config),
                stores.profileNames());
        this.clocks = clocks;
    }

    public Optional<Workspace> find(String id) {
        Workspace cached = known.get(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Workspace> found = Transactions.inNewTransaction(() -> Optional.ofNullable(WorkspaceEntity.<WorkspaceEntity>findById(id))
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

    public Workspace create(CreateWorkspaceRequest request) {
        List<FieldError> errors = validator.validate(request);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        WorkspaceEntity entity = new WorkspaceEntity();
        entity.id = request.id();
        entity.createdAt = clocks.now();
        entity.stagingLocation = request.stagingLocation() == null ? null : Location.parse(request.stagingLocation()).asPrefix().uri();
        entity.allowedSchemes = request.allowedSchemes() == null ? null : List.copyOf(request.allowedSchemes());
        entity.storeProfile = request.storeProfile();
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

    private Workspace effective(WorkspaceEntity entity) {
        Location staging = entity.stagingLocation == null ? defaultStaging : Location.parse(entity.stagingLocation);
        List<String> schemes = entity.allowedSchemes == null ? defaultSchemes : entity.allowedSchemes;
        String profile = entity.storeProfile == null ? ConfiguredObjectStores.DEFAULT_PROFILE : entity.storeProfile;
        return new Workspace(entity.id, entity.createdAt, staging, schemes, profile);
    }

    private static ProblemException conflict(String id) {
        return new ProblemException(ProblemType.CONFLICT, "workspace '" + id + "' exists already; its settings never change");
    }
}
