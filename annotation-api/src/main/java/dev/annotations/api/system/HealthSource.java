package dev.annotations.api.system;

import java.util.Map;
import java.util.Optional;

/** A part of the service whose state {@code GET /health} reports next to its status (the score log). */
public interface HealthSource {
    /** The field of the health document that holds {@link #figures()}. */
    String name();

    Map<String, Object> figures();

    /** Why the service is degraded because of this part: alive and answering, but an operator should look. */
    Optional<String> degradedBecause();
}
