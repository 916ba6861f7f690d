package dev.annotations.api.analytics;

import dev.annotations.api.score.AnnotatorKind;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The filters every analysis takes: what is rated ({@code configId} or {@code name}), {@code queueId} (units
 * within that queue), {@code from} ≤ score timestamp < {@code to}, the annotator kind (HUMAN when absent, for
 * agreement and consensus) and the authors (all when empty), and the level for agreement and consensus.
 */
public record Filters(Optional<UUID> configId, Optional<String> name, Optional<UUID> queueId, Optional<Instant> from,
                      Optional<Instant> to, Optional<AnnotatorKind> annotatorKind, List<String> authors,
                      Optional<Level> level) {

    public Filters {
        authors = List.copyOf(authors);
    }
}
