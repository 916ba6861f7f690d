package dev.annotations.api.queue;

import dev.annotations.api.auth.Principal;
import dev.annotations.api.http.ApiProblem;
import dev.annotations.api.score.ScoreRequest;
import dev.annotations.api.storage.StorageUnavailableException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * A queue's work as its owner does it (README, "Queues: the claim protocol"): the same rules as
 * {@link WorkService}, {@link SubmissionService} and {@link ReviewService}, decided on the owner's memory under
 * its desk's monitor instead of by a compare-and-set INSERT each. A claim (and an expiry) is soft: answered from
 * memory, stored by the next group commit, lost with the lease if the instance dies (the item then returns).
 * Submissions, releases, skips and review decisions are answered only once their event is stored; a submission's
 * scores are stored before its SUBMITTED event is decided.
 */
final class LeasedWork {
    /** Claims tried per {@code next} before answering 503; with one decider per queue, only a stale index fails one. */
    static final int MAX_ATTEMPTS = 32;
    /**
     * How long a submission waits for another attempt on the same reservation: that attempt's score write and
     * its SUBMITTED event's wait ({@link QueueDesk#DURABLE_WAIT}) each end within 10 s.
     */
    static final Duration ATTEMPT_WAIT = QueueDesk.DURABLE_WAIT.multipliedBy(3);

    private final SubmissionService submissions;
    private final ReviewService reviews;
    private final Supplier<UUID> ids;
    private final RandomGenerator random;
    private final Clock clock;

    LeasedWork(SubmissionService submissions, ReviewService reviews, Supplier<UUID> ids, RandomGenerator random,
               Clock clock) {
        this.submissions = submissions;
        this.reviews = reviews;
        this.ids = ids;
        this.random = random;
        this.clock = clock;
    }

