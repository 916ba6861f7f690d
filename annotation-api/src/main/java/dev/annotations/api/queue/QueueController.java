package dev.annotations.api.queue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotations.api.auth.AccessControl;
import dev.annotations.api.auth.Principal;
import dev.annotations.api.http.ApiProblem;
import dev.annotations.api.http.Cursor;
import dev.annotations.api.http.JsonBody;
import dev.annotations.api.http.Page;
import dev.annotations.api.http.PathParams;
import dev.annotations.api.http.QueryParams;
import dev.annotations.api.score.Target;
import io.javalin.http.Context;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** HTTP in and out for {@code /api/v1/queues}: ADMIN manages, members work, any key reads. */
public final class QueueController {
    private final QueueService queues;
    private final WorkService work;
    private final SubmissionService submissions;
    private final ReviewService reviews;
    private final QueueJobs jobs;
    private final AccessControl access;
    private final JsonBody json;
    /** Null when claims are not leased (ANNOTATION_QUEUE_CLAIMS=log): every instance does the work itself. */
    private final QueueOwnership ownership;
    private final LeasedWork leased;
    private final QueueForwarder forwarder = new QueueForwarder();

    QueueController(QueueService queues, WorkService work, SubmissionService submissions, ReviewService reviews,
                    QueueJobs jobs, AccessControl access, JsonBody json, QueueOwnership ownership, LeasedWork leased) {
        this.queues = queues;
        this.work = work;
        this.submissions = submissions;
        this.reviews = reviews;
        this.jobs = jobs;
        this.access = access;
        this.json = json;
        this.ownership = ownership;
        this.leased = leased;
    }

    /**
     * The desk to do a queue's work on when this instance owns the queue; empty when the request was relayed to
     * the owner (its answer is in {@code ctx}) or when claims are not leased.
     */
    private Optional<QueueDesk> desk(Context ctx, Principal caller, UUID queueId, boolean[] relayed) {
        if (ownership == null) {
            return Optional.empty();
        }
        QueueOwnership.Route route = ownership.route(caller.projectId(), queueId);
        return switch (route) {
            case QueueOwnership.Route.Local local -> Optional.of(local.desk());
            case QueueOwnership.Route.Remote remote -> {
                if (QueueForwarder.forwarded(ctx)) {
                    throw QueueForwarder.misdirected();
                }
                forwarder.forward(ctx, remote.address(), () -> ownership.forget(caller.projectId(), queueId));
                relayed[0] = true;
                yield Optional.empty();
            }
        };
    }

    public record Created(UUID id) {
    }


    public record History(UUID itemId, List<QueueEvent> events) {
    }

    /** The body of {@code POST …/items}: targets, or a span filter run as a background job. */
    public record AddItems(List<Target> targets, JsonNode filter, Integer priority) {
    }

    public record Assign(List<String> annotators) {
    }

    public record Skip(String reason) {
    }

    public record Review(String comment) {
    }

    public record Return(String annotator, String comment) {
    }

    public void create(Context ctx) {
        Principal admin = access.requireAdmin(ctx);
        Queue queue = queues.create(admin, json.read(ctx, QueueDraft.class));
        ctx.status(201).header("Location", "/api/v1/queues/" + queue.id()).json(queue);
    }

    public void list(Context ctx) {
        Principal principal = access.principal(ctx);
        int limit = QueryParams.limit(ctx);
        Optional<Cursor> cursor = Cursor.from(QueryParams.string(ctx, "cursor"), 2);
        List<Queue> items = queues.list(principal.projectId(), QueryParams.enumValue(ctx, "status", QueueStatus.class),
                cursor.map(last -> last.text(0)), cursor.map(last -> last.uuid(1)), limit);
        ctx.json(Page.of(items, limit, queue -> Cursor.of(queue.name(), queue.id())));
    }

    public void get(Context ctx) {
        ctx.json(queues.get(access.principal(ctx).projectId(), PathParams.uuid(ctx, "queueId")));
    }

    public void edit(Context ctx) {
        Principal admin = access.requireAdmin(ctx);
        ctx.json(queues.edit(admin, PathParams.uuid(ctx, "queueId"), json.read(ctx, QueueDraft.Patch.class)));
    }

    public void addItems(Context ctx) {
        Principal admin = access.requireAdmin(ctx);
        UUID queueId = PathParams.uuid(ctx, "queueId");
        AddItems body = json.read(ctx, AddItems.class);
        if ((body.targets() == null) == (body.filter() == null || body.filter().isNull())) {
            throw ApiProblem.invalid("targets", "send either targets or filter");
        }
        int priority = body.priority() == null ? 0 : body.priority();
        if (body.targets() != null) {
            ctx.json(queues.addTargets(admin, queueId, body.targets(), priority));
        } else {
            QueueRepository.Job job = jobs.start(admin, queueId, body.filter(), priority);
            ctx.status(202).header("Location", "/api/v1/queues/" + queueId + "/jobs/" + job.id()).json(job);
        }
    }

    public void job(Context ctx) {
        Principal principal = access.principal(ctx);
        ctx.json(jobs.get(principal.projectId(), PathParams.uuid(ctx, "queueId"), PathParams.uuid(ctx, "jobId")));
    }

