package dev.annotations.api.dataset;

import dev.annotations.api.auth.Principal;
import dev.annotations.api.http.ApiProblem;
import dev.annotations.api.score.Target;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Fills from a span filter or a queue as background jobs: the selection is resolved (at most {@link #MAX_TARGETS}
 * targets), turned into rows {@link #CHUNK} targets at a time, and committed as one version at the end; the job's
 * row records progress after each chunk. Jobs run one at a time per instance. A job whose instance stops stays
 * RUNNING and commits nothing (its rows are never read); run it again.
 */
final class DatasetJobs implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(DatasetJobs.class.getName());
    static final int MAX_TARGETS = 100_000;
    static final int CHUNK = 500;

    private final DatasetRepository repository;
    private final DatasetService service;
    private final DatasetFill fill;
    private final Supplier<UUID> ids;
    private final Clock clock;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon(true).name("dataset-jobs").factory());

    DatasetJobs(DatasetRepository repository, DatasetService service, DatasetFill fill, Supplier<UUID> ids, Clock clock) {
        this.repository = repository;
        this.service = service;
        this.fill = fill;
        this.ids = ids;
        this.clock = clock;
    }

    /**
     * Starts a job over the targets {@code selection} resolves (in the background); {@code queueId} scopes the
     * consensus and scores to one queue's.
     */
    DatasetJob start(Principal author, UUID datasetId, String sourceJson, Supplier<List<Target>> selection,
                     Optional<UUID> queueId, String description) {
        service.requireOpen(author.projectId(), datasetId);
        Instant now = now();
        DatasetJob job = new DatasetJob(ids.get(), datasetId, "RUNNING", sourceJson, 0, 0, 0, 0, "", now, author.name(), now);
        repository.saveJob(author.projectId(), job);
        runner.execute(() -> run(author, job, selection, queueId, description));
        return job;
    }

    DatasetJob get(UUID projectId, UUID datasetId, UUID jobId) {
        return repository.findJob(projectId, datasetId, jobId).orElseThrow(() -> ApiProblem.notFound("no job " + jobId));
    }

    private void run(Principal author, DatasetJob job, Supplier<List<Target>> selection, Optional<UUID> queueId,
                     String description) {
        DatasetJob current = job;
        try {
            List<Target> targets = selection.get();
            current = progress(author, current, "RUNNING", targets.size(), 0, 0, 0, "");
            DatasetService.Filling filling = service.filling(author, job.datasetId());
            for (int from = 0; from < targets.size(); from += CHUNK) {
                List<Target> chunk = targets.subList(from, Math.min(targets.size(), from + CHUNK));
                filling.add(fill.rows(author.projectId(), job.datasetId(), chunk, queueId));
                current = progress(author, current, "RUNNING", targets.size(), filling.added(), filling.alreadyPresent(), 0, "");
            }
            DatasetService.ChangeResult result = filling.commit(description);
            progress(author, current, "DONE", targets.size(), result.added(), result.alreadyPresent(), result.version(), "");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "dataset job " + job.id() + " failed", e);
            try {
                progress(author, current, "FAILED", current.matched(), 0, current.alreadyPresent(), 0,
                        e instanceof ApiProblem problem ? problem.getMessage() : "storage failed: " + e.getMessage());
            } catch (RuntimeException ignored) {
                // storage is down: the job stays RUNNING, and nothing was committed
            }
        }
    }

    private DatasetJob progress(Principal author, DatasetJob job, String status, long matched, long added, long already,
                                int version, String error) {
        DatasetJob next = job.progressed(status, matched, added, already, version, error,
                Instant.ofEpochMilli(Math.max(now().toEpochMilli(), job.updatedAt().toEpochMilli() + 1)));
        repository.saveJob(author.projectId(), next);
        return next;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
