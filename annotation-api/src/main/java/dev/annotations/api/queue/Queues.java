package dev.annotations.api.queue;

import dev.annotations.api.auth.AccessControl;
import dev.annotations.api.http.JsonBody;
import dev.annotations.api.score.ScoreRepository;
import dev.annotations.api.score.ScoreService;
import dev.annotations.api.scoreconfig.ScoreConfigService;
import dev.annotations.api.storage.ClickHouseStorage;

import java.time.Clock;

/** The queue feature's object graph, built once by the composition root. */
public final class Queues implements AutoCloseable {
    private final QueueMemories memories;
    private final QueueJobs jobs;
    private final QueueController controller;

    public Queues(ClickHouseStorage storage, ScoreService scores, ScoreRepository scoreRepository,
                  ScoreConfigService configs, AccessControl access, JsonBody json, Clock clock) {
        QueueRepository queues = new QueueRepository(storage, clock);
        QueueEventRepository events = new QueueEventRepository(storage);
        this.memories = new QueueMemories(queues, events, clock);
        QueueService service = new QueueService(queues, events, memories, configs, clock);
        WorkService work = new WorkService(memories, events, scores, configs, clock);
        this.jobs = new QueueJobs(queues, service, scoreRepository, clock);
        this.controller = new QueueController(service, work, jobs, memories, events, access, json, clock);
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
