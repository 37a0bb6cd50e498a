package io.sparkplane.controlplane.token;

import io.sparkplane.controlplane.auth.Caller;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tokens this replica authenticated in the last {@link #TTL}, by their secret's hash, so that a
 * client's burst of calls costs one lookup in PostgreSQL instead of one each (a submit's largest cost
 * after its own transaction). Only tokens that were valid are kept: an unknown secret is looked up
 * every time, so guessing cannot fill the map. Revoking a token on this replica drops it here at once;
 * another replica may still accept it for up to {@link #TTL} (docs/security.md). Holds hashes, never
 * secrets.
 */
final class AuthenticatedTokens {

    /** How long another replica may accept a revoked token: short enough to be no real grace period. */
    static final Duration TTL = Duration.ofSeconds(2);
    /** A bound for a flood of distinct valid tokens; full, the map is emptied (a few lookups more), never grown. */
    static final int MAX_ENTRIES = 10_000;

    private record Entry(Caller caller, Instant validUntil) {}

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    /** Counts the revocations: a lookup that read its token before one committed must not keep what it read. */
    private final AtomicLong revocations = new AtomicLong();

    /** The caller the hash stood for, if it was authenticated less than {@link #TTL} before {@code now} and has not expired since. */
    Optional<Caller> find(String secretHash, Instant now) {
        Entry entry = entries.get(secretHash);
        if (entry == null) {
            return Optional.empty();
        }
        if (!now.isBefore(entry.validUntil())) {
            entries.remove(secretHash, entry);
            return Optional.empty();
        }
        return Optional.of(entry.caller());
    }

    /** Taken before a token is read from PostgreSQL, and given to {@link #put} with what was read. */
    long revocations() {
        return revocations.get();
    }

    /**
     * @param expiresAt   the token's own expiry, if any: it is not accepted past it, whatever the TTL
     * @param revocations {@link #revocations()} before the token was read; when any revocation has
     *     happened since, what was read may be a token revoked meanwhile, and it is not kept
     */
    void put(String secretHash, Caller caller, Instant now, Instant expiresAt, long revocations) {
        if (revocations != this.revocations.get()) {
            return;
        }
        Instant validUntil = now.plus(TTL);
        if (expiresAt != null && expiresAt.isBefore(validUntil)) {
            validUntil = expiresAt;
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(secretHash, new Entry(caller, validUntil));
    }

    /** Once a revocation has committed. */
    void forget(String secretHash) {
        revocations.incrementAndGet();
        entries.remove(secretHash);
    }
}
