package dev.annotations.api.queue;

import dev.annotations.api.auth.AccessControl;
import dev.annotations.api.config.AppConfig;
import dev.annotations.api.http.JsonBody;
import dev.annotations.api.score.ScoreService;
import dev.annotations.api.scoreconfig.ScoreConfigService;
import dev.annotations.api.storage.ClickHouseStorage;
import dev.annotations.api.system.HealthSource;
import dev.annotations.api.trace.TraceService;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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
    /** The queue journal: this instance's durability, or one left by it that is still being loaded; else null. */
    private final QueueJournal journal;

    /**
     * @param ids    new event, queue and job ids ({@code UUID::randomUUID} in production)
     * @param random chooses among equally good candidates for {@code next}, so concurrent annotators rarely collide
     * @param agreement what progress reports about each annotator's agreement with the others (the analytics feature)
     * @param claims    how claims are served and their events stored (README, "Queues: the claim protocol")
     * @param takeoverGrace how long past an owner's lease expiry another instance waits to take over: at least the
     *                  longest an INSERT may run
     * @param engineInProcess the engine runs in this process (embedded): a restart on the same queue journal takes
     *                  back the leases its previous process left at once
     */
    public Queues(ClickHouseStorage storage, ScoreService scores, TraceService traces,
                  ScoreConfigService configs, AnnotatorAgreement agreement, AccessControl access, JsonBody json,
                  Supplier<UUID> ids, RandomGenerator random, Clock clock, AppConfig.QueueClaims claims,
                  Duration takeoverGrace, boolean engineInProcess) {
        boolean leased = claims.leased();
        QueueRepository queues = new QueueRepository(storage, clock);
        QueueEventRepository events = new QueueEventRepository(storage);
        this.memories = new QueueMemories(queues, events, clock);
        this.service = new QueueService(queues, events, memories, configs, agreement, ids, clock);
        ClaimLog log = new ClaimLog(events, ids, clock);
        this.jobs = new QueueJobs(queues, service, traces, ids, clock);
        SubmissionService submissions = new SubmissionService(memories, log, scores, configs);
        ReviewService reviews = new ReviewService(memories, log, scores);
        // opened before HTTP serves; a journal left by durability journal is loaded even when insert is asked for now
        this.journal = claims.journal() || (leased && Files.isDirectory(claims.journalDirectory()))
                ? QueueJournal.open(claims.journalDirectory(), events, claims.journalLoadInterval()) : null;
        QueueEventStore store = claims.journal() ? journal : new InsertedQueueEvents(events, journal);
        this.ownership = leased ? new QueueOwnership(new QueueLeaseRepository(storage), memories, store, clock,
                takeoverGrace, engineInProcess) : null;
        this.controller = new QueueController(service, new WorkService(memories, log, random), submissions, reviews,
                jobs, access, json, ownership, leased ? new LeasedWork(submissions, reviews, ids, random, clock) : null);
    }

    /** Where other instances forward this instance's queues' work (its base URL); known once HTTP listens. */
    public void serveAt(String address) {
        if (ownership != null) {
            ownership.address(address);
        }
    }

    /** Starts loading the queue journal into ClickHouse, once the schema is migrated. */
    public void startLoading() {
        if (journal != null) {
            journal.startLoading();
        }
    }

    /** What {@code GET /health} reports of the queue feature: the queue journal's figures, when there is one. */
    public List<HealthSource> healthSources() {
        return journal == null ? List.of() : List.of(journal);
    }

    /**
     * Stops as a crash would: unstored claims lost, no lease given back, nothing more loaded from the journal
     * (tests of a dying instance).
     */
    public void crash() {
        if (ownership != null) {
            ownership.crash();
        }
        jobs.close();
        memories.close();
        if (journal != null) {
            journal.crash();
        }
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
        if (journal != null) {
            journal.close();
        }
    }
}
