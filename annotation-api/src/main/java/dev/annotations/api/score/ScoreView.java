package dev.annotations.api.score;

import dev.annotations.api.scoreconfig.DataType;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A score as the API shows it. {@code label} holds a single-select or boolean label or a TEXT score's
 * text; {@code labels} a multi-select score's labels. {@code version}, {@code changedBy} and
 * {@code deleted} describe this version (history lists every one).
 */
public record ScoreView(UUID id, Target target, String name, DataType dataType, Double value, String label,
                        List<String> labels, String comment, Map<String, String> metadata, UUID configId, UUID queueId,
                        Source source, AnnotatorKind annotatorKind, String author, Instant timestamp, Instant createdAt,
                        Instant updatedAt, long version, String changedBy, boolean deleted) {

    public static ScoreView of(Score score) {
        boolean multi = !score.labels().isEmpty();
        return new ScoreView(score.id(), score.target(), score.name(), score.dataType(), score.value(),
                multi || score.stringValue().isEmpty() ? null : score.stringValue(), multi ? score.labels() : null,
                score.comment().isEmpty() ? null : score.comment(), score.metadata().isEmpty() ? null : score.metadata(),
                score.configId(), score.queueId(), score.source(), score.annotatorKind(), score.author(),
                score.timestamp(), score.createdAt(), score.updatedAt(), score.version(), score.changedBy(), score.deleted());
    }
}
