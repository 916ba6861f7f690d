package dev.annotations.api.project;

import dev.annotations.api.auth.KeyAuthenticator;
import dev.annotations.api.auth.Principal;
import dev.annotations.api.auth.Role;
import dev.annotations.api.http.ApiProblem;
import dev.annotations.api.storage.ExpiringCache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Issues, lists, revokes and checks API keys. Knows nothing of HTTP beyond throwing {@link ApiProblem}. */
public final class ApiKeyService implements KeyAuthenticator {
    /**
     * How long a key's lookup is reused. A revocation takes effect at once on the instance that made it,
     * and within this time plus one background reload on other instances sharing the database
     * ({@link ExpiringCache}: at most twice this time).
     */
    public static final Duration CACHE_TTL = Duration.ofSeconds(10);
    private static final int CACHE_SIZE = 10_000;

    private final ApiKeyRepository keys;
    private final ApiKeySecrets secrets;
    private final Clock clock;
    private final ExpiringCache<String, Optional<ApiKey>> byHash;

    public ApiKeyService(ApiKeyRepository keys, ApiKeySecrets secrets, Clock clock) {
        this.keys = keys;
        this.secrets = secrets;
        this.clock = clock;
        this.byHash = new ExpiringCache<>(clock, CACHE_TTL, CACHE_SIZE);
    }

    /** A key and its secret, which is shown once and never stored. */
    public record IssuedKey(ApiKey key, String secret) {
    }

    public String newSecret() {
        return secrets.newSecret();
    }

    public IssuedKey issue(UUID projectId, String name, Role role, String createdBy) {
        String secret = secrets.newSecret();
        ApiKey key = new ApiKey(UUID.randomUUID(), projectId, name, role, ApiKeySecrets.hash(secret),
                ApiKeySecrets.displayPrefix(secret), false, now(), createdBy, Optional.empty(), "");
        keys.insert(key);
        return new IssuedKey(key, secret);
    }

    /**
     * Stores a key whose secret the operator chose (the bootstrap admin key). Its id derives from the
     * secret's hash, so two instances bootstrapping at once write the same row.
     */
    public ApiKey register(UUID projectId, String name, Role role, String secret, boolean canCreateProjects) {
        String hash = ApiKeySecrets.hash(secret);
        ApiKey key = new ApiKey(UUID.nameUUIDFromBytes(hash.getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                projectId, name, role, hash, ApiKeySecrets.displayPrefix(secret), canCreateProjects,
                now(), "bootstrap", Optional.empty(), "");
        keys.insert(key);
        return key;
    }

    /** Stored times have millisecond precision; answers show exactly what was stored. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    public List<ApiKey> list(UUID projectId) {
        return keys.listByProject(projectId);
    }

    /** Revokes a key; revoking an already revoked key changes nothing. */
    public ApiKey revoke(UUID projectId, UUID keyId, String revokedBy) {
        ApiKey key = keys.findById(projectId, keyId)
                .orElseThrow(() -> ApiProblem.notFound("no key " + keyId + " in project " + projectId));
        if (key.revoked()) {
            return key;
        }
        ApiKey revoked = keys.revoke(key, revokedBy);
        byHash.invalidate(key.keyHash());
        return revoked;
    }

    /** The caller behind a presented secret, if it names a live key. */
    @Override
    public Optional<Principal> authenticate(String secret) {
        String hash = ApiKeySecrets.hash(secret);
        return byHash.get(hash, keys::findByHash)
                .filter(key -> ApiKeySecrets.sameHash(key.keyHash(), hash))
                .filter(key -> !key.revoked())
                .map(ApiKey::principal);
    }
}
