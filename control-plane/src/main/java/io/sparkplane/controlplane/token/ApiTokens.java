package io.sparkplane.controlplane.token;

import io.sparkplane.controlplane.auth.Caller;
import io.sparkplane.controlplane.auth.Role;
import io.sparkplane.controlplane.problem.FieldError;
import io.sparkplane.controlplane.problem.ProblemException;
import io.sparkplane.controlplane.problem.ProblemType;
import io.sparkplane.controlplane.run.Clocks;
import io.sparkplane.controlplane.run.Transactions;
import io.sparkplane.controlplane.workspace.Workspace;
import io.sparkplane.controlplane.workspace.Workspaces;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The API tokens: created by admins, each shown once; listed and revoked by admins, and by any
 * token for itself. A token another caller may not manage answers as if it did not exist.
 */
@ApplicationScoped
public class ApiTokens {

    /** {@code lastUsedAt} is written at most this often per token, not on every call. */
    static final Duration LAST_USED_RESOLUTION = Duration.ofSeconds(60);

    private final Workspaces workspaces;
    private final Clocks clocks;
    private final AuthenticatedTokens authenticated = new AuthenticatedTokens();

    ApiTokens(Workspaces workspaces, Clocks clocks) {
        this.workspaces = workspaces;
        this.clocks = clocks;
    }

    public TokenView create(Caller creator, CreateTokenRequest request) {
        creator.requireAdmin("creating a token");
        List<FieldError> errors = new TokenRequestValidator(named -> workspaceId(named).isPresent()).validate(request);
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        String secret = TokenSecrets.generate();
        Instant now = clocks.now();
        ApiTokenEntity token = new ApiTokenEntity();
        token.id = UUID.randomUUID();
        token.name = request.name();
        token.description = request.description();
        token.role = request.role();
        token.workspaces = request.workspaces() == null ? List.of()
                : request.workspaces().stream().map(named -> workspaceId(named).orElseThrow()).distinct().toList();
        token.secretHash = TokenSecrets.hash(secret);
        token.prefix = TokenSecrets.shownPrefix(secret);
        token.createdAt = now;
        token.createdBy = creator.tokenId().orElse(null);
        token.expiresAt = request.expiresInSeconds() == null ? null : now.plusSeconds(request.expiresInSeconds());
        Transactions.inNewTransaction(() -> {
            token.persist();
            ApiTokenEntity.getEntityManager().flush();
        });
        return TokenView.of(token).withSecret(secret);
    }

    /** The workspace a token request names by its id or, failing that, by a display name no other workspace has. */
    private Optional<String> workspaceId(String named) {
        if (workspaces.find(named).isPresent()) {
            return Optional.of(named);
        }
        List<String> byName = workspaces.list().stream().filter(workspace -> workspace.displayName().equals(Optional.of(named)))
                .map(Workspace::id).toList();
        return byName.size() == 1 ? Optional.of(byName.get(0)) : Optional.empty();
    }

    /** Creates the first admin token with a given secret, unless any token exists; false when one did. */
    boolean createBootstrap(String secret) {
        return Transactions.inNewTransaction(() -> {
            // one replica at a time decides: two starting together on an empty database make one token
            ApiTokenEntity.getEntityManager().createNativeQuery("select pg_advisory_xact_lock(7419370316)").getSingleResult();
            if (ApiTokenEntity.count() > 0) {
                return false;
            }
            ApiTokenEntity token = new ApiTokenEntity();
            token.id = UUID.randomUUID();
            token.name = "bootstrap-admin";
            token.description = "created on the control plane's first start";
            token.role = Role.ADMIN.wireName();
            token.workspaces = List.of();
            token.secretHash = TokenSecrets.hash(secret);
            token.prefix = TokenSecrets.shownPrefix(secret);
            token.createdAt = clocks.now();
            token.persist();
            return true;
        });
    }