    public void items(Context ctx) {
        Principal principal = access.principal(ctx);
        int limit = QueryParams.limit(ctx);
        Set<ItemStatus> statuses = EnumSet.noneOf(ItemStatus.class);
        for (String value : ctx.queryParams("status")) {
            for (String part : value.split(",")) {
                try {
                    statuses.add(ItemStatus.valueOf(part.strip().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw ApiProblem.invalid("status", "must be one of " + Arrays.toString(ItemStatus.values())
                            + ", was '" + part + "'");
                }
            }
        }
        List<QueueItemView> items = queues.items(principal.projectId(), PathParams.uuid(ctx, "queueId"), statuses,
                Cursor.from(QueryParams.string(ctx, "cursor"), 2).map(cursor -> new QueueService.ItemAfter(
                        cursor.instant(0), cursor.uuid(1))), limit);
        ctx.json(Page.of(items, limit, item -> Cursor.of(item.addedAt().toEpochMilli(), item.id())));
    }

    public void item(Context ctx) {
        Principal principal = access.principal(ctx);
        ctx.json(queues.item(principal.projectId(), PathParams.uuid(ctx, "queueId"), PathParams.uuid(ctx, "itemId")));
    }

    public void removeItem(Context ctx) {
        Principal admin = access.requireAdmin(ctx);
        queues.removeItem(admin, PathParams.uuid(ctx, "queueId"), PathParams.uuid(ctx, "itemId"));
        ctx.status(204);
    }

    public void history(Context ctx) {
        Principal principal = access.principal(ctx);
        UUID itemId = PathParams.uuid(ctx, "itemId");
        ctx.json(new History(itemId, queues.history(principal.projectId(), PathParams.uuid(ctx, "queueId"), itemId)));
    }

    public void assign(Context ctx) {
        Principal admin = access.requireAdmin(ctx);
        ctx.json(queues.assign(admin, PathParams.uuid(ctx, "queueId"), PathParams.uuid(ctx, "itemId"),
                json.read(ctx, Assign.class).annotators()));
    }

    public void next(Context ctx) {
        Principal caller = access.principal(ctx);
        UUID queueId = PathParams.uuid(ctx, "queueId");
        boolean[] relayed = {false};
        Optional<QueueDesk> desk = desk(ctx, caller, queueId, relayed);
        if (relayed[0]) {
            return;
        }
        Optional<WorkService.Reservation> reservation = desk.isPresent() ? leased.next(caller, desk.get())
                : work.next(caller, queueId);
        if (reservation.isPresent()) {
            ctx.json(reservation.get());
        } else {
            ctx.status(204);
        }
    }

    public void release(Context ctx) {
        Principal caller = access.principal(ctx);
        UUID queueId = PathParams.uuid(ctx, "queueId");
        UUID itemId = PathParams.uuid(ctx, "itemId");
        boolean[] relayed = {false};
        Optional<QueueDesk> desk = desk(ctx, caller, queueId, relayed);
        if (!relayed[0]) {
            ctx.json(desk.isPresent() ? leased.release(caller, desk.get(), itemId) : work.release(caller, queueId, itemId));
        }
    }

    public void skip(Context ctx) {
        Principal caller = access.principal(ctx);
        UUID queueId = PathParams.uuid(ctx, "queueId");
        UUID itemId = PathParams.uuid(ctx, "itemId");
        String reason = ctx.bodyAsBytes().length == 0 ? null : json.read(ctx, Skip.class).reason();
        boolean[] relayed = {false};
        Optional<QueueDesk> desk = desk(ctx, caller, queueId, relayed);
        if (!relayed[0]) {
            ctx.json(desk.isPresent() ? leased.skip(caller, desk.get(), itemId, reason)
                    : work.skip(caller, queueId, itemId, reason));
        }
    }

    public void submit(Context ctx) {
        Principal caller = access.principal(ctx);
        UUID queueId = PathParams.uuid(ctx, "queueId");
        UUID itemId = PathParams.uuid(ctx, "itemId");
        SubmissionService.Submission submission = json.read(ctx, SubmissionService.Submission.class);
        boolean[] relayed = {false};
        Optional<QueueDesk> desk = desk(ctx, caller, queueId, relayed);
        if (relayed[0]) {
            return;
        }
        SubmissionService.Submitted submitted = desk.isPresent()
                ? leased.submit(caller, desk.get(), itemId, submission)
                : submissions.submit(caller, queueId, itemId, submission);
        ctx.status(submitted.alreadySubmitted() ? 200 : 201).json(submitted);
    }

    public void approve(Context ctx) {
        Principal caller = access.principal(ctx);
        UUID queueId = PathParams.uuid(ctx, "queueId");
        UUID itemId = PathParams.uuid(ctx, "itemId");
        String comment = ctx.bodyAsBytes().length == 0 ? null : json.read(ctx, Review.class).comment();
        boolean[] relayed = {false};
        Optional<QueueDesk> desk = desk(ctx, caller, queueId, relayed);
        if (!relayed[0]) {
            ctx.json(desk.isPresent() ? leased.approve(caller, desk.get(), itemId, comment)
                    : reviews.approve(caller, queueId, itemId, comment));
        }
    }

    public void returnItem(Context ctx) {
        Principal caller = access.principal(ctx);
        UUID queueId = PathParams.uuid(ctx, "queueId");
        UUID itemId = PathParams.uuid(ctx, "itemId");
        Return body = json.read(ctx, Return.class);
        boolean[] relayed = {false};
        Optional<QueueDesk> desk = desk(ctx, caller, queueId, relayed);
        if (!relayed[0]) {
            ctx.json(desk.isPresent() ? leased.returnTo(caller, desk.get(), itemId, body.annotator(), body.comment())
                    : reviews.returnTo(caller, queueId, itemId, body.annotator(), body.comment()));
        }
    }

    public void progress(Context ctx) {
        Principal principal = access.principal(ctx);
        ctx.json(queues.progress(principal.projectId(), PathParams.uuid(ctx, "queueId")));
    }
}
