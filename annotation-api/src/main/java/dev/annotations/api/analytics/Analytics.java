package dev.annotations.api.analytics;

import dev.annotations.api.auth.AccessControl;
import dev.annotations.api.queue.QueueService;
import dev.annotations.api.score.DocumentQueries;
import dev.annotations.api.score.JudgeQueries;
import dev.annotations.api.score.RatingQueries;
import dev.annotations.api.scoreconfig.ScoreConfigService;
import dev.annotations.api.storage.ClickHouseStorage;

import java.util.Optional;

/**
 * The analytics feature's object graph. Built in two steps because queues and analytics need each other:
 * the agreement service exists first (queue progress asks it, through {@code queue.AnnotatorAgreement}), the
 * controller once the queue service exists (consensus reads the queues' review decisions).
 */
public final class Analytics {
    private final Subjects subjects;
    private final RatingQueries ratings;
    private final ScoreConfigService configs;
    private final AgreementService agreement;
    private final ClickHouseStorage storage;

    public Analytics(ClickHouseStorage storage, ScoreConfigService configs) {
        this.storage = storage;
        this.ratings = new RatingQueries(storage);
        this.subjects = new Subjects(configs, ratings);
        this.configs = configs;
        this.agreement = new AgreementService(subjects, ratings, configs, Optional.empty());
    }

    /** What queue progress asks about each annotator's agreement. */
    public AgreementService agreement() {
        return agreement;
    }

    public AnalyticsController controller(QueueService queues, AccessControl access) {
        return new AnalyticsController(new AgreementService(subjects, ratings, configs, Optional.of(queues)),
                new ConsensusService(subjects, ratings, queues),
                new JudgeService(subjects, new JudgeQueries(storage)),
                new RetrievalService(subjects, new DocumentQueries(storage)), access);
    }
}