    boolean anyExist() {
        return Transactions.inNewTransaction(() -> ApiTokenEntity.count() > 0);
    }

    public List<TokenView> list(Caller caller) {
        return Transactions.inNewTransaction(() -> {
            List<ApiTokenEntity> found = caller.isAdmin()
                    ? ApiTokenEntity.list("revokedAt is null order by createdAt, id")
                    : ApiTokenEntity.list("revokedAt is null and id = ?1", caller.tokenId().orElse(null));
            return found.stream().map(TokenView::of).toList();
        });
    }

    public TokenView get(Caller caller, String id) {
        return Transactions.inNewTransaction(() -> TokenView.of(managed(caller, id)));
    }

    /**
     * Revokes at once on this replica: the next call with its secret here is refused. Another replica
     * refuses it within {@link AuthenticatedTokens#TTL}.
     */
    public void revoke(Caller caller, String id) {
        String hash = Transactions.inNewTransaction(() -> {
            ApiTokenEntity token = managed(caller, id);
            if (token.role.equals(Role.ADMIN.wireName())
                    && ApiTokenEntity.count("role = ?1 and revokedAt is null and (expiresAt is null or expiresAt > ?2)", token.role, clocks.now()) <= 1) {
                throw new ProblemException(ProblemType.CONFLICT,
                        "token " + token.id + " is the last admin token; create another admin token before revoking it");
            }
            token.revokedAt = clocks.now();
            return token.secretHash;
        });
        // after the commit: a lookup between the forget and the commit would have cached it again as valid
        authenticated.forget(hash);
    }

    /**
     * The caller a secret stands for when this replica authenticated it a moment ago; empty when it
     * must be looked up ({@link #authenticate}). Does not block: the event loop may ask.
     */
    public Optional<Caller> recentlyAuthenticated(String secret) {
        if (!TokenSecrets.wellFormed(secret)) {
            return Optional.empty();
        }
        return authenticated.find(TokenSecrets.hash(secret), clocks.now());
    }

    /** The caller a secret stands for, if it names a token that is neither revoked nor expired. Blocking. */
    public Optional<Caller> authenticate(String secret) {
        if (!TokenSecrets.wellFormed(secret)) {
            return Optional.empty();
        }
        String hash = TokenSecrets.hash(secret);
        Optional<Caller> recent = authenticated.find(hash, clocks.now());
        if (recent.isPresent()) {
            return recent;
        }
        long revocations = authenticated.revocations();
        return Transactions.inNewTransaction(() -> {
            Optional<ApiTokenEntity> found = ApiTokenEntity.find("secretHash", hash).firstResultOptional();
            Instant now = clocks.now();
            if (found.isEmpty() || found.get().revokedAt != null || (found.get().expiresAt != null && !found.get().expiresAt.isAfter(now))) {
                return Optional.empty();
            }
            ApiTokenEntity token = found.get();
            if (token.lastUsedAt == null || token.lastUsedAt.isBefore(now.minus(LAST_USED_RESOLUTION))) {
                token.lastUsedAt = now;
            }
            Caller caller = Caller.ofToken(token.id, Role.parse(token.role).orElseThrow(), new HashSet<>(token.workspaces));
            authenticated.put(hash, caller, now, token.expiresAt, revocations);
            return Optional.of(caller);
        });
    }

    /** A live token the caller may manage: any for an admin, itself for any other; else 404. */
    private static ApiTokenEntity managed(Caller caller, String id) {
        UUID tokenId;
        try {
            tokenId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw notFound(id);
        }
        ApiTokenEntity token = ApiTokenEntity.findById(tokenId);
        if (token == null || token.revokedAt != null || !(caller.isAdmin() || caller.tokenId().equals(Optional.of(tokenId)))) {
            throw notFound(id);
        }
        return token;
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(ProblemType.NOT_FOUND, "no token with id '" + TokenRequestValidator.sanitized(id) + "'");
    }
}
