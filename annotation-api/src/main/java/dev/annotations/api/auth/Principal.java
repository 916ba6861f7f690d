package dev.annotations.api.auth;

import java.util.UUID;

/**
 * Who is calling: resolved from the API key on every request.
 *
 * @param name              the key's name: the author recorded on everything written with this key
 * @param canCreateProjects only the bootstrap key: may create projects and manage keys in any project
 */
public record Principal(UUID keyId, UUID projectId, String name, Role role, boolean canCreateProjects) {
}
