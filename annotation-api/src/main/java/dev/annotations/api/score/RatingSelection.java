package dev.annotations.api.score;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Which ratings an analysis reads: live scores (current version, not deleted) of one score config, or of one
 * name scored without a config, optionally within one queue, a time range ({@code from} ≤ timestamp <
 * {@code to}), some annotator kinds and some authors. Each author counts once per unit, with their latest
 * rating (by timestamp, then id). A unit is one target; with {@code queueId}, one target within that queue.
 *
 * @param configId the config whose scores are read; when empty, {@code name}'s scores without a config
 * @param anyConfig read {@code name}'s scores whatever their config (a judge's scores, whichever config they name)
 * @param kinds    annotator kinds to read; empty reads every kind
 * @param authors  authors to read; empty reads every author
 * @param value    how a rating's content is keyed: its number, its label or its set of labels
 */
public record RatingSelection(UUID projectId, Optional<UUID> configId, String name, boolean anyConfig, Optional<UUID> queueId,
                              Optional<Instant> from, Optional<Instant> to, Set<AnnotatorKind> kinds,
                              List<String> authors, ValueKind value) {

    /** What identifies a rating's content. */
    public enum ValueKind {
        /** {@code value}, as ClickHouse prints a Float64 (shortest round-trip form). */
        NUMBER,
        /** {@code string_value}: a single-select or boolean label. */
        LABEL,
        /** {@code labels} sorted, as a JSON array: a multi-select score's set. */
        LABELS
    }

    public RatingSelection {
        authors = List.copyOf(authors);
        kinds = Set.copyOf(kinds);
    }
}