    Optional<WorkService.Reservation> next(Principal caller, QueueDesk desk) {
        QueueMemory memory = desk.memory();
        Queue queue = memory.queue();
        WorkRules.requireAnnotator(caller, queue);
        if (queue.status() != QueueStatus.ACTIVE) {
            return Optional.empty();
        }
        String annotator = caller.name();
        synchronized (desk) {
            Instant now = now();
            requireServing(desk, now);
            Optional<QueueMemory.Entry> held = memory.liveClaimOf(annotator, now);
            if (held.isPresent()) {
                ItemState state = held.get().state();
                Optional<ItemState.Claim> live = state.liveClaims(now).stream()
                        .filter(claim -> claim.annotator().equals(annotator)).findFirst();
                if (live.isPresent()) {
                    return Optional.of(WorkService.reservation(held.get().item(), state, live.get(), annotator, now));
                }
            }
            Set<UUID> tried = new HashSet<>();
            for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
                List<List<QueueMemory.Entry>> tiers = memory.candidates(annotator, now, WorkService.CANDIDATES, tried,
                        queue.strategy() == Strategy.MANUAL);
                List<QueueMemory.Entry> tier = tiers.stream().filter(list -> !list.isEmpty()).findFirst().orElse(List.of());
                if (tier.isEmpty()) {
                    return Optional.empty();
                }
                QueueMemory.Entry candidate = tier.get(random.nextInt(tier.size()));
                UUID itemId = candidate.item().id();
                tried.add(itemId);
                ItemState state = candidate.state();
                List<QueueEvent> decided = new ArrayList<>();
                for (ItemState.Claim claim : state.mustExpireFirst(annotator, now)) {
                    decided.add(end(desk, itemId, claim, EventType.EXPIRED, annotator, "", now));
                }
                if (!decided.isEmpty()) {
                    state = put(memory, itemId, decided);
                }
                if (!state.mustExpireFirst(annotator, now).isEmpty() || !state.mayClaim(annotator, now)) {
                    desk.append(decided);
                    continue;
                }
                int n = state.nextClaimSeq();
                QueueEvent claim = new QueueEvent(itemId, now, ids.get(), EventType.CLAIMED, annotator, annotator, n, -1,
                        now.plusSeconds(queue.reservationTimeoutSeconds()), "");
                decided.add(claim);
                desk.handedOut(claim);
                ItemState after = put(memory, itemId, List.of(claim));
                desk.append(decided);
                return Optional.of(WorkService.reservation(candidate.item(), after, after.claim(n).orElseThrow(),
                        annotator, now));
            }
        }
        throw new ApiProblem(503, "/problems/contention", "Too much contention",
                "every item tried had just been taken; retry", List.of());
    }

    QueueItemView release(Principal caller, QueueDesk desk, UUID itemId) {
        return endClaim(caller, desk, itemId, EventType.RELEASED, "");
    }

    QueueItemView skip(Principal caller, QueueDesk desk, UUID itemId, String reason) {
        WorkRules.requireReasonLength("reason", reason);
        return endClaim(caller, desk, itemId, EventType.SKIPPED, reason == null ? "" : reason);
    }

    private QueueItemView endClaim(Principal caller, QueueDesk desk, UUID itemId, EventType type, String reason) {
        QueueMemory memory = desk.memory();
        WorkRules.requireAnnotator(caller, memory.queue());
        QueueItem item = WorkRules.requireItem(memory, itemId);
        CompletableFuture<Void> stored;
        ItemState after;
        Instant now;
        synchronized (desk) {
            now = now();
            requireServing(desk, now);
            ItemState.Claim claim = liveClaim(desk, itemId, caller.name(), now);
            QueueEvent end = end(desk, itemId, claim, type, caller.name(), reason, now);
            after = put(memory, itemId, List.of(end));
            stored = desk.append(List.of(end));
        }
        QueueDesk.await(stored);
        return QueueItemView.of(item, after, now);
    }

    SubmissionService.Submitted submit(Principal caller, QueueDesk desk, UUID itemId,
                                       SubmissionService.Submission submission) {
        QueueMemory memory = desk.memory();
        Queue queue = memory.queue();
        WorkRules.requireAnnotator(caller, queue);
        List<SubmissionService.SubmittedScore> submitted = submission.scores() == null ? List.of() : submission.scores();
        SubmissionService.checkConfigs(queue, submitted);
        QueueItem item = WorkRules.requireItem(memory, itemId);
        String annotator = caller.name();
        while (true) {
            ItemState.Claim claim = null;
            ItemState.Claim done = null;
            ItemState before;
            CompletableFuture<Void> earlier = null;
            Optional<QueueDesk.Attempt> attempt = Optional.empty();
            Instant then;
            synchronized (desk) {
                then = now();
                before = state(memory, itemId);
                Optional<ItemState.Claim> latest = before.latestClaimOf(annotator);
                if (latest.isPresent() && latest.get().end() != null && latest.get().end().type() == EventType.SUBMITTED
                        && before.validSubmissions().containsKey(annotator)) {
                    done = latest.get();
                    earlier = desk.pending(done.end().eventId());
                } else {
                    claim = liveClaim(desk, itemId, annotator, then);
                    attempt = desk.beginAttempt(claim);
                    if (attempt.isEmpty()) {
                        earlier = desk.attemptUnderWay(claim).orElseThrow();
                    }
                }
            }
            if (done != null) {
                // an earlier attempt's SUBMITTED may still be on its way: acknowledged only once stored
                return alreadySubmitted(queue, item, before, done, submitted, earlier, then, annotator);
            }
            if (attempt.isEmpty()) {
                // a retry sent while the first attempt runs: its outcome decides what this one answers
                awaitAttempt(earlier);
                continue;
            }
            try {
                return submitClaim(caller, desk, item, submitted, claim, attempt.get().first());
            } finally {
                synchronized (desk) {
                    desk.endAttempt(attempt.get());
                }
            }
        }
    }

    /** Stores the scores, then decides SUBMITTED for the reservation and waits until it is stored. */
    private SubmissionService.Submitted submitClaim(Principal caller, QueueDesk desk, QueueItem item,
                                                    List<SubmissionService.SubmittedScore> submitted,
                                                    ItemState.Claim claim, boolean idsKnownNew) {
        QueueMemory memory = desk.memory();
        Queue queue = memory.queue();
        UUID itemId = item.id();
        String annotator = caller.name();
        List<ScoreRequest> requests = submissions.requests(caller, queue, item, submitted, claim.seq());
        submissions.storeScores(caller, requests, claim, idsKnownNew);
        CompletableFuture<Void> stored = null;
        ItemState after = null;
        Instant now;
        ApiProblem refused = null;
        synchronized (desk) {
            now = now();
            ItemState state = state(memory, itemId);
            ItemState.Claim current = state.claim(claim.seq()).orElseThrow();
            if (!desk.serving(now)) {
                refused = new ApiProblem(503, "/problems/queue-owner-changing", "The queue's owner is changing",
                        "this instance's lease on the queue is being renewed or was lost; retry", List.of());
            } else if (current.end() != null) {
                refused = ApiProblem.conflict("your reservation " + (current.end().type() == EventType.EXPIRED
                        ? "expired" : "ended (" + current.end().type() + ")") + " first");
            } else if (!current.liveAt(now)) {
                QueueEvent expired = end(desk, itemId, current, EventType.EXPIRED, annotator, "", now);
                put(memory, itemId, List.of(expired));
                desk.append(List.of(expired));
                refused = ApiProblem.conflict("your reservation expired at " + current.expiresAt());
            }
            if (refused == null) {
                QueueEvent end = end(desk, itemId, current, EventType.SUBMITTED, annotator, "", now);
                after = put(memory, itemId, List.of(end));
                stored = desk.append(List.of(end));
            }
        }
        if (refused != null) {
            // nothing refers to them: the reservation ended before its SUBMITTED was decided
            submissions.deleteQuietly(caller, requests);
            throw refused;
        }
        QueueDesk.await(stored);
        return new SubmissionService.Submitted(itemId, claim.seq(), false,
                requests.stream().map(ScoreRequest::id).toList(), QueueItemView.of(item, after, now));
    }

    /** Waits for another submission attempt on the same reservation; 503 if it takes longer than it may. */
    private static void awaitAttempt(CompletableFuture<Void> attempt) {
        try {
            attempt.get(ATTEMPT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw StorageUnavailableException.undecided("an earlier attempt to submit this reservation is still"
                    + " being stored; retry", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StorageUnavailableException.undecided("interrupted while waiting for an earlier attempt", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("an attempt's future completes normally", e);
        }
    }

    private static SubmissionService.Submitted alreadySubmitted(Queue queue, QueueItem item, ItemState state,
                                                               ItemState.Claim done,
                                                               List<SubmissionService.SubmittedScore> submitted,
                                                               CompletableFuture<Void> stored, Instant now,
                                                               String annotator) {
        QueueDesk.await(stored);
        return new SubmissionService.Submitted(item.id(), done.seq(), true,
                SubmissionService.scoreIds(queue, item.id(), annotator, submitted, done.seq()),
                QueueItemView.of(item, state, now));
    }

    QueueItemView approve(Principal caller, QueueDesk desk, UUID itemId, String comment) {
        return review(caller, desk, itemId, EventType.APPROVED, null, comment);
    }

    QueueItemView returnTo(Principal caller, QueueDesk desk, UUID itemId, String annotator, String comment) {
        ReviewService.requireReturn(annotator, comment);
        return review(caller, desk, itemId, EventType.RETURNED, annotator, comment);
    }

    private QueueItemView review(Principal caller, QueueDesk desk, UUID itemId, EventType type, String annotator,
                                 String comment) {
        WorkRules.requireReasonLength("comment", comment);
        QueueMemory memory = desk.memory();
        Queue queue = memory.queue();
        WorkRules.requireReviewer(caller, queue);
        QueueItem item = WorkRules.requireItem(memory, itemId);
        CompletableFuture<Void> stored;
        ItemState after;
        Instant now;
        int seq = -1;
        synchronized (desk) {
            now = now();
            requireServing(desk, now);
            ItemState state = state(memory, itemId);
            if (state.status(now) != ItemStatus.IN_REVIEW) {
                throw ApiProblem.conflict("the item is " + state.status(now) + "; only items IN_REVIEW are reviewed");
            }
            if (type == EventType.RETURNED) {
                ItemState.Claim submission = state.validSubmissions().get(annotator);
                if (submission == null) {
                    throw ApiProblem.invalid("annotator", "'" + annotator + "' has no submission on this item");
                }
                seq = submission.seq();
            }
            QueueEvent decision = new QueueEvent(itemId, now, ids.get(), type, annotator == null ? "" : annotator,
                    caller.name(), seq, state.nextReviewSeq(), null, comment == null ? "" : comment);
            after = put(memory, itemId, List.of(decision));
            stored = desk.append(List.of(decision));
        }
        QueueDesk.await(stored);
        if (type == EventType.RETURNED) {
            reviews.deleteReturnedScores(caller, queue, itemId, annotator, seq);
        }
        return QueueItemView.of(item, after, now);
    }

    /** 503 once the lease no longer allows a decision to be stored (it is being renewed or was lost). */
    private static void requireServing(QueueDesk desk, Instant now) {
        if (!desk.serving(now)) {
            throw new ApiProblem(503, "/problems/queue-owner-changing", "The queue's owner is changing",
                    "this instance's lease on the queue is being renewed or was lost; retry", List.of());
        }
    }

    /** The caller's live reservation; one found past its expiry is closed (EXPIRED) and the caller told so. */
    private ItemState.Claim liveClaim(QueueDesk desk, UUID itemId, String annotator, Instant now) {
        QueueMemory memory = desk.memory();
        ItemState state = state(memory, itemId);
        Optional<ItemState.Claim> latest = state.latestClaimOf(annotator);
        if (latest.isPresent() && latest.get().end() != null && latest.get().end().type() == EventType.EXPIRED) {
            throw ApiProblem.conflict("your reservation expired at " + latest.get().expiresAt() + "; call next again");
        }
        ItemState.Claim claim = latest.filter(ItemState.Claim::open)
                .orElseThrow(() -> ApiProblem.conflict("you hold no reservation on this item; call next first"));
        if (!claim.liveAt(now)) {
            QueueEvent expired = end(desk, itemId, claim, EventType.EXPIRED, annotator, "", now);
            put(memory, itemId, List.of(expired));
            desk.append(List.of(expired));
            throw ApiProblem.conflict("your reservation expired at " + claim.expiresAt());
        }
        return claim;
    }

    /** The event ending a reservation (decided under the desk's monitor). */
    private QueueEvent end(QueueDesk desk, UUID itemId, ItemState.Claim claim, EventType type, String actor,
                           String reason, Instant at) {
        desk.ended(claim);
        return new QueueEvent(itemId, at, ids.get(), type, claim.annotator(), actor, claim.seq(), -1, null, reason);
    }

    private static ItemState put(QueueMemory memory, UUID itemId, List<QueueEvent> events) {
        memory.putEvents(itemId, events, false);
        return state(memory, itemId);
    }

    private static ItemState state(QueueMemory memory, UUID itemId) {
        return memory.entry(itemId).map(QueueMemory.Entry::state)
                .orElseThrow(() -> ApiProblem.notFound("no item " + itemId));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
