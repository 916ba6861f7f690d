package dev.annotations.api.queue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An annotation campaign: which score configs to fill, who annotates and reviews, how items are handed out.
 * Members are named by their API keys' {@code name}.
 *
 * @param showSuggestions annotators see the target's LLM and CODE scores for the queue's configs as suggestions
 *                        (off by default: a suggestion anchors a human's judgement)
 */
public record Queue(UUID id, UUID projectId, String name, String description, List<ConfigRef> configs,
                    List<String> annotators, List<String> reviewers, Strategy strategy, int annotatorsPerItem,
                    int reservationTimeoutSeconds, boolean reviewRequired, boolean showSuggestions, QueueStatus status,
                    Instant createdAt, String createdBy, Instant updatedAt, String updatedBy) {

    /** A score config the queue's annotators fill; a submit without every required one is refused. */
    public record ConfigRef(UUID configId, boolean required) {
    }

    Queue with(String newName, String newDescription, List<String> newAnnotators, List<String> newReviewers,
               int newTimeout, boolean newShowSuggestions, QueueStatus newStatus, Instant at, String by) {
        return new Queue(id, projectId, newName, newDescription, configs, newAnnotators, newReviewers, strategy,
                annotatorsPerItem, newTimeout, reviewRequired, newShowSuggestions, newStatus, createdAt, createdBy, at,
                by);
    }

    boolean isAnnotator(String member) {
        return annotators.contains(member);
    }

    boolean isReviewer(String member) {
        return reviewers.contains(member);
    }
}
