package dev.annotations.api.queue;

import dev.annotations.api.auth.Principal;
import dev.annotations.api.auth.Role;
import dev.annotations.api.http.ApiProblem;
import dev.annotations.api.http.FieldError;
import dev.annotations.api.score.ScoreService;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A reviewer's decisions on items IN_REVIEW: approve, or return one annotator's submission (which then no
 * longer counts, and its scores are deleted) with a comment telling them what to change.
 */
public final class ReviewService {
    private final QueueMemories memories;
    private final ClaimLog log;
    private final ScoreService scores;

    ReviewService(QueueMemories memories, ClaimLog log, ScoreService scores) {
        this.memories = memories;
        this.log = log;
        this.scores = scores;
    }

    /** A reviewer approves an item IN_REVIEW. */
    public QueueItemView approve(Principal caller, UUID queueId, UUID itemId, String comment) {
        return review(caller, queueId, itemId, EventType.APPROVED, null, comment);
    }

    /** A reviewer sends an item IN_REVIEW back to one of its annotators, whose submission no longer counts. */
    public QueueItemView returnTo(Principal caller, UUID queueId, UUID itemId, String annotator, String comment) {
        requireReturn(annotator, comment);
        return review(caller, queueId, itemId, EventType.RETURNED, annotator, comment);
    }

    /** 400 unless a return names whose submission goes back and says why. */
    static void requireReturn(String annotator, String comment) {
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
    }

    private QueueItemView review(Principal caller, UUID queueId, UUID itemId, EventType type, String annotator,
                                 String comment) {
        WorkRules.requireReasonLength("comment", comment);
        QueueMemory memory = memories.get(caller.projectId(), queueId);
        Queue queue = memory.queue();
        WorkRules.requireReviewer(caller, queue);
        QueueItem item = WorkRules.requireItem(memory, itemId);
        Instant now = log.now();
        ItemState state = log.reload(memory, itemId);
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
        QueueEvent decision = log.review(queue, itemId, type, annotator, caller.name(), seq, state.nextReviewSeq(),
                comment, now);
        ItemState after = log.reload(memory, itemId);
        boolean won = after.reviews().stream().anyMatch(review -> review.eventId().equals(decision.eventId()));
        if (!won) {
            throw ApiProblem.conflict("another review decision on this item was stored first");
        }
        if (type == EventType.RETURNED) {
            deleteReturnedScores(caller, queue, itemId, annotator, seq);
        }
        return QueueItemView.of(item, after, now);
    }

    void deleteReturnedScores(Principal reviewer, Queue queue, UUID itemId, String annotator, int seq) {
        Principal deleter = new Principal(reviewer.keyId(), reviewer.projectId(), reviewer.name(), Role.ADMIN, false);
        for (Queue.ConfigRef ref : queue.configs()) {
            try {
                scores.delete(deleter, SubmissionService.scoreId(queue, itemId, annotator, ref.configId(), seq));
            } catch (ApiProblem notFound) {
                // an optional config the annotator did not fill
            }
        }
    }
}
