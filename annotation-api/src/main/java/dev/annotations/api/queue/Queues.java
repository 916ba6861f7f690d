package dev.annotations.api.queue;

import dev.annotations.api.auth.AccessControl;
import dev.annotations.api.http.JsonBody;
import dev.annotations.api.score.ScoreService;
import dev.annotations.api.scoreconfig.ScoreConfigService;
import dev.annotations.api.storage.ClickHouseStorage;
import dev.annotations.api.trace.TraceService;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/** The queue feature's object graph, built once by the composition root. */
public final class Queues implements AutoCloseable {
    private final QueueMemories memories;
    private final QueueJobs jobs;
    private final QueueService service;
    private final QueueController controller;
    private final QueueOwnership ownership;

    /**
     * @param ids    new event, queue and job ids ({@code UUID::randomUUID} in production)
     * @param random chooses among equally good candidates for {@code next}, so concurrent annotators rarely collide
     * @param agreement what progress reports about each annotator's agreement with the others (the analytics feature)
     * @param leased    claims served from memory by each queue's lease owner (README, "Queues: the claim protocol");
     *                  false: one compare-and-set INSERT per claim
     * @param takeoverGrace how long past an owner's lease expiry another instance waits to take over: at least the
     *                  longest an INSERT may run
     */
    public Queues(ClickHouseStorage storage, ScoreService scores, TraceService traces,
                  ScoreConfigService configs, AnnotatorAgreement agreement, AccessControl access, JsonBody json,
                  Supplier<UUID> ids, RandomGenerator random, Clock clock, boolean leased, Duration takeoverGrace) {
        QueueRepository queues = new QueueRepository(storage, clock);
        QueueEventRepository events = new QueueEventRepository(storage);
        this.memories = new QueueMemories(queues, events, clock);
        this.service = new QueueService(queues, events, memories, configs, agreement, ids, clock);
        ClaimLog log = new ClaimLog(events, ids, clock);
        this.jobs = new QueueJobs(queues, service, traces, ids, clock);
        SubmissionService submissions = new SubmissionService(memories, log, scores, configs);
        ReviewService reviews = new ReviewService(memories, log, scores);
        this.ownership = leased ? new QueueOwnership(new QueueLeaseRepository(storage), memories, events, clock,
                takeoverGrace) : null;
        this.controller = new QueueController(service, new WorkService(memories, log, random), submissions, reviews,
                jobs, access, json, ownership, leased ? new LeasedWork(submissions, reviews, ids, random, clock) : null);
    }

    /** Where other instances forward this instance's queues' work (its base URL); known once HTTP listens. */
    public void serveAt(String address) {
        if (ownership != null) {
            ownership.address(address);
        }
    }

    /** Stops as a crash would: unstored claims lost, no lease given back (tests of a dying instance). */
    public void crash() {
        if (ownership != null) {
            ownership.crash();
        }
        jobs.close();
        memories.close();
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
        if (ownership != null) {
            ownership.close();
        }
        jobs.close();
        memories.close();
    }
}
