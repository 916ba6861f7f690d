package dev.annotations.api.score;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The filters of {@code GET /api/v1/scores}; every one optional, all combined with AND. A list holds the
 * alternatives of one field (a repeated query parameter), matched with OR; an empty list does not filter.
 */
public record ScoreFilter(
        List<TargetType> targetType,
        List<String> traceId,
        List<String> spanId,
        List<String> sessionId,
        List<String> datasetId,
        List<String> itemId,
        List<String> name,
        List<UUID> configId,
        List<Source> source,
        List<AnnotatorKind> annotatorKind,
        List<String> author,
        List<UUID> queueId,
        Optional<Double> valueMin,
        Optional<Double> valueMax,
        List<String> label,
        Optional<Instant> from,
        Optional<Instant> to) {
    public ScoreFilter {
        targetType = List.copyOf(targetType);
        traceId = List.copyOf(traceId);
        spanId = List.copyOf(spanId);
        sessionId = List.copyOf(sessionId);
        datasetId = List.copyOf(datasetId);
        itemId = List.copyOf(itemId);
        name = List.copyOf(name);
        configId = List.copyOf(configId);
        source = List.copyOf(source);
        annotatorKind = List.copyOf(annotatorKind);
        author = List.copyOf(author);
        queueId = List.copyOf(queueId);
        label = List.copyOf(label);
    }
}
