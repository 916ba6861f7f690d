package dev.annotations.api.project;

import java.time.Instant;
import java.util.UUID;

/** A tenant: every row the service owns carries its project's id. */
public record Project(UUID id, String name, Instant createdAt, String createdBy) {
}
