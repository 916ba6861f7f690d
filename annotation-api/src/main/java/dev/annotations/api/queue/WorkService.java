package dev.annotations.api.queue;

import dev.annotations.api.auth.Principal;
import dev.annotations.api.http.ApiProblem;
import dev.annotations.api.score.Target;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * Taking and giving back work: {@code next} reserves an item by the claim protocol ({@link ClaimLog}),
 * release and skip end a reservation. Submitting is {@link SubmissionService}'s, reviewing {@link ReviewService}'s.
 */
public final class WorkService {
    /** Candidates considered per attempt; one is drawn at random so concurrent annotators rarely collide. */
    static final int CANDIDATES = 16;
    /** Claims tried per {@code next} before answering 503. */
    static final int MAX_ATTEMPTS = 8;

    private final QueueMemories memories;
    private final ClaimLog log;
    private final RandomGenerator random;

    WorkService(QueueMemories memories, ClaimLog log, RandomGenerator random) {
        this.memories = memories;
        this.log = log;
        this.random = random;
    }

    /** The item handed out by {@code next}, with the reservation's claim number and expiry. */
    public record Reservation(QueueItemView item, Target target, int claim, Instant expiresAt, boolean returned,
                              String returnComment) {
    }

    /**
     * Reserves an item for the caller, or empty when none is available to them (or the queue is not ACTIVE).
     * An annotator holds at most one reservation per queue: while it is live, {@code next} returns it again.
     */
    public Optional<Reservation> next(Principal caller, UUID queueId) {
        QueueMemory memory = memories.get(caller.projectId(), queueId);
        Queue queue = memory.queue();
        WorkRules.requireAnnotator(caller, queue);
        if (queue.status() != QueueStatus.ACTIVE) {
            return Optional.empty();
        }
        Instant now = log.now();
        Optional<QueueMemory.Entry> held = memory.liveClaimOf(caller.name(), now);
        if (held.isPresent()) {
            ItemState state = log.reload(memory, held.get().item().id());
            Optional<ItemState.Claim> live = state.liveClaims(now).stream()
                    .filter(claim -> claim.annotator().equals(caller.name())).findFirst();
            if (live.isPresent()) {
                return Optional.of(reservation(held.get().item(), state, live.get(), caller.name(), now));
            }
        }
        Set<UUID> tried = new HashSet<>();
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            List<List<QueueMemory.Entry>> tiers = memory.candidates(caller.name(), now, CANDIDATES, tried,
                    queue.strategy() == Strategy.MANUAL);
            List<QueueMemory.Entry> tier = tiers.stream().filter(list -> !list.isEmpty()).findFirst().orElse(List.of());
            if (tier.isEmpty()) {
                return Optional.empty();
            }
            QueueMemory.Entry candidate = tier.get(random.nextInt(tier.size()));
            tried.add(candidate.item().id());
            Optional<Reservation> won = tryClaim(memory, queue, candidate, caller.name(), now);
            if (won.isPresent()) {
                return won;
            }
            now = log.now();
        }
        throw new ApiProblem(503, "/problems/contention", "Too much contention",
                "every item tried was claimed by someone else first; retry", List.of());
    }

    private Optional<Reservation> tryClaim(QueueMemory memory, Queue queue, QueueMemory.Entry candidate,
                                           String annotator, Instant now) {
        UUID itemId = candidate.item().id();
        ItemState state = candidate.state();
        if (!contiguousClaims(state)) {
            state = log.reload(memory, itemId);
        }
        List<ItemState.Claim> expired = state.mustExpireFirst(annotator, now);
        if (!expired.isEmpty()) {
            for (ItemState.Claim claim : expired) {
                log.end(queue, itemId, claim, EventType.EXPIRED, annotator, "", now);
            }
            state = log.reload(memory, itemId);
        }
        // decide and stamp the claim at one instant, so the log shows each claim when its check was made
        now = log.now();
        if (!state.mustExpireFirst(annotator, now).isEmpty() || !state.mayClaim(annotator, now)) {
            return Optional.empty();
        }
        int n = state.nextClaimSeq();
        QueueEvent claim = log.claim(queue, itemId, annotator, n, now);
        ItemState after = log.reload(memory, itemId);
        Optional<ItemState.Claim> stored = after.claim(n);
        if (stored.isEmpty() || !stored.get().claim().eventId().equals(claim.eventId())) {
            return Optional.empty();
        }
        return Optional.of(reservation(candidate.item(), after, stored.get(), annotator, now));
    }

    private static boolean contiguousClaims(ItemState state) {
        List<ItemState.Claim> claims = state.claims();
        return claims.isEmpty() || claims.getLast().seq() == claims.size() - 1;
    }

    static Reservation reservation(QueueItem item, ItemState state, ItemState.Claim claim, String annotator,
                                           Instant now) {
        Optional<QueueEvent> returned = state.reviews().stream()
                .filter(review -> review.type() == EventType.RETURNED && review.annotator().equals(annotator)
                        && state.reservedForReturned().contains(annotator))
                .reduce((first, second) -> second);
        return new Reservation(QueueItemView.of(item, state, now), item.target(), claim.seq(), claim.expiresAt(),
                returned.isPresent(), returned.map(QueueEvent::reason).orElse(null));
    }

    /** Gives the caller's live reservation back to the pool. */
    public QueueItemView release(Principal caller, UUID queueId, UUID itemId) {
        return endClaim(caller, queueId, itemId, EventType.RELEASED, "");
    }

    /** Ends the caller's reservation for good: the item is never served to them again. */
    public QueueItemView skip(Principal caller, UUID queueId, UUID itemId, String reason) {
        WorkRules.requireReasonLength("reason", reason);
        return endClaim(caller, queueId, itemId, EventType.SKIPPED, reason == null ? "" : reason);
    }

    private QueueItemView endClaim(Principal caller, UUID queueId, UUID itemId, EventType type, String reason) {
        QueueMemory memory = memories.get(caller.projectId(), queueId);
        Queue queue = memory.queue();
        WorkRules.requireAnnotator(caller, queue);
        QueueItem item = WorkRules.requireItem(memory, itemId);
        Instant now = log.now();
        ItemState.Claim claim = log.liveClaim(memory, itemId, caller.name(), now, log.reload(memory, itemId));
        QueueEvent end = log.end(queue, itemId, claim, type, caller.name(), reason, now);
        ItemState after = log.reload(memory, itemId);
        ClaimLog.requireEndWon(after, claim, end);
        return QueueItemView.of(item, after, now);
    }
}
