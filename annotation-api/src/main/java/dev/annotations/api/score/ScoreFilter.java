package dev.annotations.api.score;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** The filters of {@code GET /api/v1/scores}; every one optional, all combined with AND. */
public record ScoreFilter(
        Optional<TargetType> targetType,
        Optional<String> traceId,
        Optional<String> spanId,
        Optional<String> sessionId,
        Optional<String> datasetId,
        Optional<String> itemId,
        Optional<String> name,
        Optional<UUID> configId,
        Optional<Source> source,
        Optional<AnnotatorKind> annotatorKind,
        Optional<String> author,
        Optional<UUID> queueId,
        Optional<Double> valueMin,
        Optional<Double> valueMax,
        Optional<String> label,
        Optional<Instant> from,
        Optional<Instant> to) {
}
