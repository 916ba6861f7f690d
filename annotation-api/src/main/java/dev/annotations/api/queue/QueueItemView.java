package dev.annotations.api.queue;

import dev.annotations.api.score.Target;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An item as clients see it: its target and its folded state.
 *
 * @param reservations live reservations: who holds the item until when
 * @param submittedBy  annotators whose submission counts (not returned by a reviewer)
 * @param returnedTo   annotators a reviewer sent the item back to, whose new submission is awaited
 */
public record QueueItemView(UUID id, UUID queueId, Target target, int priority, ItemStatus status, Instant addedAt,
                            String addedBy, List<String> assignedTo, List<Reservation> reservations,
                            List<String> submittedBy, List<String> skippedBy, List<String> returnedTo) {

    public record Reservation(String annotator, int claim, Instant expiresAt) {
    }

    static QueueItemView of(QueueItem item, ItemState state, Instant now) {
        return new QueueItemView(item.id(), item.queueId(), item.target(), item.priority(), state.status(now),
                item.addedAt(), item.addedBy(), state.assigned().stream().sorted().toList(),
                state.liveClaims(now).stream().map(claim -> new Reservation(claim.annotator(), claim.seq(),
                        claim.expiresAt())).toList(),
                state.validSubmissions().keySet().stream().sorted().toList(),
                state.skipped().stream().sorted().toList(), state.reservedForReturned().stream().sorted().toList());
    }
}
