package dev.annotations.api.project;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * A tenant: every row the service owns carries its project's id.
 *
 * @param spanVisibility which Collector-written spans it sees, as set; empty for the default (see
 *                       {@link ProjectService#spanVisibility})
 */
public record Project(UUID id, String name, Instant createdAt, String createdBy, Optional<SpanVisibility> spanVisibility) {
}
