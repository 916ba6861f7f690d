package dev.annotations.api.queue;

import java.util.List;
import java.util.UUID;

/**
 * The body of {@code POST /api/v1/queues}. {@code scoreConfigIds} are required on every submission,
 * {@code optionalScoreConfigIds} may be filled.
 */
public record QueueDraft(String name, String description, List<UUID> scoreConfigIds, List<UUID> optionalScoreConfigIds,
                         List<String> annotators, List<String> reviewers, Strategy strategy, Integer annotatorsPerItem,
                         Integer reservationTimeoutSeconds, Boolean reviewRequired, Boolean showSuggestions) {

    /** The body of {@code PATCH /api/v1/queues/{id}}: what may change while work is under way. */
    public record Patch(String name, String description, List<String> annotators, List<String> reviewers,
                        Integer reservationTimeoutSeconds, Boolean showSuggestions, QueueStatus status) {
    }
}
