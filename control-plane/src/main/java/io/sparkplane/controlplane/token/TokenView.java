package io.sparkplane.controlplane.token;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sparkplane.controlplane.auth.Role;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A token as the API shows it: never its secret, except in the answer that created it.
 *
 * @param prefix the secret's first characters, to tell tokens apart
 * @param secret only in the answer to {@code POST /api/v1/tokens}
 */
public record TokenView(UUID id, String name, String description, String prefix, Role role, List<String> workspaces,
        Instant createdAt, Instant lastUsedAt, Instant expiresAt, @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {

    /** A page of tokens. */
    public record Page(List<TokenView> items) {}

    static TokenView of(ApiTokenEntity token) {
        return new TokenView(token.id, token.name, token.description, token.prefix, Role.parse(token.role).orElseThrow(),
                List.copyOf(token.workspaces), token.createdAt, token.lastUsedAt, token.expiresAt, null);
    }

    TokenView withSecret(String shownOnce) {
        return new TokenView(id, name, description, prefix, role, workspaces, createdAt, lastUsedAt, expiresAt, shownOnce);
    }
}
