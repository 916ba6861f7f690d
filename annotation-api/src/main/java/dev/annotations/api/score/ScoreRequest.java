package dev.annotations.api.score;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A score as a client sends it. {@code value} is the number; {@code label} the chosen category, the
 * boolean's label or a TEXT score's text; {@code labels} the choices of a multi-select score.
 * {@code author} may be given only for EVAL and FEEDBACK scores (the judge, the end user); otherwise it is
 * the API key's name. {@code timestamp} defaults to now.
 */
public record ScoreRequest(
        UUID id,
        Target target,
        String name,
        Double value,
        String label,
        List<String> labels,
        String comment,
        Map<String, String> metadata,
        UUID configId,
        UUID queueId,
        Source source,
        AnnotatorKind annotatorKind,
        String author,
        Instant timestamp) {

    /** The body of {@code PATCH /api/v1/scores/{id}}: the judgement's content; what it judges never changes. */
    public record Patch(Double value, String label, List<String> labels, String comment, Map<String, String> metadata) {
    }

    /** The body of {@code POST /api/v1/scores/batch}. Items stay untyped so each is validated on its own. */
    public record Batch(List<com.fasterxml.jackson.databind.JsonNode> scores) {
    }
}
