package io.sparkplane.testkit.databricks;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Who may call the fake workspace: personal access tokens a test accepts, and service principals
 * (OAuth client id and secret) that get access tokens from the OAuth token endpoint by the client
 * credentials grant, as Databricks' machine-to-machine OAuth works. Every API call carries one or
 * the other as {@code Authorization: Bearer <token>}.
 */
final class Credentials {

    /** How long an issued OAuth access token is good for, as Databricks issues them (an hour). */
    static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofHours(1);

    private final Set<String> personalAccessTokens = new HashSet<>();
    private final Map<String, String> clientSecrets = new HashMap<>();
    private final Map<String, Instant> accessTokens = new HashMap<>();
    private int issued;

    synchronized void acceptToken(String token) {
        personalAccessTokens.add(requireNonNull(token, "token is null"));
    }

    synchronized void revokeToken(String token) {
        personalAccessTokens.remove(token);
        accessTokens.remove(token);
    }

    synchronized void acceptServicePrincipal(String clientId, String clientSecret) {
        clientSecrets.put(requireNonNull(clientId, "clientId is null"), requireNonNull(clientSecret, "clientSecret is null"));
    }

    /** OAuth access tokens issued so far. */
    synchronized int issued() {
        return issued;
    }

    /** Whether {@code Authorization: Bearer <token>} names a token this workspace takes now. */
    synchronized boolean authorized(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        String token = authorization.substring("Bearer ".length()).strip();
        if (personalAccessTokens.contains(token)) {
            return true;
        }
        Instant expiry = accessTokens.get(token);
        return expiry != null && Instant.now().isBefore(expiry);
    }

    /**
     * A new access token for the client of {@code Authorization: Basic base64(id:secret)} (the SDK
     * sends it so), or of {@code client_id} and {@code client_secret} in the form; empty when they are
     * not a service principal's.
     */
    synchronized Optional<String> issue(String authorization, Map<String, String> form) {
        String clientId = form.get("client_id");
        String clientSecret = form.get("client_secret");
        if (authorization != null && authorization.startsWith("Basic ")) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authorization.substring("Basic ".length()).strip()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return Optional.empty();
            }
            clientId = decoded.substring(0, colon);
            clientSecret = decoded.substring(colon + 1);
        }
        if (clientId == null || clientSecret == null || !clientSecret.equals(clientSecrets.get(clientId))) {
            return Optional.empty();
        }
        String token = "fake-oauth-" + UUID.randomUUID();
        accessTokens.put(token, Instant.now().plus(ACCESS_TOKEN_LIFETIME));
        issued++;
        return Optional.of(token);
    }
}
