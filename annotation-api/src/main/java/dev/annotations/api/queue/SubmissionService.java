package dev.annotations.api.queue;

import dev.annotations.api.auth.Principal;
import dev.annotations.api.http.ApiProblem;
import dev.annotations.api.http.FieldError;
import dev.annotations.api.score.ScoreOutcome;
import dev.annotations.api.score.ScoreRequest;
import dev.annotations.api.score.ScoreService;
import dev.annotations.api.score.Source;
import dev.annotations.api.scoreconfig.ScoreConfig;
import dev.annotations.api.scoreconfig.ScoreConfigService;
import dev.annotations.api.storage.StorageUnavailableException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Submitting work: the caller's scores for the item, then SUBMITTED for their reservation, acknowledged only
 * when both are stored. Score ids are derived from (queue, item, annotator, config, claim), so a retry finds
 * what an earlier attempt wrote.
 */
public final class SubmissionService {
    private static final Logger LOG = Logger.getLogger(SubmissionService.class.getName());

    private final QueueMemories memories;
    private final ClaimLog log;
    private final ScoreService scores;
    private final ScoreConfigService configs;

    SubmissionService(QueueMemories memories, ClaimLog log, ScoreService scores, ScoreConfigService configs) {
        this.memories = memories;
        this.log = log;
        this.scores = scores;
        this.configs = configs;
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
     * Stores the caller's scores for the item, then SUBMITTED for their reservation; acknowledged only when
     * both are stored. If the reservation ended first (expired, released) the scores are deleted and 409
     * answers. A retry of an acknowledged submit answers 200 with {@code alreadySubmitted}.
     */
    public Submitted submit(Principal caller, UUID queueId, UUID itemId, Submission submission) {
        QueueMemory memory = memories.get(caller.projectId(), queueId);
        Queue queue = memory.queue();
        WorkRules.requireAnnotator(caller, queue);
        List<SubmittedScore> submitted = submission.scores() == null ? List.of() : submission.scores();
        checkConfigs(queue, submitted);
        QueueItem item = WorkRules.requireItem(memory, itemId);
        Instant now = log.now();
        ItemState state = log.reload(memory, itemId);
        Optional<ItemState.Claim> latest = state.latestClaimOf(caller.name());
        if (latest.isPresent() && latest.get().end() != null && latest.get().end().type() == EventType.SUBMITTED
                && state.validSubmissions().containsKey(caller.name())) {
            ItemState.Claim claim = latest.get();
            return new Submitted(itemId, claim.seq(), true, scoreIds(queue, itemId, caller.name(), submitted, claim.seq()),
                    QueueItemView.of(item, state, now));
        }
        ItemState.Claim claim = log.liveClaim(memory, itemId, caller.name(), now, state);
        List<ScoreRequest> requests = requests(caller, queue, item, submitted, claim.seq());
        storeScores(caller, requests, claim, false);
        QueueEvent end = log.end(queue, itemId, claim, EventType.SUBMITTED, caller.name(), "", now);
        ItemState after = log.reload(memory, itemId);
        ItemState.Claim stored = after.claim(claim.seq()).orElseThrow();
        if (stored.end() == null || stored.end().type() != EventType.SUBMITTED) {
            for (ScoreRequest request : requests) {
                scores.delete(caller, request.id());
            }
            ClaimLog.requireEndWon(after, claim, end);
        }
        return new Submitted(itemId, claim.seq(), false, requests.stream().map(ScoreRequest::id).toList(),
                QueueItemView.of(item, after, now));
    }

    /** The submission's scores as score requests with their derived ids, validated (400 naming each field). */
    List<ScoreRequest> requests(Principal caller, Queue queue, QueueItem item, List<SubmittedScore> submitted, int seq) {
        List<ScoreRequest> requests = new ArrayList<>();
        for (SubmittedScore score : submitted) {
            ScoreConfig config = configs.find(caller.projectId(), score.configId()).orElseThrow(() ->
                    ApiProblem.invalid("scores", "score config " + score.configId() + " no longer exists"));
            requests.add(new ScoreRequest(scoreId(queue, item.id(), caller.name(), score.configId(), seq),
                    item.target(), config.name(), score.value(), score.label(), score.labels(), score.comment(),
                    score.metadata(), score.configId(), queue.id(), Source.ANNOTATION, null, null, null));
        }
        scores.validateAll(caller, requests);
        return requests;
    }

    /**
     * Stores a submission's scores; {@code idsKnownNew} when no score can carry their ids yet (the first attempt on
     * a reservation its queue's owner handed out), which spares the ids' check against ClickHouse.
     */
    void storeScores(Principal caller, List<ScoreRequest> requests, ItemState.Claim claim, boolean idsKnownNew) {
        List<ScoreOutcome> outcomes;
        try {
            outcomes = idsKnownNew ? scores.createAllWithNewIds(caller, requests) : scores.createAll(caller, requests);
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
                case ScoreOutcome.Refused refused -> {
                    deleteQuietly(caller, requests);
                    throw ApiProblem.refused(refused.detail());
                }
            }
        }
    }

    static void checkConfigs(Queue queue, List<SubmittedScore> submitted) {
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

    /**
     * Best effort, for a submit that failed before its SUBMITTED event was written: its scores would otherwise
     * stay as judgements no submission accounts for (a retry writes them again under the same ids).
     */
    void deleteQuietly(Principal caller, List<ScoreRequest> requests) {
        for (ScoreRequest request : requests) {
            try {
                scores.delete(caller, request.id());
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not take back score " + request.id() + " of a failed submit", e);
            }
        }
    }

    static List<UUID> scoreIds(Queue queue, UUID itemId, String annotator, List<SubmittedScore> submitted, int n) {
        return submitted.stream().map(score -> scoreId(queue, itemId, annotator, score.configId(), n)).toList();
    }

    /** Deterministic, so a retried submit finds the scores it wrote. */
    static UUID scoreId(Queue queue, UUID itemId, String annotator, UUID configId, int claim) {
        return UUID.nameUUIDFromBytes(("queue-score|" + queue.id() + "|" + itemId + "|" + annotator + "|" + configId
                + "|" + claim).getBytes(StandardCharsets.UTF_8));
    }
}
