package dev.annotations.api.export;

import dev.annotations.api.auth.Principal;
import dev.annotations.api.http.ApiProblem;
import dev.annotations.api.storage.Columns;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Long exports as jobs: the file is written under {@code <data directory>/exports/} by this instance (one job at a
 * time), the job's row records bytes written every {@link #PROGRESS_EVERY}, and the file is kept for
 * {@link #RETENTION} after it is done, then deleted (checked every {@link #SWEEP_EVERY}). A job is downloaded from
 * the instance that ran it; one whose instance stopped mid-way stays RUNNING.
 */
final class ExportJobs implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ExportJobs.class.getName());
    static final Duration RETENTION = Duration.ofHours(24);
    static final Duration PROGRESS_EVERY = Duration.ofSeconds(1);
    static final Duration SWEEP_EVERY = Duration.ofHours(1);

    private final ExportJobRepository repository;
    private final ExportService exports;
    private final Path directory;
    private final String instance;
    private final Supplier<UUID> ids;
    private final Clock clock;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon(true).name("export-jobs").factory());
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon(true).name("export-sweeper").factory());

    ExportJobs(ExportJobRepository repository, ExportService exports, Path directory, String instance,
               Supplier<UUID> ids, Clock clock) {
        this.repository = repository;
        this.exports = exports;
        this.directory = directory;
        this.instance = instance;
        this.ids = ids;
        this.clock = clock;
        sweeper.scheduleWithFixedDelay(this::sweep, 0, SWEEP_EVERY.toMinutes(), TimeUnit.MINUTES);
    }

    ExportJob start(Principal author, ExportRequest request, String kind, String requestText) {
        long rows = exports.rows(author.projectId(), request);
        Instant now = now();
        ExportJob job = new ExportJob(ids.get(), kind, request.format().parameter(), requestText, "RUNNING", rows, 0, "",
                instance, now, author.name(), now, now.plus(RETENTION));
        repository.save(author.projectId(), job, Columns.versionAt(now));
        runner.execute(() -> run(author.projectId(), job, request));
        return job;
    }

    ExportJob get(UUID projectId, UUID id) {
        return repository.find(projectId, id).map(this::expiredIfPast)
                .orElseThrow(() -> ApiProblem.notFound("no export " + id));
    }

    /** The finished file of a DONE job of this instance. */
    Path file(ExportJob job) {
        if (!job.state().equals("DONE")) {
            throw ApiProblem.conflict("export " + job.id() + " is " + job.state() + "; download it once it is DONE");
        }
        Path file = path(job);
        if (!job.instance().equals(instance) || !Files.exists(file)) {
            throw ApiProblem.notFound("the file of export " + job.id() + " is not on this instance (it ran on "
                    + job.instance() + ") or was deleted");
        }
        return file;
    }

    private ExportJob expiredIfPast(ExportJob job) {
        return job.state().equals("DONE") && !clock.instant().isBefore(job.expiresAt())
                ? job.progressed("EXPIRED", job.bytesWritten(), "", job.updatedAt()) : job;
    }

    private void run(UUID projectId, ExportJob job, ExportRequest request) {
        Path file = path(job);
        Path part = file.resolveSibling(file.getFileName() + ".part");
        ExportJob[] current = {job};
        try {
            Files.createDirectories(directory);
            try (OutputStream out = new Progress(Files.newOutputStream(part), bytes -> {
                current[0] = save(projectId, current[0], "RUNNING", bytes, "");
            })) {
                exports.write(projectId, request, out);
            }
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            save(projectId, current[0], "DONE", Files.size(file), "");
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "export " + job.id() + " failed", e);
            try {
                Files.deleteIfExists(part);
                save(projectId, current[0], "FAILED", current[0].bytesWritten(), String.valueOf(e.getMessage()));
            } catch (IOException | RuntimeException ignored) {
                // storage is down: the job stays RUNNING
            }
        }
    }

    private ExportJob save(UUID projectId, ExportJob job, String state, long bytes, String error) {
        Instant at = Instant.ofEpochMilli(Math.max(now().toEpochMilli(), job.updatedAt().toEpochMilli() + 1));
        ExportJob next = job.progressed(state, bytes, error, at);
        repository.save(projectId, next, Columns.versionAt(at));
        return next;
    }

    private Path path(ExportJob job) {
        return directory.resolve(job.id() + "." + dev.annotations.api.storage.ExportFormat.fromParameter(job.format())
                .map(dev.annotations.api.storage.ExportFormat::extension).orElse("bin"));
    }

    /** Deletes files older than the retention (by their modification time: the job row may be another project's). */
    private void sweep() {
        if (!Files.isDirectory(directory)) {
            return;
        }
        Instant cutoff = clock.instant().minus(RETENTION);
        try (Stream<Path> files = Files.list(directory)) {
            files.filter(file -> {
                try {
                    return Files.getLastModifiedTime(file).toInstant().isBefore(cutoff);
                } catch (IOException e) {
                    return false;
                }
            }).forEach(file -> {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.log(Level.WARNING, "could not delete expired export " + file, e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.log(Level.WARNING, "could not sweep " + directory, e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public void close() {
        runner.shutdownNow();
        sweeper.shutdownNow();
    }

    /** Counts bytes and reports them at most every {@link #PROGRESS_EVERY}. */
    private final class Progress extends FilterOutputStream {
        private final java.util.function.LongConsumer report;
        private long bytes;
        private long lastReport = System.nanoTime();

        Progress(OutputStream out, java.util.function.LongConsumer report) {
            super(out);
            this.report = report;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            bytes += len;
            long now = System.nanoTime();
            if (now - lastReport > PROGRESS_EVERY.toNanos()) {
                lastReport = now;
                report.accept(bytes);
            }
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[]{(byte) b}, 0, 1);
        }
    }
}
