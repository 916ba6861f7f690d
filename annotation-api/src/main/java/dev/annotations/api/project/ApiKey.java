package dev.annotations.api.project;

import dev.annotations.api.auth.Principal;
import dev.annotations.api.auth.Role;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** One stored API key (never its secret). */
public record ApiKey(
        UUID id,
        UUID projectId,
        String name,
        Role role,
        String keyHash,
        String keyPrefix,
        boolean canCreateProjects,
        Instant createdAt,
        String createdBy,
        Optional<Instant> revokedAt,
        String revokedBy) {

    public boolean revoked() {
        return revokedAt.isPresent();
    }

    public Principal principal() {
        return new Principal(id, projectId, name, role, canCreateProjects);
    }

    ApiKey revoke(Instant at, String by) {
        return new ApiKey(id, projectId, name, role, keyHash, keyPrefix, canCreateProjects, createdAt, createdBy,
                Optional.of(at), by);
    }
}
