package dev.annotations.api.queue;

import dev.annotations.api.http.ApiProblem;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The claim protocol's writes and read-backs (README, "Queues: the claim protocol"); the only class that
 * knows its deduplication tokens.
 *
 * <p>ClickHouse has no row locks; its insert deduplication is the lock. The n-th claim on an item is an
 * INSERT with token {@code claim:<queue>:<item>:<n>}, where n is the number of claims the claimant saw; only
 * one INSERT per token is stored, so at most one claimant wins each n, and the winner's capacity check was
 * made on the complete claim history 0..n-1 (claim ends it had not seen yet only make it conservative). A
 * claim's end (RELEASED, SKIPPED, EXPIRED, SUBMITTED) carries {@code end:<queue>:<item>:<n>} and a review
 * decision {@code review:<queue>:<item>:<r>}: the first stored wins. After each INSERT the item's events are
 * read back (a short range of the table's sort key) to learn who won; losers move on.
 */
final class ClaimLog {
    private final QueueEventRepository events;
    private final Supplier<UUID> ids;
    private final Clock clock;

    ClaimLog(QueueEventRepository events, Supplier<UUID> ids, Clock clock) {
        this.events = events;
        this.ids = ids;
        this.clock = clock;
    }

    /** Tries to store claim number {@code n}; the returned event is the caller's, whether it won or not. */
    QueueEvent claim(Queue queue, UUID itemId, String annotator, int n, Instant at) {
        Instant expiresAt = at.plusSeconds(queue.reservationTimeoutSeconds());
        QueueEvent claim = new QueueEvent(itemId, at, ids.get(), EventType.CLAIMED, annotator, annotator, n, -1,
                expiresAt, "");
        events.insertWithToken(queue.projectId(), queue.id(), claim, "claim:" + queue.id() + ":" + itemId + ":" + n);
        return claim;
    }

    /** Tries to end {@code claim} with {@code type}; stamped when stored, so the log shows when it really ended. */
    QueueEvent end(Queue queue, UUID itemId, ItemState.Claim claim, EventType type, String actor, String reason,
                   Instant notBefore) {
        Instant stamped = now();
        QueueEvent end = new QueueEvent(itemId, stamped.isBefore(notBefore) ? notBefore : stamped, ids.get(), type,
                claim.annotator(), actor, claim.seq(), -1, null, reason);
        events.insertWithToken(queue.projectId(), queue.id(), end, "end:" + queue.id() + ":" + itemId + ":" + claim.seq());
        return end;
    }

    /** Tries to store review decision number {@code r}. */
    QueueEvent review(Queue queue, UUID itemId, EventType type, String annotator, String reviewer, int returnedSeq,
                      int r, String comment, Instant at) {
        QueueEvent decision = new QueueEvent(itemId, at, ids.get(), type, annotator == null ? "" : annotator, reviewer,
                returnedSeq, r, null, comment == null ? "" : comment);
        events.insertWithToken(queue.projectId(), queue.id(), decision, "review:" + queue.id() + ":" + itemId + ":" + r);
        return decision;
    }

    /** The item's complete log as stored now, folded, and put into memory: the read-back after a write. */
    ItemState reload(QueueMemory memory, UUID itemId) {
        Queue queue = memory.queue();
        memory.putEvents(itemId, events.itemEvents(queue.projectId(), queue.id(), itemId), true);
        return memory.entry(itemId).map(QueueMemory.Entry::state).orElseGet(() -> ItemState.fold(
                events.itemEvents(queue.projectId(), queue.id(), itemId), queue.annotatorsPerItem(),
                queue.reviewRequired(), false));
    }

    /**
     * The annotator's live reservation on the item. One found past its expiry is closed (EXPIRED) on the
     * spot, and the caller told so: expiry is never a silent failure.
     */
    ItemState.Claim liveClaim(QueueMemory memory, UUID itemId, String annotator, Instant now, ItemState state) {
        Optional<ItemState.Claim> latest = state.latestClaimOf(annotator);
        if (latest.isPresent() && latest.get().end() != null && latest.get().end().type() == EventType.EXPIRED) {
            throw ApiProblem.conflict("your reservation expired at " + latest.get().expiresAt() + "; call next again");
        }
        ItemState.Claim claim = latest.filter(ItemState.Claim::open)
                .orElseThrow(() -> ApiProblem.conflict("you hold no reservation on this item; call next first"));
        if (!claim.liveAt(now)) {
            end(memory.queue(), itemId, claim, EventType.EXPIRED, annotator, "", now);
            reload(memory, itemId);
            throw ApiProblem.conflict("your reservation expired at " + claim.expiresAt());
        }
        return claim;
    }

    /** 409 unless the stored end of {@code claim} is the caller's {@code end}. */
    static void requireEndWon(ItemState after, ItemState.Claim claim, QueueEvent end) {
        QueueEvent stored = after.claim(claim.seq()).map(ItemState.Claim::end).orElse(null);
        if (stored == null || !stored.eventId().equals(end.eventId())) {
            String what = stored == null ? "ended" : stored.type() == EventType.EXPIRED ? "expired"
                    : "ended (" + stored.type() + ")";
            throw ApiProblem.conflict("your reservation " + what + " first");
        }
    }

    Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
