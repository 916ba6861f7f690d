package dev.annotations.api.analytics;

import dev.annotations.api.queue.AnnotatorAgreement;
import dev.annotations.api.queue.QueueService;
import dev.annotations.api.score.AnnotatorKind;
import dev.annotations.api.score.RatingQueries;
import dev.annotations.api.score.RatingSelection;
import dev.annotations.api.scoreconfig.DataType;
import dev.annotations.api.scoreconfig.ScoreConfig;
import dev.annotations.api.scoreconfig.ScoreConfigService;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Inter-annotator agreement of one config (GET /api/v1/analytics/agreement), and for queue progress each
 * annotator's agreement with the others on the queue's configs.
 */
public final class AgreementService implements AnnotatorAgreement {
    private final Subjects subjects;
    private final RatingQueries ratings;
    private final ScoreConfigService configs;
    private final Optional<QueueService> queues;

    /** @param queues to answer 404 for an unknown {@code queueId}; empty for queue progress, whose queue exists */
    AgreementService(Subjects subjects, RatingQueries ratings, ScoreConfigService configs, Optional<QueueService> queues) {
        this.subjects = subjects;
        this.ratings = ratings;
        this.configs = configs;
        this.queues = queues;
    }

    public Agreement agreement(UUID projectId, Filters filters) {
        Subject subject = subjects.resolve(projectId, filters.configId(), filters.name(), "configId");
        Level level = Subjects.level(subject, filters.level());
        RatingSelection selection = Subjects.selection(projectId, subject, filters);
        filters.queueId().ifPresent(queueId -> queues.ifPresent(service -> service.get(projectId, queueId)));
        RatingQueries.Counts counts = ratings.counts(selection);
        return AgreementStatistics.compute(subject, level, counts.patterns(), counts.pairs(), counts.annotators());
    }

    @Override
    public Map<String, List<ConfigAgreement>> perAnnotator(UUID projectId, UUID queueId, List<UUID> configIds) {
        Map<String, List<ConfigAgreement>> byAnnotator = new LinkedHashMap<>();
        for (UUID configId : configIds) {
            Optional<ScoreConfig> config = configs.find(projectId, configId);
            if (config.isEmpty() || config.get().dataType() == DataType.TEXT) {
                continue;
            }
            Subject subject = Subject.of(config.get(), "configId");
            RatingSelection selection = new RatingSelection(projectId, subject.configId(), subject.name(), false,
                    Optional.of(queueId), Optional.empty(), Optional.empty(), Set.of(AnnotatorKind.HUMAN), List.of(),
                    subject.valueKind());
            RatingQueries.Counts counts = ratings.counts(selection);
            Agreement agreement = AgreementStatistics.compute(subject, subject.defaultLevel(), counts.patterns(),
                    counts.pairs(), counts.annotators());
            for (Agreement.PerAnnotator annotator : agreement.perAnnotator()) {
                byAnnotator.computeIfAbsent(annotator.annotator(), key -> new ArrayList<>()).add(new ConfigAgreement(
                        configId, subject.name(), annotator.units(), annotator.agreementWithOthers()));
            }
        }
        return byAnnotator;
    }
}
