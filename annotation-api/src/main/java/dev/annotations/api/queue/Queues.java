package dev.annotations.api.queue;

import dev.annotations.api.auth.AccessControl;
import dev.annotations.api.http.JsonBody;
import dev.annotations.api.score.ScoreService;
import dev.annotations.api.scoreconfig.ScoreConfigService;
import dev.annotations.api.storage.ClickHouseStorage;
import dev.annotations.api.trace.TraceService;

import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/** The queue feature's object graph, built once by the composition root. */
public final class Queues implements AutoCloseable {
    private final QueueMemories memories;
    private final QueueJobs jobs;
    private final QueueService service;
    private final QueueController controller;

    /**
     * @param ids    new event, queue and job ids ({@code UUID::randomUUID} in production)
     * @param random chooses among equally good candidates for {@code next}, so concurrent annotators rarely collide
     * @param agreement what progress reports about each annotator's agreement with the others (the analytics feature)
     */
    public Queues(ClickHouseStorage storage, ScoreService scores, TraceService traces,
                  ScoreConfigService configs, AnnotatorAgreement agreement, AccessControl access, JsonBody json,
                  Supplier<UUID> ids, RandomGenerator random, Clock clock) {
        QueueRepository queues = new QueueRepository(storage, clock);
        QueueEventRepository events = new QueueEventRepository(storage);
        this.memories = new QueueMemories(queues, events, clock);
        this.service = new QueueService(queues, events, memories, configs, agreement, ids, clock);
        ClaimLog log = new ClaimLog(events, ids, clock);
        this.jobs = new QueueJobs(queues, service, traces, ids, clock);
        this.controller = new QueueController(service, new WorkService(memories, log, random),
                new SubmissionService(memories, log, scores, configs), new ReviewService(memories, log, scores),
                jobs, access, json);
    }

    /** The queue service, for features that read queues (analytics reads review decisions). */
    public QueueService service() {
        return service;
    }

    public QueueController controller() {
        return controller;
    }

    @Override
    public void close() {
        jobs.close();
        memories.close();
    }
}
