package dev.annotations.api.score;

import dev.annotations.api.scoreconfig.DataType;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * One version of one judgement, as stored. A single-select or boolean label and the text of a TEXT
 * score are in {@code stringValue}; a multi-select score's labels are in {@code labels}.
 */
public record Score(
        UUID id,
        UUID projectId,
        Target target,
        String name,
        DataType dataType,
        Double value,
        String stringValue,
        List<String> labels,
        String comment,
        Map<String, String> metadata,
        UUID configId,
        UUID queueId,
        Source source,
        AnnotatorKind annotatorKind,
        String author,
        String createdBy,
        Instant timestamp,
        Instant createdAt,
        Instant updatedAt,
        String changedBy,
        long version,
        boolean deleted) {

    /**
     * Whether {@code other} is the same judgement, for idempotent retries. The timestamp counts only when
     * the client chose it: a retry without one must not differ by the server's clock.
     */
    boolean sameJudgement(Score other, boolean compareTimestamp) {
        return projectId.equals(other.projectId) && target.equals(other.target) && name.equals(other.name)
                && dataType == other.dataType && Objects.equals(value, other.value)
                && stringValue.equals(other.stringValue) && labels.equals(other.labels) && comment.equals(other.comment)
                && metadata.equals(other.metadata) && Objects.equals(configId, other.configId)
                && Objects.equals(queueId, other.queueId) && source == other.source
                && annotatorKind == other.annotatorKind && author.equals(other.author)
                && (!compareTimestamp || timestamp.equals(other.timestamp));
    }

    /** The next version: the same judgement with new content, written by {@code by}. */
    Score nextVersion(Double newValue, String newStringValue, List<String> newLabels, String newComment,
                      Map<String, String> newMetadata, Instant at, String by, long newVersion, boolean newDeleted) {
        return new Score(id, projectId, target, name, dataType, newValue, newStringValue, newLabels, newComment,
                newMetadata, configId, queueId, source, annotatorKind, author, createdBy, timestamp, createdAt, at, by,
                newVersion, newDeleted);
    }
}
