package io.sparkplane.controlplane.run;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The bearer token of each attempt's launcher: an HMAC of run id and attempt under a key kept in
 * the database. Nothing per token is stored, any replica can check one, and a dispatcher that
 * crashed before handing a token over can hand over the same token again.
 */
@ApplicationScoped
public class AttemptTokens {

    private final EntityManager entityManager;
    private volatile byte[] secret;

    AttemptTokens(EntityManager entityManager) {
        this.entityManager = entityManager;
    }

    public String tokenFor(UUID runId, int attempt) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret(), "HmacSHA256"));
            byte[] digest = mac.doFinal((runId + "/" + attempt).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    /** Constant-time check of a presented token. */
    public boolean matches(UUID runId, int attempt, String presented) {
        if (presented == null) {
            return false;
        }
        return MessageDigest.isEqual(tokenFor(runId, attempt).getBytes(StandardCharsets.US_ASCII),
                presented.getBytes(StandardCharsets.US_ASCII));
    }

    private byte[] secret() {
        byte[] current = secret;
        if (current == null) {
            current = QuarkusTransaction.requiringNew().call(this::loadOrCreateSecret);
            secret = current;
        }
        return current;
    }

    private byte[] loadOrCreateSecret() {
        byte[] candidate = new byte[32];
        new SecureRandom().nextBytes(candidate);
        entityManager.createNativeQuery("insert into engine_token_key (id, secret) values (1, :secret) on conflict (id) do nothing")
                .setParameter("secret", candidate)
                .executeUpdate();
        return (byte[]) entityManager.createNativeQuery("select secret from engine_token_key where id = 1").getSingleResult();
    }
}
