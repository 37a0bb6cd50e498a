package io.sparkplane.controlplane.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.sparkplane.controlplane.auth.Caller;
import io.sparkplane.controlplane.backend.EngineProfiles;
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
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The workspaces: each run and artifact belongs to one, and its staging location, allowed URI
 * schemes and store profile are the run's. {@value #DEFAULT} always exists and follows the control
 * plane's configuration; every other keeps the staging location and store profile it was created
 * with, and its schemes as far as the control plane still allows them. Its name, quotas and default
 * engine profile may change and it may be deleted, on any replica, so it is read from PostgreSQL
 * each time (a primary-key lookup).
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
    private final EngineProfiles backends;
    private final EntityManager entityManager;

    Workspaces(SparkplaneConfig config, Staging staging, ConfiguredObjectStores stores, Plugins plugins, Clocks clocks, EngineProfiles backends,
            EntityManager entityManager) {
        this.backends = backends;
        this.entityManager = entityManager;
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
        // joins a caller's transaction (the dispatcher's) instead of holding a second connection beside it
        return QuarkusTransaction.joiningExisting().call(() -> Optional.ofNullable(WorkspaceEntity.<WorkspaceEntity>findById(id))
                .filter(entity -> entity.deletedAt == null)
                .map(this::effective));
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
        return found.orElseThrow(() -> notNamed(wanted, field, caller));
    }

    private static ProblemException notNamed(String wanted, String field, Caller caller) {
        return ProblemException.invalid(field, caller.isAdmin()
                ? "no workspace '" + wanted + "'; create it first (POST /api/v1/workspaces)"
                : "no workspace '" + wanted + "'; " + (caller.tokenId().isPresent() ? "this token" : "this identity") + " acts in "
                        + caller.visibleWorkspaces().orElseThrow().stream().sorted().toList());
    }

    /**
     * As {@link #named(String, String, Caller)}, in the caller's transaction, for a submit that stores
     * a run in it: the row is read {@code for key share} (the lock the run's foreign key takes anyway),
     * which a delete's {@code for update} waits for, so no delete passes between this check and the
     * run's insert; a delete that committed first is seen (the locking read sees the row's latest
     * version). Unlike {@code for share}, it does not hold back a change of the workspace's settings.
     *
     * @throws ProblemException 400 naming {@code field}
     */
    public Workspace lockedForSubmit(String id, String field, Caller caller) {
        String wanted = id == null ? DEFAULT : id;
        Optional<Workspace> found = caller.sees(wanted) && WorkspaceRequestValidator.ID.matcher(wanted).matches()
                ? row(wanted, "for key share").filter(entity -> entity.deletedAt == null).map(this::effective)
                : Optional.empty();
        return found.orElseThrow(() -> notNamed(wanted, field, caller));
    }

    /**
     * As {@link #lockedForSubmit(String, String, Caller)}, for a submit that read the workspace before its
     * transaction: the row is locked the same way, and read again only if it changed since {@code seen}
     * was read (its version). Mapping the whole locked row to an entity took a tenth of the control
     * plane's CPU samples in SubmissionBenchmark under JFR; a scalar query takes the same lock.
     *
     * @throws ProblemException 400 naming {@code field}
     */
    public Workspace lockedForSubmit(Workspace seen, String field, Caller caller) {
        if (caller.sees(seen.id())) {
            List<?> versions = entityManager.createNativeQuery("select version from workspace where id = :id and deleted_at is null for key share")
                    .setParameter("id", seen.id()).getResultList();
            if (!versions.isEmpty() && ((Number) versions.get(0)).longValue() == seen.version()) {
                return seen;
            }
        }
        return lockedForSubmit(seen.id(), field, caller);
    }

    /** A workspace's row, deleted or not, locked in the caller's transaction ({@code lock}: a PostgreSQL locking clause). */
    @SuppressWarnings("unchecked")
    private Optional<WorkspaceEntity> row(String id, String lock) {
        List<WorkspaceEntity> rows = entityManager.createNativeQuery("select * from workspace where id = :id " + lock, WorkspaceEntity.class)
                .setParameter("id", id).getResultList();
        return rows.stream().findFirst();
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
        List<FieldError> errors = new ArrayList<>(validator.validate(request));
        WorkspaceSettingsRules.Checked settings = request == null ? null : rules().ofRequest(request);
        if (settings != null) {
            errors.addAll(settings.errors());
        }
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
        apply(settings.settings(), entity);
        try {
            Transactions.inNewTransaction(() -> {
                WorkspaceEntity existing = entityManager.find(WorkspaceEntity.class, entity.id, LockModeType.PESSIMISTIC_WRITE);
                if (existing == null) {
                    entity.persist();
                } else if (existing.deletedAt == null) {
                    throw conflict(entity.id);
                } else {
                    revive(existing, entity, settings.settings());
                }
                WorkspaceEntity.getEntityManager().flush();
            });
        } catch (PersistenceException e) {
            // another request created it between the check and the insert
            if (Transactions.inNewTransaction(() -> WorkspaceEntity.findById(entity.id) != null)) {
                throw conflict(entity.id);
            }
            throw e;
        }
        Workspace created = effective(entity);
        LOG.infof("workspace %s created: staging %s, schemes %s, store profile %s", created.id(), created.stagingRoot().uri(),
                created.allowedSchemes(), created.storeProfile());
        return created;
    }

    /**
     * Makes a deleted workspace again under its id (a Terraform configuration destroyed and applied
     * again does so): only where it was, since its runs' history (which it sees again) is kept there.
     */
    private void revive(WorkspaceEntity deleted, WorkspaceEntity wanted, WorkspaceSettings settings) {
        boolean samePlace = deleted.stagingLocation.equals(wanted.stagingLocation) && deleted.storeProfile.equals(wanted.storeProfile)
                && java.util.Objects.equals(deleted.allowedSchemes, wanted.allowedSchemes);
        if (!samePlace) {
            throw new ProblemException(ProblemType.CONFLICT, "workspace '" + deleted.id + "' was deleted; its id can be used again only with"
                    + " its staging location " + deleted.stagingLocation + ", store profile " + deleted.storeProfile + " and allowed schemes "
                    + (deleted.allowedSchemes == null ? "(the control plane's)" : deleted.allowedSchemes)
                    + ", where its runs' history is kept; or choose another id");
        }
        deleted.deletedAt = null;
        apply(settings, deleted);
        wanted.createdAt = deleted.createdAt;
        LOG.infof("workspace %s made again where it was deleted from; its runs' history is its own again", deleted.id);
    }

    public List<Workspace> list() {
        return Transactions.inNewTransaction(() -> WorkspaceEntity.<WorkspaceEntity>list("deletedAt is null order by id").stream()
                .map(this::effective).toList());
    }

    /**
     * Changes a workspace's name, quotas or default engine profile, as a JSON merge patch.
     *
     * @throws ProblemException 404 for a workspace the caller cannot see, 400 naming each bad field
     */
    public Workspace update(String id, JsonNode patch, Caller caller) {
        Workspace current = get(id, caller);
        WorkspaceSettingsRules.Checked checked = rules().patch(
                new WorkspaceSettings(current.displayName(), current.quotas(), current.defaultBackend()), patch);
        if (!checked.errors().isEmpty()) {
            throw ProblemException.invalid(checked.errors());
        }
        return Transactions.inNewTransaction(() -> {
            WorkspaceEntity entity = WorkspaceEntity.findById(id);
            if (entity == null || entity.deletedAt != null) {
                throw new ProblemException(ProblemType.NOT_FOUND, "no workspace '" + id + "'");
            }
            apply(checked.settings(), entity);
            entityManager.flush();
            LOG.infof("workspace %s changed: name %s, quotas %s, default engine profile %s", id, checked.settings().displayName().orElse("-"),
                    checked.settings().quotas(), checked.settings().defaultBackend().orElse("the control plane's"));
            return effective(entity);
        });
    }

    /**
     * Deletes a workspace with no run waiting or going and no saved job. Its row stays, so that its
     * runs' history still names it; made again under its id, it sees that history again. What it left
     * in staging is not removed.
     *
     * @throws ProblemException 404 for a workspace the caller cannot see, 409 for {@value #DEFAULT} or while it has active runs
     */
    public void delete(String id, Caller caller) {
        get(id, caller);
        if (id.equals(DEFAULT)) {
            throw new ProblemException(ProblemType.CONFLICT, "the workspace 'default' always exists and cannot be deleted");
        }
        Transactions.inNewTransaction(() -> {
            // for update, not Hibernate's PESSIMISTIC_WRITE (for no key update on PostgreSQL): only for update waits
            // for the key share locks of the submits storing a run here (lockedForSubmit, the run's foreign key), so
            // the count below sees their runs, and the submits that come after see the workspace deleted
            WorkspaceEntity entity = row(id, "for update").orElse(null);
            if (entity == null || entity.deletedAt != null) {
                throw new ProblemException(ProblemType.NOT_FOUND, "no workspace '" + id + "'");
            }
            long active = ((Number) entityManager.createNativeQuery("select count(*) from run where workspace_id = :workspace"
                            + " and state in ('QUEUED', 'PROVISIONING', 'RUNNING', 'CANCELLING')")
                    .setParameter("workspace", id).getSingleResult()).longValue();
            if (active > 0) {
                throw new ProblemException(ProblemType.CONFLICT, "workspace '" + id + "' has " + active
                        + " queued or running run(s); cancel them or wait for them to end first");
            }
            // its saved jobs (and their schedules) would start runs nowhere: they go first, by their owner's hand
            long jobs = ((Number) entityManager.createNativeQuery("select count(*) from job where workspace_id = :workspace and deleted_at is null")
                    .setParameter("workspace", id).getSingleResult()).longValue();
            if (jobs > 0) {
                throw new ProblemException(ProblemType.CONFLICT, "workspace '" + id + "' has " + jobs + " saved job(s); delete them first"
                        + " (GET /api/v1/jobs?workspace=" + id + ")");
            }
            entity.deletedAt = clocks.now();
        });
        LOG.infof("workspace %s deleted", id);
    }

    /** What a workspace uses now: runs waiting, runs going and the executors they have asked for. */
    public WorkspaceUsage usage(String id) {
        return Transactions.inNewTransaction(() -> {
            Object[] row = (Object[]) entityManager.createNativeQuery("select"
                            + " (select count(*) from run where workspace_id = :workspace and state = 'QUEUED'),"
                            + " (select count(*) from run where workspace_id = :workspace and state in ('PROVISIONING', 'RUNNING', 'CANCELLING')),"
                            + " (select coalesce(sum(coalesce(a.desired_workers, 0)), 0) from run_attempt a join run r on r.id = a.run_id"
                            + "   and r.attempt = a.attempt where r.workspace_id = :workspace and a.state in ('PROVISIONING', 'RUNNING')"
                            + "   and a.torn_down_at is null)")
                    .setParameter("workspace", id).getSingleResult();
            return new WorkspaceUsage(((Number) row[0]).intValue(), ((Number) row[1]).intValue(), ((Number) row[2]).intValue());
        });
    }

    private WorkspaceSettingsRules rules() {
        return new WorkspaceSettingsRules(backends.names());
    }

    private static void apply(WorkspaceSettings settings, WorkspaceEntity entity) {
        entity.displayName = settings.displayName().orElse(null);
        entity.defaultBackend = settings.defaultBackend().orElse(null);
        entity.maxActiveRuns = settings.quotas().maxActiveRuns().orElse(null);
        entity.maxExecutors = settings.quotas().maxExecutors().orElse(null);
        entity.maxQueuedRuns = settings.quotas().maxQueuedRuns().orElse(null);
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
        WorkspaceQuotas quotas = new WorkspaceQuotas(Optional.ofNullable(entity.maxActiveRuns), Optional.ofNullable(entity.maxExecutors),
                Optional.ofNullable(entity.maxQueuedRuns));
        return new Workspace(entity.id, entity.createdAt, staging, schemes, profile, Optional.ofNullable(entity.displayName), quotas,
                Optional.ofNullable(entity.defaultBackend), entity.version);
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
        return new ProblemException(ProblemType.CONFLICT, "workspace '" + id + "' exists already; change its name, quotas or default engine profile with PATCH");
    }
}
