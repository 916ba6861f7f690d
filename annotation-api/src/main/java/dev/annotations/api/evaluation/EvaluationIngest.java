package dev.annotations.api.evaluation;

import dev.annotations.api.auth.Principal;
import dev.annotations.api.auth.Role;
import dev.annotations.api.collector.Mapped;
import dev.annotations.api.http.FieldError;
import dev.annotations.api.score.ScoreOutcome;
import dev.annotations.api.score.ScoreRequest;
import dev.annotations.api.score.ScoreService;
import dev.annotations.api.scoreconfig.ScoreConfig;
import dev.annotations.api.scoreconfig.ScoreConfigService;
import dev.annotations.api.storage.StorageUnavailableException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Turns evaluation events into scores of one project, validated like any score. Events that cannot
 * become scores are recorded in {@code annotation_evaluation_rejections} with the reason and reported to
 * the caller; nothing is dropped silently. When ClickHouse does not store a valid event's score, the
 * whole call fails with {@link StorageUnavailableException} so the sender retries (score ids are derived
 * from the events, so a retry stores nothing twice).
 */
public final class EvaluationIngest {
    private static final Logger LOG = Logger.getLogger(EvaluationIngest.class.getName());
    /** Who is recorded as having written event scores ({@code created_by}), whichever path they took. */
    public static final String WRITER = "otel-evaluation-events";
    /** Scores handed to the group commit at once, well below its queue bound. */
    static final int CHUNK = 1_000;

    private final ScoreService scores;
    private final ScoreConfigService configs;
    private final EvaluationRejections rejections;

    public EvaluationIngest(ScoreService scores, ScoreConfigService configs, EvaluationRejections rejections) {
        this.scores = scores;
        this.configs = configs;
        this.rejections = rejections;
    }

    /** Which events became (or already were) scores and which were refused, in input order. */
    public record Outcome(List<Boolean> accepted, int rejected, List<String> problems) {
    }

    public Outcome ingest(UUID projectId, List<EvaluationEvent> events, EvaluationRejections.Path path) {
        Principal writer = new Principal(null, projectId, WRITER, Role.ANNOTATOR, false);
        Function<String, Optional<UUID>> configIdByName = memoisedConfigIds(projectId);
        List<Boolean> accepted = new ArrayList<>(events.size());
        List<EvaluationRejections.Rejection> refused = new ArrayList<>();
        for (int start = 0; start < events.size(); start += CHUNK) {
            List<EvaluationEvent> chunk = events.subList(start, Math.min(events.size(), start + CHUNK));
            List<ScoreRequest> requests = new ArrayList<>();
            List<Integer> requestIndexes = new ArrayList<>();
            Boolean[] chunkAccepted = new Boolean[chunk.size()];
            for (int i = 0; i < chunk.size(); i++) {
                switch (EvaluationScores.read(chunk.get(i), configIdByName)) {
                    case EvaluationScores.Readable readable -> {
                        requests.add(readable.request());
                        requestIndexes.add(i);
                    }
                    case EvaluationScores.Unreadable unreadable -> {
                        chunkAccepted[i] = false;
                        refused.add(EvaluationRejections.Rejection.of(chunk.get(i), projectId, path, unreadable.reason()));
                    }
                }
            }
            List<ScoreOutcome> outcomes = scores.createAll(writer, requests);
            for (int r = 0; r < outcomes.size(); r++) {
                ScoreOutcome outcome = outcomes.get(r);
                int index = requestIndexes.get(r);
                if (outcome instanceof ScoreOutcome.Unavailable) {
                    throw new StorageUnavailableException("ClickHouse did not store the scores of evaluation events", null);
                }
                chunkAccepted[index] = outcome.isStored();
                if (!outcome.isStored()) {
                    refused.add(EvaluationRejections.Rejection.of(chunk.get(index), projectId, path, reason(outcome)));
                }
            }
            accepted.addAll(List.of(chunkAccepted));
        }
        if (!refused.isEmpty()) {
            rejections.record(refused);
            LOG.info(() -> refused.size() + " evaluation event(s) for project " + projectId + " did not become scores; first: "
                    + refused.getFirst().reason());
        }
        return new Outcome(accepted, refused.size(), refused.stream().limit(Mapped.MAX_PROBLEMS_NAMED)
                .map(rejection -> "evaluation '" + rejection.name() + "': " + rejection.reason()).toList());
    }

    /** Events that name no usable project are refused without reaching the score rules. */
    public void refuse(List<EvaluationEvent> events, Optional<UUID> projectId, EvaluationRejections.Path path, String reason) {
        if (events.isEmpty()) {
            return;
        }
        rejections.record(events.stream()
                .map(event -> EvaluationRejections.Rejection.of(event, projectId.orElse(null), path, reason)).toList());
        LOG.info(() -> events.size() + " evaluation event(s) did not become scores: " + reason);
    }

    private Function<String, Optional<UUID>> memoisedConfigIds(UUID projectId) {
        Map<String, Optional<UUID>> answers = new HashMap<>();
        return name -> answers.computeIfAbsent(name, key -> configs.list(projectId, Optional.of(key), Optional.empty(),
                Optional.of(false), Optional.empty(), 1).stream().findFirst().map(ScoreConfig::id));
    }

    private static String reason(ScoreOutcome refused) {
        return switch (refused) {
            case ScoreOutcome.Invalid invalid when !invalid.errors().isEmpty() ->
                    invalid.errors().stream().map(EvaluationIngest::describe).collect(Collectors.joining("; "));
            case ScoreOutcome.Invalid invalid -> invalid.detail();
            case ScoreOutcome.Conflict conflict -> conflict.detail();
            case ScoreOutcome.Refused storage -> storage.detail();
            default -> throw new IllegalArgumentException("not a refusal: " + refused);
        };
    }

    /** Field names of the score request, translated back to the event attributes they came from. */
    private static String describe(FieldError error) {
        String field = error.field().replaceFirst("^scores\\[\\d+]\\.", "");
        String attribute = switch (field) {
            case "name" -> EvaluationAttributes.NAME;
            case "value" -> EvaluationAttributes.SCORE_VALUE;
            case "label", "labels" -> EvaluationAttributes.SCORE_LABEL;
            case "comment" -> EvaluationAttributes.EXPLANATION;
            case "author" -> EvaluationAttributes.AUTHOR;
            default -> field;
        };
        return attribute + ": " + error.message();
    }
}
