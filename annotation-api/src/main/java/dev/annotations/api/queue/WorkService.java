package dev.annotations.api.queue;

import dev.annotations.api.auth.Principal;
import dev.annotations.api.auth.Role;
import dev.annotations.api.http.ApiProblem;
import dev.annotations.api.http.FieldError;
import dev.annotations.api.score.ScoreOutcome;
import dev.annotations.api.score.ScoreRequest;
import dev.annotations.api.score.ScoreService;
import dev.annotations.api.score.Source;
import dev.annotations.api.score.Target;
import dev.annotations.api.scoreconfig.ScoreConfig;
import dev.annotations.api.scoreconfig.ScoreConfigService;
import dev.annotations.api.storage.StorageUnavailableException;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Annotators' and reviewers' work on items, by the claim protocol (README, "Queues: the claim protocol").
 *
 * <p>ClickHouse has no row locks; its insert deduplication is the lock. The n-th claim on an item is an
 * INSERT with token {@code claim:<queue>:<item>:<n>}, where n is the number of claims the claimant saw; only
 * one INSERT per token is stored, so at most one claimant wins each n, and the winner's capacity check was
 * made on the complete claim history 0..n-1 (claim ends it had not seen yet only make it conservative). A
 * claim's end (RELEASED, SKIPPED, EXPIRED, SUBMITTED) carries {@code end:<queue>:<item>:<n>} and a review
 * decision {@code review:<queue>:<item>:<r>}: the first stored wins. After each INSERT the item's events are
 * read back (a short range of the table's sort key) to learn who won; losers move on.
 */
public final class WorkService {
    private static final Logger LOG = Logger.getLogger(WorkService.class.getName());
    /** Candidates considered per attempt; one is drawn at random so concurrent annotators rarely collide. */
    static final int CANDIDATES = 16;
    /** Claims tried per {@code next} before answering 503. */
    static final int MAX_ATTEMPTS = 8;
    static final int MAX_REASON_LENGTH = 10_000;

    private final QueueMemories memories;
    private final QueueEventRepository events;
    private final ScoreService scores;
    private final ScoreConfigService configs;
    private final Clock clock;

    WorkService(QueueMemories memories, QueueEventRepository events, ScoreService scores, ScoreConfigService configs,
                Clock clock) {
        this.memories = memories;
        this.events = events;
        this.scores = scores;
        this.configs = configs;
        this.clock = clock;
    }

    /** The item handed out by {@code next}, with the reservation's claim number and expiry. */
    public record Reservation(QueueItemView item, Target target, int claim, Instant expiresAt, boolean returned,
                              String returnComment) {
    }

    /** One score of a submission: the queue's config it fills and its content. */
    public record SubmittedScore(UUID configId, Double value, String label, List<String> labels, String comment,
                                 Map<String, String> metadata) {
    }

    public record Submission(List<SubmittedScore> scores) {
    }

    /** A stored submission: the scores written (ids derived from queue, item, annotator, config and claim). */
    public record Submitted(UUID itemId, int claim, boolean alreadySubmitted, List<UUID> scoreIds, QueueItemView item) {
    }

    /**
     * Reserves an item for the caller, or empty when none is available to them (or the queue is not ACTIVE).
     * An annotator holds at most one reservation per queue: while it is live, {@code next} returns it again.
     */
    public Optional<Reservation> next(Principal caller, UUID queueId) {
        QueueMemory memory = memories.get(caller.projectId(), queueId);
        Queue queue = memory.queue();
        requireAnnotator(caller, queue);
        if (queue.status() != QueueStatus.ACTIVE) {
            return Optional.empty();
        }
        Instant now = now();
        Optional<QueueMemory.Entry> held = memory.liveClaimOf(caller.name(), now);
        if (held.isPresent()) {
            ItemState state = reload(memory, held.get().item().id());
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
            QueueMemory.Entry candidate = tier.get(ThreadLocalRandom.current().nextInt(tier.size()));
            tried.add(candidate.item().id());
            Optional<Reservation> won = tryClaim(memory, queue, candidate, caller.name(), now);
            if (won.isPresent()) {
                return won;
            }
            now = now();
        }
        throw new ApiProblem(503, "/problems/contention", "Too much contention",
                "every item tried was claimed by someone else first; retry", List.of());
    }

    private Optional<Reservation> tryClaim(QueueMemory memory, Queue queue, QueueMemory.Entry candidate,
                                           String annotator, Instant now) {
        UUID itemId = candidate.item().id();
        ItemState state = candidate.state();
        if (!contiguousClaims(state)) {
            state = reload(memory, itemId);
        }
        List<ItemState.Claim> expired = state.mustExpireFirst(annotator, now);
        if (!expired.isEmpty()) {
            for (ItemState.Claim claim : expired) {
                insertEnd(queue, itemId, claim, EventType.EXPIRED, annotator, "", now);
            }
            state = reload(memory, itemId);
        }
        // decide and stamp the claim at one instant, so the log shows each claim when its check was made
        now = now();
        if (!state.mustExpireFirst(annotator, now).isEmpty() || !state.mayClaim(annotator, now)) {
            return Optional.empty();
        }
        int n = state.nextClaimSeq();
        Instant expiresAt = now.plusSeconds(queue.reservationTimeoutSeconds());
        QueueEvent claim = new QueueEvent(itemId, now, UUID.randomUUID(), EventType.CLAIMED, annotator, annotator, n,
                -1, expiresAt, "");
        events.insertWithToken(queue.projectId(), queue.id(), claim, "claim:" + queue.id() + ":" + itemId + ":" + n);
        ItemState after = reload(memory, itemId);
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

    private Reservation reservation(QueueItem item, ItemState state, ItemState.Claim claim, String annotator,
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
        if (reason != null && reason.length() > MAX_REASON_LENGTH) {
            throw ApiProblem.invalid("reason", "must be at most " + MAX_REASON_LENGTH + " characters");
        }
        return endClaim(caller, queueId, itemId, EventType.SKIPPED, reason == null ? "" : reason);
    }

    private QueueItemView endClaim(Principal caller, UUID queueId, UUID itemId, EventType type, String reason) {
        QueueMemory memory = memories.get(caller.projectId(), queueId);
        Queue queue = memory.queue();
        requireAnnotator(caller, queue);
        QueueItem item = requireItem(memory, itemId);
        Instant now = now();
        ItemState.Claim claim = liveClaim(memory, queue, itemId, caller.name(), now);
        QueueEvent end = insertEnd(queue, itemId, claim, type, caller.name(), reason, now);
        ItemState after = reload(memory, itemId);
        requireEndWon(after, claim, end);
        return QueueItemView.of(item, after, now);
    }

    /**
     * Stores the caller's scores for the item, then SUBMITTED for their reservation; acknowledged only when
     * both are stored. If the reservation ended first (expired, released) the scores are deleted and 409
     * answers. A retry of an acknowledged submit answers 200 with {@code alreadySubmitted}.
     */
    public Submitted submit(Principal caller, UUID queueId, UUID itemId, Submission submission) {
        QueueMemory memory = memories.get(caller.projectId(), queueId);
        Queue queue = memory.queue();
        requireAnnotator(caller, queue);
        List<SubmittedScore> submitted = submission.scores() == null ? List.of() : submission.scores();
        checkConfigs(queue, submitted);
        QueueItem item = requireItem(memory, itemId);
        Instant now = now();
        ItemState state = reload(memory, itemId);
        Optional<ItemState.Claim> latest = state.latestClaimOf(caller.name());
        if (latest.isPresent() && latest.get().end() != null && latest.get().end().type() == EventType.SUBMITTED
                && state.validSubmissions().containsKey(caller.name())) {
            ItemState.Claim claim = latest.get();
            return new Submitted(itemId, claim.seq(), true, scoreIds(queue, itemId, caller.name(), submitted, claim.seq()),
                    QueueItemView.of(item, state, now));
        }
        ItemState.Claim claim = liveClaim(memory, queue, itemId, caller.name(), now, state);
        List<ScoreRequest> requests = new ArrayList<>();
        for (SubmittedScore score : submitted) {
            ScoreConfig config = configs.find(caller.projectId(), score.configId()).orElseThrow(() ->
                    ApiProblem.invalid("scores", "score config " + score.configId() + " no longer exists"));
            requests.add(new ScoreRequest(scoreId(queue, itemId, caller.name(), score.configId(), claim.seq()),
                    item.target(), config.name(), score.value(), score.label(), score.labels(), score.comment(),
                    score.metadata(), score.configId(), queue.id(), Source.ANNOTATION, null, null, null));
        }
        scores.validateAll(caller, requests);
        List<ScoreOutcome> outcomes;
        try {
            outcomes = scores.createAll(caller, requests);
        } catch (RuntimeException e) {
            deleteQuietly(caller, requests);
            throw e;
        }
        for (ScoreOutcome outcome : outcomes) {
            switch (outcome) {
                case ScoreOutcome.Stored ignored -> {
                }
                case ScoreOutcome.AlreadyStored ignored -> {
                }
                case ScoreOutcome.Unavailable unavailable -> {
                    // some may be stored: nothing refers to them until SUBMITTED is, so take them back
                    deleteQuietly(caller, requests);
                    throw new StorageUnavailableException(unavailable.detail(), null);
                }
                case ScoreOutcome.Conflict ignored -> throw ApiProblem.conflict("a different submission for this"
                        + " reservation (claim " + claim.seq() + ") is already stored; release the item and take it"
                        + " again to change it");
                case ScoreOutcome.Invalid invalid -> throw ApiProblem.invalid(invalid.errors());
            }
        }
        QueueEvent end = insertEnd(queue, itemId, claim, EventType.SUBMITTED, caller.name(), "", now);
        ItemState after = reload(memory, itemId);
        ItemState.Claim stored = after.claim(claim.seq()).orElseThrow();
        if (stored.end() == null || stored.end().type() != EventType.SUBMITTED) {
            for (ScoreRequest request : requests) {
                scores.delete(caller, request.id());
            }
            requireEndWon(after, claim, end);
        }
        return new Submitted(itemId, claim.seq(), false, requests.stream().map(ScoreRequest::id).toList(),
                QueueItemView.of(item, after, now));
    }

    private static void checkConfigs(Queue queue, List<SubmittedScore> submitted) {
        List<FieldError> errors = new ArrayList<>();
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < submitted.size(); i++) {
            SubmittedScore score = submitted.get(i);
            if (score == null || score.configId() == null) {
                errors.add(new FieldError("scores[" + i + "].configId", "is required"));
            } else if (queue.configs().stream().noneMatch(ref -> ref.configId().equals(score.configId()))) {
                errors.add(new FieldError("scores[" + i + "].configId", "config " + score.configId() + " is not one of this queue's"));
            } else if (!seen.add(score.configId())) {
                errors.add(new FieldError("scores[" + i + "].configId", "config " + score.configId() + " is scored twice"));
            }
        }
        for (Queue.ConfigRef ref : queue.configs()) {
            if (ref.required() && !seen.contains(ref.configId())) {
                errors.add(new FieldError("scores", "missing a score for required config " + ref.configId()));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
    }

    /** A reviewer approves an item IN_REVIEW. */
    public QueueItemView approve(Principal caller, UUID queueId, UUID itemId, String comment) {
        return review(caller, queueId, itemId, EventType.APPROVED, null, comment);
    }

    /** A reviewer sends an item IN_REVIEW back to one of its annotators, whose submission no longer counts. */
    public QueueItemView returnTo(Principal caller, UUID queueId, UUID itemId, String annotator, String comment) {
        List<FieldError> errors = new ArrayList<>();
        if (annotator == null || annotator.isEmpty()) {
            errors.add(new FieldError("annotator", "is required: whose submission goes back"));
        }
        if (comment == null || comment.isBlank()) {
            errors.add(new FieldError("comment", "is required: tell the annotator what to change"));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        return review(caller, queueId, itemId, EventType.RETURNED, annotator, comment);
    }

    private QueueItemView review(Principal caller, UUID queueId, UUID itemId, EventType type, String annotator,
                                 String comment) {
        if (comment != null && comment.length() > MAX_REASON_LENGTH) {
            throw ApiProblem.invalid("comment", "must be at most " + MAX_REASON_LENGTH + " characters");
        }
        QueueMemory memory = memories.get(caller.projectId(), queueId);
        Queue queue = memory.queue();
        if (!queue.isReviewer(caller.name()) || (caller.role() != Role.REVIEWER && caller.role() != Role.ADMIN)) {
            throw ApiProblem.forbidden("'" + caller.name() + "' is not a reviewer of queue '" + queue.name()
                    + "' (reviewers are members with REVIEWER or ADMIN keys)");
        }
        QueueItem item = requireItem(memory, itemId);
        Instant now = now();
        ItemState state = reload(memory, itemId);
        if (state.status(now) != ItemStatus.IN_REVIEW) {
            throw ApiProblem.conflict("the item is " + state.status(now) + "; only items IN_REVIEW are reviewed");
        }
        int seq = -1;
        if (type == EventType.RETURNED) {
            ItemState.Claim submission = state.validSubmissions().get(annotator);
            if (submission == null) {
                throw ApiProblem.invalid("annotator", "'" + annotator + "' has no submission on this item");
            }
            seq = submission.seq();
        }
        int r = state.nextReviewSeq();
        QueueEvent decision = new QueueEvent(itemId, now, UUID.randomUUID(), type, annotator == null ? "" : annotator,
                caller.name(), seq, r, null, comment == null ? "" : comment);
        events.insertWithToken(queue.projectId(), queue.id(), decision, "review:" + queue.id() + ":" + itemId + ":" + r);
        ItemState after = reload(memory, itemId);
        boolean won = after.reviews().stream().anyMatch(review -> review.eventId().equals(decision.eventId()));
        if (!won) {
            throw ApiProblem.conflict("another review decision on this item was stored first");
        }
        if (type == EventType.RETURNED) {
            Principal deleter = new Principal(caller.keyId(), caller.projectId(), caller.name(), Role.ADMIN, false);
            for (Queue.ConfigRef ref : queue.configs()) {
                try {
                    scores.delete(deleter, scoreId(queue, itemId, annotator, ref.configId(), seq));
                } catch (ApiProblem notFound) {
                    // an optional config the annotator did not fill
                }
            }
        }
        return QueueItemView.of(item, after, now);
    }

    private ItemState.Claim liveClaim(QueueMemory memory, Queue queue, UUID itemId, String annotator, Instant now) {
        return liveClaim(memory, queue, itemId, annotator, now, reload(memory, itemId));
    }

    private ItemState.Claim liveClaim(QueueMemory memory, Queue queue, UUID itemId, String annotator, Instant now,
                                      ItemState state) {
        Optional<ItemState.Claim> latest = state.latestClaimOf(annotator);
        if (latest.isPresent() && latest.get().end() != null && latest.get().end().type() == EventType.EXPIRED) {
            throw ApiProblem.conflict("your reservation expired at " + latest.get().expiresAt() + "; call next again");
        }
        ItemState.Claim claim = latest.filter(ItemState.Claim::open)
                .orElseThrow(() -> ApiProblem.conflict("you hold no reservation on this item; call next first"));
        if (!claim.liveAt(now)) {
            insertEnd(queue, itemId, claim, EventType.EXPIRED, annotator, "", now);
            reload(memory, itemId);
            throw ApiProblem.conflict("your reservation expired at " + claim.expiresAt());
        }
        return claim;
    }

    private QueueEvent insertEnd(Queue queue, UUID itemId, ItemState.Claim claim, EventType type, String actor,
                                 String reason, Instant now) {
        // stamped when stored, not when the request began: the log shows when the claim really ended
        Instant stamped = now();
        QueueEvent end = new QueueEvent(itemId, stamped.isBefore(now) ? now : stamped, UUID.randomUUID(), type,
                claim.annotator(), actor, claim.seq(), -1, null, reason);
        events.insertWithToken(queue.projectId(), queue.id(), end, "end:" + queue.id() + ":" + itemId + ":" + claim.seq());
        return end;
    }

    /**
     * Best effort, for a submit that failed before its SUBMITTED event was written: its scores would otherwise
     * stay as judgements no submission accounts for (a retry writes them again under the same ids).
     */
    private void deleteQuietly(Principal caller, List<ScoreRequest> requests) {
        for (ScoreRequest request : requests) {
            try {
                scores.delete(caller, request.id());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not take back score " + request.id() + " of a failed submit", e);
            }
        }
    }

    private static void requireEndWon(ItemState after, ItemState.Claim claim, QueueEvent end) {
        QueueEvent stored = after.claim(claim.seq()).map(ItemState.Claim::end).orElse(null);
        if (stored == null || !stored.eventId().equals(end.eventId())) {
            String what = stored == null ? "ended" : stored.type() == EventType.EXPIRED ? "expired"
                    : "ended (" + stored.type() + ")";
            throw ApiProblem.conflict("your reservation " + what + " first");
        }
    }

    /** The item's complete log as stored now, folded, and put into memory. */
    private ItemState reload(QueueMemory memory, UUID itemId) {
        Queue queue = memory.queue();
        memory.putEvents(itemId, events.itemEvents(queue.projectId(), queue.id(), itemId), true);
        return memory.entry(itemId).map(QueueMemory.Entry::state).orElseGet(() -> ItemState.fold(
                events.itemEvents(queue.projectId(), queue.id(), itemId), queue.annotatorsPerItem(),
                queue.reviewRequired(), false));
    }

    private static QueueItem requireItem(QueueMemory memory, UUID itemId) {
        return memory.entry(itemId).map(QueueMemory.Entry::item).filter(item -> !item.removed())
                .orElseThrow(() -> ApiProblem.notFound("no item " + itemId + " in queue " + memory.queue().id()));
    }

    private static void requireAnnotator(Principal caller, Queue queue) {
        if (caller.role() != Role.ANNOTATOR && caller.role() != Role.ADMIN) {
            throw ApiProblem.forbidden("role " + caller.role() + " may not annotate; ANNOTATOR is required");
        }
        if (!queue.isAnnotator(caller.name())) {
            throw ApiProblem.forbidden("'" + caller.name() + "' is not an annotator of queue '" + queue.name() + "'");
        }
    }

    private static List<UUID> scoreIds(Queue queue, UUID itemId, String annotator, List<SubmittedScore> submitted, int n) {
        return submitted.stream().map(score -> scoreId(queue, itemId, annotator, score.configId(), n)).toList();
    }

    /** Deterministic, so a retried submit finds the scores it wrote. */
    static UUID scoreId(Queue queue, UUID itemId, String annotator, UUID configId, int claim) {
        return UUID.nameUUIDFromBytes(("queue-score|" + queue.id() + "|" + itemId + "|" + annotator + "|" + configId
                + "|" + claim).getBytes(StandardCharsets.UTF_8));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
