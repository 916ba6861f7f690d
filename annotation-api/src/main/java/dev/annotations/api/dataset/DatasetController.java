package dev.annotations.api.dataset;

import com.fasterxml.jackson.databind.JsonNode;
import dev.annotations.api.auth.AccessControl;
import dev.annotations.api.auth.Principal;
import dev.annotations.api.http.ApiProblem;
import dev.annotations.api.http.Cursor;
import dev.annotations.api.http.FieldError;
import dev.annotations.api.http.JsonBody;
import dev.annotations.api.http.Page;
import dev.annotations.api.http.PathParams;
import dev.annotations.api.http.QueryParams;
import dev.annotations.api.queue.ItemStatus;
import dev.annotations.api.queue.QueueService;
import dev.annotations.api.score.Target;
import dev.annotations.api.score.TargetRules;
import dev.annotations.api.score.TargetType;
import dev.annotations.api.trace.SpanFilter;
import dev.annotations.api.trace.TraceService;
import io.javalin.http.Context;

import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * HTTP in and out for {@code /api/v1/datasets}. Any key reads; ANNOTATOR, REVIEWER and ADMIN keys change items
 * and create datasets; archiving and restoring is for ADMINs.
 */
public final class DatasetController {
    private static final Set<ItemStatus> QUEUE_DONE = EnumSet.of(ItemStatus.COMPLETED, ItemStatus.APPROVED);

    private final DatasetService datasets;
    private final DatasetFill fill;
    private final DatasetJobs jobs;
    private final DatasetImport importer;
    private final TraceService traces;
    private final QueueService queues;
    private final QueueFill queueFill;
    private final AccessControl access;
    private final JsonBody json;
    private final Clock clock;

    DatasetController(DatasetService datasets, DatasetFill fill, DatasetJobs jobs, DatasetImport importer,
                      TraceService traces, QueueService queues, QueueFill queueFill, AccessControl access, JsonBody json,
                      Clock clock) {
        this.datasets = datasets;
        this.fill = fill;
        this.jobs = jobs;
        this.importer = importer;
        this.traces = traces;
        this.queues = queues;
        this.queueFill = queueFill;
        this.access = access;
        this.json = json;
        this.clock = clock;
    }

    public record Draft(String name, String description) {
    }

    public record NewItemBody(JsonNode input, JsonNode expectedOutput, JsonNode metadata) {
    }

    public record FromQueue(UUID queueId, List<ItemStatus> status) {
    }

    public record AddItems(List<JsonNode> items, List<Target> fromTargets, JsonNode fromFilter, FromQueue fromQueue) {
    }

    public void create(Context ctx) {
        Principal author = access.requireWriter(ctx);
        Draft draft = json.read(ctx, Draft.class);
        DatasetRules.check(draft.name(), true, draft.description());
        DatasetView dataset = datasets.create(author, draft.name(), draft.description());
        ctx.status(201).header("Location", "/api/v1/datasets/" + dataset.id()).json(dataset);
    }

    public void list(Context ctx) {
        Principal principal = access.principal(ctx);
        int limit = QueryParams.limit(ctx);
        Optional<Cursor> cursor = Cursor.from(QueryParams.string(ctx, "cursor"), 2);
        List<DatasetView> page = datasets.list(principal.projectId(), QueryParams.bool(ctx, "archived").orElse(false),
                cursor.map(last -> last.text(0)), cursor.map(last -> last.uuid(1)), limit);
        ctx.json(Page.of(page, limit, dataset -> Cursor.of(dataset.name(), dataset.id())));
    }

    public void get(Context ctx) {
        ctx.json(datasets.get(access.principal(ctx).projectId(), PathParams.uuid(ctx, "datasetId")));
    }

    public void edit(Context ctx) {
        Principal editor = access.requireWriter(ctx);
        Draft patch = json.read(ctx, Draft.class);
        DatasetRules.check(patch.name(), false, patch.description());
        ctx.json(datasets.edit(editor, PathParams.uuid(ctx, "datasetId"), patch.name(), patch.description()));
    }

    public void archive(Context ctx) {
        ctx.json(datasets.setArchived(access.requireAdmin(ctx), PathParams.uuid(ctx, "datasetId"), true));
    }

    public void restore(Context ctx) {
        ctx.json(datasets.setArchived(access.requireAdmin(ctx), PathParams.uuid(ctx, "datasetId"), false));
    }

    public void versions(Context ctx) {
        Principal principal = access.principal(ctx);
        int limit = QueryParams.limit(ctx);
        long after = Cursor.from(QueryParams.string(ctx, "cursor"), 1).map(cursor -> cursor.number(0)).orElse(0L);
        List<DatasetVersion> page = datasets.versions(principal.projectId(), PathParams.uuid(ctx, "datasetId"),
                (int) Math.min(after, Integer.MAX_VALUE), limit);
        ctx.json(Page.of(page, limit, version -> Cursor.of((long) version.version())));
    }

