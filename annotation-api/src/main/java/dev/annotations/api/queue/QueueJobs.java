package dev.annotations.api.queue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotations.api.auth.Principal;
import dev.annotations.api.http.ApiProblem;
import dev.annotations.api.score.Target;
import dev.annotations.api.trace.SpanFilter;
import dev.annotations.api.trace.TraceService;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Adding the spans a span-search filter matches, as a background job: the filter is checked at once (400),
 * then the matching spans (at most {@link #MAX_SPANS} per job) are read and added in chunks of
 * {@link #CHUNK}, the job's row recording progress after each chunk. Jobs run one at a time per instance; a
 * job whose instance stops stays RUNNING (its items so far are added; run it again: re-adding is a no-op).
 */
final class QueueJobs implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(QueueJobs.class.getName());
    static final int MAX_SPANS = 100_000;
    static final int CHUNK = 1_000;

    private final QueueRepository queues;
    private final QueueService service;
    private final TraceService traces;
    private final Supplier<UUID> ids;
    private final Clock clock;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon(true).name("queue-jobs").factory());

    QueueJobs(QueueRepository queues, QueueService service, TraceService traces, Supplier<UUID> ids, Clock clock) {
        this.ids = ids;
        this.queues = queues;
        this.service = service;
        this.traces = traces;
        this.clock = clock;
    }

    QueueRepository.Job start(Principal admin, UUID queueId, JsonNode filterJson, int priority) {
        SpanFilter filter = SpanFilter.fromJson(filterJson, "filter.", clock);
        Queue queue = service.requireOpenForItems(admin.projectId(), queueId);
        Instant now = now();
        QueueRepository.Job job = new QueueRepository.Job(ids.get(), queueId, "RUNNING", filterJson.toString(),
                0, 0, 0, "", now, admin.name(), now);
        queues.saveJob(admin.projectId(), job);
        runner.execute(() -> run(queue, admin.name(), filter, priority, job));
        return job;
    }

    QueueRepository.Job get(UUID projectId, UUID queueId, UUID jobId) {
        return queues.findJob(projectId, queueId, jobId).orElseThrow(() -> ApiProblem.notFound("no job " + jobId));
    }

    private void run(Queue queue, String addedBy, SpanFilter filter, int priority, QueueRepository.Job job) {
        QueueRepository.Job current = job;
        try {
            List<Target> spans = traces.matchingSpans(queue.projectId(), filter, MAX_SPANS);
            current = progress(queue, current, "RUNNING", spans.size(), 0, 0, "");
            long added = 0;
            long already = 0;
            for (int from = 0; from < spans.size(); from += CHUNK) {
                QueueService.AddResult result = service.add(queue, addedBy, spans.subList(from,
                        Math.min(spans.size(), from + CHUNK)), priority);
                added += result.added();
                already += result.alreadyQueued();
                current = progress(queue, current, "RUNNING", spans.size(), added, already, "");
            }
            progress(queue, current, "DONE", spans.size(), added, already, "");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "queue job " + job.id() + " failed", e);
            try {
                progress(queue, current, "FAILED", current.matched(), current.added(), current.alreadyQueued(),
                        String.valueOf(e.getMessage()));
            } catch (RuntimeException ignored) {
                // storage is down: the job stays RUNNING
            }
        }
    }

    private QueueRepository.Job progress(Queue queue, QueueRepository.Job job, String status, long matched, long added,
                                         long already, String error) {
        QueueRepository.Job next = new QueueRepository.Job(job.id(), job.queueId(), status, job.filter(), matched, added,
                already, error, job.createdAt(), job.createdBy(), now());
        queues.saveJob(queue.projectId(), next);
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
