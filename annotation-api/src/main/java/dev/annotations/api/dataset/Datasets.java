package dev.annotations.api.dataset;

import dev.annotations.api.auth.AccessControl;
import dev.annotations.api.http.JsonBody;
import dev.annotations.api.queue.QueueService;
import dev.annotations.api.score.ConsensusQueries;
import dev.annotations.api.score.ScoreRepository;
import dev.annotations.api.storage.ClickHouseStorage;
import dev.annotations.api.trace.TraceService;

import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;

/** The dataset feature's object graph, built once by the composition root. */
public final class Datasets implements AutoCloseable {
    private final DatasetService service;
    private final DatasetJobs jobs;
    private final DatasetController controller;
    private final QueueFill queueFill;

    public Datasets(ClickHouseStorage storage, TraceService traces, ScoreRepository scores, QueueService queues,
                    AccessControl access, JsonBody json, Supplier<UUID> ids, Clock clock) {
        DatasetRepository repository = new DatasetRepository(storage);
        this.service = new DatasetService(repository, ids, clock);
        DatasetFill fill = new DatasetFill(traces, scores, new ConsensusQueries(storage));
        this.jobs = new DatasetJobs(repository, service, fill, ids, clock);
        this.queueFill = new QueueFill(service, fill, queues);
        this.controller = new DatasetController(service, fill, jobs, new DatasetImport(service, ids), traces, queues,
                queueFill, access, json, clock);
    }

    public DatasetService service() {
        return service;
    }

    /** Queue items into datasets, for the standing automation. */
    public QueueFill queueFill() {
        return queueFill;
    }

    public DatasetController controller() {
        return controller;
    }

    @Override
    public void close() {
        jobs.close();
    }
}