    public void items(Context ctx) {
        Principal principal = access.principal(ctx);
        int limit = QueryParams.limit(ctx);
        Optional<UUID> after = Cursor.from(QueryParams.string(ctx, "cursor"), 1).map(cursor -> cursor.uuid(0));
        List<DatasetItem> page = datasets.items(principal.projectId(), PathParams.uuid(ctx, "datasetId"), version(ctx),
                after, limit);
        ctx.json(Page.of(page, limit, item -> Cursor.of(item.id())));
    }

    public void item(Context ctx) {
        ctx.json(datasets.item(access.principal(ctx).projectId(), PathParams.uuid(ctx, "datasetId"),
                PathParams.uuid(ctx, "itemId"), version(ctx)));
    }

    /**
     * Exactly one of {@code items} (new items, one version), {@code fromTargets} (SPAN or TRACE targets, filled at
     * once), {@code fromFilter} (a span filter) or {@code fromQueue} (its COMPLETED / APPROVED items); the last two
     * run as a job: 202 with the job.
     */
    public void addItems(Context ctx) {
        Principal author = access.requireWriter(ctx);
        UUID datasetId = PathParams.uuid(ctx, "datasetId");
        AddItems body = json.read(ctx, AddItems.class);
        int given = (body.items() != null ? 1 : 0) + (body.fromTargets() != null ? 1 : 0)
                + (body.fromFilter() != null && !body.fromFilter().isNull() ? 1 : 0) + (body.fromQueue() != null ? 1 : 0);
        if (given != 1) {
            throw ApiProblem.invalid("items", "send exactly one of items, fromTargets, fromFilter, fromQueue");
        }
        if (body.items() != null) {
            ctx.status(201).json(datasets.addItems(author, datasetId, newItems(body.items())));
        } else if (body.fromTargets() != null) {
            List<Target> targets = targets(body.fromTargets());
            datasets.requireOpen(author.projectId(), datasetId);
            List<ItemRow> rows = fill.rows(author.projectId(), datasetId, targets, Optional.empty());
            ctx.status(201).json(datasets.addFilled(author, datasetId, rows, "added {n} items from targets"));
        } else if (body.fromQueue() != null) {
            FromQueue from = body.fromQueue();
            if (from.queueId() == null) {
                throw ApiProblem.invalid("fromQueue.queueId", "is required");
            }
            Set<ItemStatus> statuses = from.status() == null || from.status().isEmpty() ? QUEUE_DONE : Set.copyOf(from.status());
            if (!QUEUE_DONE.containsAll(statuses)) {
                throw ApiProblem.invalid("fromQueue.status", "COMPLETED and/or APPROVED: items whose annotation is done");
            }
            queues.get(author.projectId(), from.queueId());
            UUID queueId = from.queueId();
            DatasetJob job = jobs.start(author, datasetId, json(body.fromQueue()),
                    () -> queueFill.targets(author.projectId(), queueId, statuses), Optional.of(queueId),
                    "added {n} items from queue " + queueId);
            accepted(ctx, datasetId, job);
        } else {
            SpanFilter filter = SpanFilter.fromJson(body.fromFilter(), "fromFilter.", clock);
            DatasetJob job = jobs.start(author, datasetId, body.fromFilter().toString(),
                    () -> traces.matchingSpans(author.projectId(), filter, DatasetJobs.MAX_TARGETS), Optional.empty(),
                    "added {n} items from a span filter");
            accepted(ctx, datasetId, job);
        }
    }

    public void editItem(Context ctx) {
        Principal editor = access.requireWriter(ctx);
        NewItemBody body = json.read(ctx, NewItemBody.class);
        List<FieldError> errors = new ArrayList<>();
        String metadata = body.metadata() == null ? null : metadata(body.metadata(), "metadata", errors);
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        DatasetService.NewItem patch = new DatasetService.NewItem(body.input() == null ? null : DatasetFill.text(body.input()),
                body.expectedOutput() == null ? null : DatasetFill.text(body.expectedOutput()), metadata);
        ctx.json(datasets.editItem(editor, PathParams.uuid(ctx, "datasetId"), PathParams.uuid(ctx, "itemId"), patch));
    }

    public void removeItem(Context ctx) {
        Principal editor = access.requireWriter(ctx);
        ctx.json(datasets.removeItem(editor, PathParams.uuid(ctx, "datasetId"), PathParams.uuid(ctx, "itemId")));
    }

