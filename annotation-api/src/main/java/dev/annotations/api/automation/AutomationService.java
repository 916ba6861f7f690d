package dev.annotations.api.automation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotations.api.auth.Principal;
import dev.annotations.api.auth.Role;
import dev.annotations.api.dataset.DatasetService;
import dev.annotations.api.dataset.QueueFill;
import dev.annotations.api.http.ApiProblem;
import dev.annotations.api.queue.ItemStatus;
import dev.annotations.api.queue.Queue;
import dev.annotations.api.queue.QueueService;
import dev.annotations.api.score.Target;
import dev.annotations.api.storage.Columns;
import dev.annotations.api.trace.SpanFilter;
import dev.annotations.api.trace.TraceService;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Standing rules and their runs. A QUEUE_SOURCE run reads the spans its filter matches that started in
 * [cursor, now − {@link #LAG}), earliest first, at most what is left of {@code maxPerHour} over the last hour (and
 * {@link QueueService#MAX_TARGETS} per run), adds them to the queue and moves the cursor to the last span read
 * (to the window's end when it read them all). A span that reaches ClickHouse more than {@link #LAG} after it
 * started is behind the cursor and is not picked up. A QUEUE_TO_DATASET run adds the queue's APPROVED items (or
 * COMPLETED ones, for a queue without a review step) the dataset lacks, as one version. Both are idempotent:
 * queue items and filled dataset items have ids derived from their target. Runs are serialised per instance.
 */
public final class AutomationService {
    private static final Logger LOG = Logger.getLogger(AutomationService.class.getName());
    /** How long after its start a span may take to reach ClickHouse and still be picked up. */
    public static final Duration LAG = Duration.ofMinutes(2);
    public static final int MAX_PER_HOUR = 100_000;
    static final int DEFAULT_PER_HOUR = 1_000;

    private final AutomationRepository repository;
    private final QueueService queues;
    private final TraceService traces;
    private final DatasetService datasets;
    private final QueueFill queueFill;
    private final Supplier<UUID> ids;
    private final Clock clock;
    private final ReentrantLock running = new ReentrantLock();

    AutomationService(AutomationRepository repository, QueueService queues, TraceService traces, DatasetService datasets,
                      QueueFill queueFill, Supplier<UUID> ids, Clock clock) {
        this.repository = repository;
        this.queues = queues;
        this.traces = traces;
        this.datasets = datasets;
        this.queueFill = queueFill;
        this.ids = ids;
        this.clock = clock;
    }

    /** What a client asks for; checked here against the queue, dataset and span filter it names. */
    public record Draft(Automation.Kind kind, UUID queueId, UUID datasetId, JsonNode filter, Integer priority,
                        Integer maxPerHour) {
    }

    public Automation create(Principal admin, Draft draft) {
        if (draft.kind() == null) {
            throw ApiProblem.invalid("kind", "is required: QUEUE_SOURCE or QUEUE_TO_DATASET");
        }
        if (draft.queueId() == null) {
            throw ApiProblem.invalid("queueId", "is required");
        }
        queues.get(admin.projectId(), draft.queueId());
        int perHour = draft.maxPerHour() == null ? DEFAULT_PER_HOUR : draft.maxPerHour();
        if (perHour < 1 || perHour > MAX_PER_HOUR) {
            throw ApiProblem.invalid("maxPerHour", "1 to " + MAX_PER_HOUR);
        }
        Instant now = now();
        long cursor = Columns.nanos(now);
        String filter = "null";
        if (draft.kind() == Automation.Kind.QUEUE_SOURCE) {
            if (draft.filter() == null || !draft.filter().isObject()) {
                throw ApiProblem.invalid("filter", "is required for QUEUE_SOURCE: a span filter object");
            }
            if (draft.datasetId() != null) {
                throw ApiProblem.invalid("datasetId", "does not apply to QUEUE_SOURCE");
            }
            SpanFilter parsed = SpanFilter.fromJson(draft.filter(), "filter.", clock);
            // spans from the filter's from on (when given), else those that start from now on
            cursor = draft.filter().has("from") ? Columns.nanos(parsed.from()) : cursor;
            // the window is the automation's own (cursor to now): the stored filter keeps the other criteria
            com.fasterxml.jackson.databind.node.ObjectNode criteria = draft.filter().deepCopy();
            criteria.remove(List.of("from", "to"));
            filter = criteria.toString();
        } else {
            if (draft.datasetId() == null) {
                throw ApiProblem.invalid("datasetId", "is required for QUEUE_TO_DATASET");
            }
            if (draft.filter() != null) {
                throw ApiProblem.invalid("filter", "does not apply to QUEUE_TO_DATASET");
            }
            datasets.get(admin.projectId(), draft.datasetId());
        }
        Automation automation = new Automation(ids.get(), admin.projectId(), draft.kind(), draft.queueId(),
                draft.datasetId(), filter, draft.priority() == null ? 0 : draft.priority(), perHour, true, cursor, now,
                admin.name(), now);
        repository.save(automation);
        return automation;
    }

    public Automation get(UUID projectId, UUID id) {
        return repository.find(projectId, id).orElseThrow(() -> ApiProblem.notFound("no automation " + id));
    }

    public List<Automation> list(UUID projectId, Optional<UUID> queueId) {
        return repository.list(projectId, queueId);
    }

    public Automation setEnabled(Principal admin, UUID id, boolean enabled) {
        Automation next = get(admin.projectId(), id).withEnabled(enabled, now());
        repository.save(next);
        return next;
    }

    public List<AutomationRun> runs(UUID projectId, UUID id, Optional<Instant> before, int limit) {
        get(projectId, id);
        return repository.runs(projectId, id, before, limit);
    }

    /** Runs every enabled automation of every project once; returns how many ran. A failing one is recorded and skipped. */
    public int runOnce() {
        running.lock();
        try {
            List<Automation> all = repository.enabled();
            for (Automation automation : all) {
                try {
                    run(automation);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "automation " + automation.id() + " failed", e);
                    try {
                        repository.saveRun(automation, new AutomationRun(now(), 0, 0, 0, 0, automation.cursorNanos(),
                                String.valueOf(e.getMessage())));
                    } catch (RuntimeException ignored) {
                        // storage is down: the next run tries again from the same cursor
                    }
                }
            }
            return all.size();
        } finally {
            running.unlock();
        }
    }

    private void run(Automation automation) {
        Principal system = new Principal(automation.id(), automation.projectId(), "automation:" + automation.id(),
                Role.ADMIN, false);
        if (automation.kind() == Automation.Kind.QUEUE_TO_DATASET) {
            Queue queue = queues.get(automation.projectId(), automation.queueId());
            DatasetService.ChangeResult result = queueFill.run(system, automation.datasetId(), automation.queueId(),
                    queue.reviewRequired() ? EnumSet.of(ItemStatus.APPROVED) : EnumSet.of(ItemStatus.COMPLETED));
            if (result.added() > 0) {
                repository.saveRun(automation, new AutomationRun(now(), result.added() + result.alreadyPresent(),
                        result.added(), result.alreadyPresent(), result.version(), 0, ""));
            }
            return;
        }
        Instant now = now();
        long left = automation.maxPerHour() - repository.addedSince(automation.projectId(), automation.id(), now.minus(Duration.ofHours(1)));
        if (left <= 0) {
            return;
        }
        int limit = (int) Math.min(left, QueueService.MAX_TARGETS);
        Instant end = now.minus(LAG);
        Instant earliest = end.minus(SpanFilter.MAX_WINDOW).plusSeconds(60);
        Instant start = Columns.fromNanos(automation.cursorNanos());
        start = start.isBefore(earliest) ? earliest : start;
        if (!start.isBefore(end)) {
            return;
        }
        SpanFilter base = SpanFilter.fromJson(parse(automation.filter()), "filter.", clock);
        SpanFilter window = new SpanFilter(start, end, base.service(), base.name(), base.kind(), base.status(),
                base.attributes(), base.hasAttributes(), base.candidate(), base.queue(), base.hasScore(), base.lacksScore(),
                base.traceId());
        List<TraceService.TimedSpan> spans = traces.matchingSpansInOrder(automation.projectId(), window, limit);
        long cursor = spans.size() < limit ? Columns.nanos(end) : spans.getLast().startNanos();
        if (!spans.isEmpty()) {
            List<Target> targets = spans.stream().map(TraceService.TimedSpan::target).toList();
            QueueService.AddResult added = queues.addTargets(system, automation.queueId(), targets, automation.priority());
            repository.saveRun(automation, new AutomationRun(now, spans.size(), added.added(), added.alreadyQueued(), 0,
                    cursor, ""));
        }
        repository.save(automation.withCursor(cursor, now));
    }

    private static JsonNode parse(String json) {
        try {
            return dev.annotations.api.http.Json.mapper().readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("a stored filter is not JSON", e);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
