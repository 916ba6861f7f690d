package dev.annotations.api.queue;

import java.time.Instant;
import java.util.UUID;

/**
 * One row of the append-only event log.
 *
 * @param annotator whose assignment, claim or submission this is about (the returned annotator for RETURNED)
 * @param actor     who caused it (the API key's name)
 * @param seq       the claim number n: of the claim (CLAIMED and its end) or of the returned submission; -1 otherwise
 * @param reviewSeq the review decision number r (APPROVED, RETURNED); -1 otherwise
 * @param expiresAt CLAIMED: when the reservation ends; null otherwise
 * @param reason    a skip's reason or a return's comment
 */
public record QueueEvent(UUID itemId, Instant at, UUID eventId, EventType type, String annotator, String actor,
                         int seq, int reviewSeq, Instant expiresAt, String reason) {
}
