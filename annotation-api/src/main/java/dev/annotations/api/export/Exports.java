package dev.annotations.api.export;

import dev.annotations.api.auth.AccessControl;
import dev.annotations.api.dataset.DatasetService;
import dev.annotations.api.score.ScoreExports;
import dev.annotations.api.storage.ClickHouseStorage;

import java.nio.file.Path;
import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;

/** The export feature's object graph, built once by the composition root. */
public final class Exports implements AutoCloseable {
    private final ExportJobs jobs;
    private final ExportController controller;

    /** @param directory where export jobs write their files ({@code <data directory>/exports}) */
    public Exports(ClickHouseStorage storage, DatasetService datasets, AccessControl access, Path directory,
                   String instance, Supplier<UUID> ids, Clock clock) {
        ExportService service = new ExportService(datasets, new ScoreExports(storage));
        this.jobs = new ExportJobs(new ExportJobRepository(storage), service, directory, instance, ids, clock);
        this.controller = new ExportController(service, jobs, datasets, access);
    }

    public ExportController controller() {
        return controller;
    }

    @Override
    public void close() {
        jobs.close();
    }
}