    /** JSON lines ({@code application/x-ndjson} or {@code application/jsonl}) or CSV ({@code text/csv}). */
    public void importItems(Context ctx) {
        Principal author = access.requireWriter(ctx);
        String type = Optional.ofNullable(ctx.header("Content-Type")).orElse("").toLowerCase(Locale.ROOT);
        DatasetImport.Format format;
        if (type.startsWith("application/x-ndjson") || type.startsWith("application/jsonl")
                || type.startsWith("application/json-lines")) {
            format = DatasetImport.Format.JSONL;
        } else if (type.startsWith("text/csv")) {
            format = DatasetImport.Format.CSV;
        } else {
            throw new ApiProblem(415, "/problems/unsupported-media-type", "Unsupported media type",
                    "send JSON lines as Content-Type application/x-ndjson or CSV as text/csv, not '" + type + "'", List.of());
        }
        try {
            ctx.status(201).json(importer.run(author, PathParams.uuid(ctx, "datasetId"), format, ctx.req().getInputStream()));
        } catch (java.io.IOException e) {
            throw ApiProblem.invalid("body", "could not be read: " + e.getMessage());
        }
    }

    public void job(Context ctx) {
        Principal principal = access.principal(ctx);
        ctx.json(jobs.get(principal.projectId(), PathParams.uuid(ctx, "datasetId"), PathParams.uuid(ctx, "jobId")));
    }

    private static void accepted(Context ctx, UUID datasetId, DatasetJob job) {
        ctx.status(202).header("Location", "/api/v1/datasets/" + datasetId + "/jobs/" + job.id()).json(job);
    }

    private static List<Target> targets(List<Target> targets) {
        if (targets.isEmpty() || targets.size() > DatasetRules.MAX_ITEMS) {
            throw ApiProblem.invalid("fromTargets", "1 to " + DatasetRules.MAX_ITEMS + " targets; was " + targets.size());
        }
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            String prefix = "fromTargets[" + i + "].";
            Target target = targets.get(i);
            if (target == null || (target.type() != TargetType.SPAN && target.type() != TargetType.TRACE)) {
                errors.add(new FieldError(prefix + "type", "SPAN or TRACE: a dataset item is filled from a span"));
                continue;
            }
            List<FieldError> found = new ArrayList<>();
            TargetRules.check(target, prefix, found);
            // TargetRules names fields "<prefix>target.<id>"; here the element is the target
            found.forEach(error -> errors.add(new FieldError(error.field().replace(prefix + "target.", prefix), error.message())));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        return targets;
    }

    private static List<DatasetService.NewItem> newItems(List<JsonNode> items) {
        if (items.isEmpty() || items.size() > DatasetRules.MAX_ITEMS) {
            throw ApiProblem.invalid("items", "1 to " + DatasetRules.MAX_ITEMS + " items; was " + items.size());
        }
        List<FieldError> errors = new ArrayList<>();
        List<DatasetService.NewItem> result = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String prefix = "items[" + i + "].";
            JsonNode item = items.get(i);
            if (item == null || !item.isObject()) {
                errors.add(new FieldError("items[" + i + "]", "must be an object with input, expectedOutput, metadata"));
                continue;
            }
            item.fieldNames().forEachRemaining(name -> {
                if (!Set.of("input", "expectedOutput", "metadata").contains(name)) {
                    errors.add(new FieldError(prefix + name, "is not a field of dataset items (input, expectedOutput, metadata)"));
                }
            });
            if (!item.has("input") || item.get("input").isNull()) {
                errors.add(new FieldError(prefix + "input", "is required"));
            }
            String metadata = item.has("metadata") && !item.get("metadata").isNull()
                    ? metadata(item.get("metadata"), prefix + "metadata", errors) : "{}";
            String input = DatasetFill.text(item.get("input"));
            String expected = DatasetFill.text(item.get("expectedOutput"));
            if (input.length() + expected.length() + metadata.length() > DatasetRules.MAX_ITEM_BYTES) {
                errors.add(new FieldError(prefix + "input", "the item is larger than " + DatasetRules.MAX_ITEM_BYTES + " bytes of JSON"));
            }
            result.add(new DatasetService.NewItem(input, expected, metadata));
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalid(errors);
        }
        return result;
    }

    private static String metadata(JsonNode metadata, String field, List<FieldError> errors) {
        if (!metadata.isObject()) {
            errors.add(new FieldError(field, "must be a JSON object"));
            return "{}";
        }
        return DatasetFill.text(metadata);
    }

    /** The {@code version} query parameter: a whole number from 0; empty when absent. */
    public static Optional<Integer> version(Context ctx) {
        Optional<Double> version = QueryParams.number(ctx, "version");
        if (version.isPresent() && (version.get() < 0 || version.get() != Math.rint(version.get()) || version.get() > Integer.MAX_VALUE)) {
            throw ApiProblem.invalid("version", "a dataset version: 0, 1, 2, …");
        }
        return version.map(Double::intValue);
    }

    private static String json(FromQueue from) {
        return "{\"queueId\":\"" + from.queueId() + "\",\"status\":" + (from.status() == null ? "null"
                : from.status().stream().map(status -> "\"" + status + "\"").toList()) + "}";
    }
}
